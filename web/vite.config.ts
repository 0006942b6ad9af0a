// Builds the web app into web/dist (served by the Expedite server); `npm run dev` serves it with
// hot reload and forwards API calls to the server on PORT (8080).
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { defineConfig } from 'vite';
import { recordInputs } from '../scripts/web-inputs.ts';

const api = `http://127.0.0.1:${process.env.PORT ?? 8080}`;

export default defineConfig({
  root: import.meta.dirname,
  // recordInputs notes the files the bundle is made of, so that a change to any of them rebuilds it.
  plugins: [react(), recordInputs(path.resolve(import.meta.dirname, '..'))],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    // The app imports pure code and types from ../src (classification, API schemas).
    fs: { allow: ['..'] },
    proxy: { '/api': api, '/healthz': api },
  },
});
