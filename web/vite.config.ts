import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

// Built into web/dist and served by the Flowgate server at `/` (client-side routes fall back to
// index.html). The API lives on the same origin under /api/v1.
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    // `npx vite web` during development: proxy the API to a local Flowgate server.
    proxy: { '/api': 'http://127.0.0.1:7860', '/health': 'http://127.0.0.1:7860' },
  },
});
