// Builds the web app into web/dist (served by the Expedite server); `npm run dev` serves it with
// hot reload and forwards API calls to the server on PORT (8080).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    // The app imports pure code and types from ../src (classification, API schemas).
    fs: { allow: ['..'] },
    proxy: { '/api': api, '/healthz': api },
  },
});
