import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** In development the SPA runs on Vite's server and forwards API and socket traffic to the API (default port 3000). */
const apiTarget = `http://localhost:${process.env.API_PORT || 3000}`;

export default defineConfig({
  plugins: [react()],
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
