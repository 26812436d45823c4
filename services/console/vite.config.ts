import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// The console is built to static files that the gateway serves on its own origin (no CDN, no
// CORS): `dist/index.html` and content-hashed `dist/assets/*`. `npm run dev -w services/console`
// proxies the API to a gateway on :3000 for development.
export default defineConfig({
  plugins: [react()],
  base: '/',
  resolve: {
    // The generated API client is used from its TypeScript source (types and runtime in one place).
    alias: { '@slrt/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // No inline script: the gateway's CSP allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/openapi.json', '/health'].map((p) => [p, 'http://127.0.0.1:3000'])),
  },
});
