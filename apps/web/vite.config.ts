import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

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

/**
 * This build's identity: the offline copy of the data a build saved (src/lib/offline-query-cache.ts) is dropped by the
 * next one, whose idea of its shapes may differ.
 */
const appBuild = `${(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }).version}+${Date.now().toString(36)}`;

export default defineConfig({
  define: { __APP_BUILD__: JSON.stringify(appBuild) },
  plugins: [
    react(),
    emojibaseData(),
    // An installable app: the manifest, and our own service worker (src/sw) with the app shell's precache list
    // injected by Workbox. Registered by src/main.tsx in production builds only.
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'service-worker.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['favicon.svg', 'icons/apple-touch-icon-180.png'],
      manifest: {
        id: '/',
        name: 'Chat',
        short_name: 'Chat',
        description: 'A self-hosted real-time chat.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: '#5b5bd6',
        background_color: '#f6f7fb',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
        // Everything the app loads (the code-highlighting chunk included), not the source maps.
        globIgnores: ['**/*.map'],
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
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
