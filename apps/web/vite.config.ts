import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** In development the SPA runs on Vite's server and forwards API and socket traffic to the API (default port 3000). */
const apiTarget = `http://localhost:${process.env.API_PORT || 3000}`;

/** The Emojibase files the emoji picker (frimousse) reads, served from the app itself: never from a CDN. */
const EMOJIBASE_FILES = ['en/data.json', 'en/messages.json'];
const require = createRequire(import.meta.url);

function emojibaseData(): Plugin {
  const read = (file: string) => readFileSync(require.resolve(`emojibase-data/${file}`));
  return {
    name: 'chat:emojibase-data',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const file = EMOJIBASE_FILES.find((f) => req.url === `/emojibase/${f}`);
        if (!file) return next();
        res.setHeader('Content-Type', 'application/json');
        res.end(read(file));
      });
    },
    generateBundle() {
      for (const file of EMOJIBASE_FILES) this.emitFile({ type: 'asset', fileName: `emojibase/${file}`, source: read(file) });
    },
  };
}

export default defineConfig({
  plugins: [react(), emojibaseData()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
