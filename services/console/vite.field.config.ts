import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';

/**
 * The Fasilitator's field app ("Aplikasi lapangan"): a second, separate build of this package,
 * served by the gateway under `/lapangan/`. Separate so that its service worker (scope
 * `/lapangan/`) precaches only the field app's shell, never the office console, and the console
 * keeps working without any service worker at all.
 *
 * The service worker precaches the shell (HTML, JS, CSS, icons, manifest) and answers page
 * navigations under `/lapangan/` from it; it has NO runtime caching: API answers (`/v1/…`) always
 * go to the network, so no personal data ever lands in the Cache Storage. The app keeps its data
 * in IndexedDB, encrypted (src/field/store/vault.ts).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/field', import.meta.url)),
  base: '/lapangan/',
  publicDir: fileURLToPath(new URL('./src/field/public', import.meta.url)),
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: null, // registered by src/field/main.tsx (no inline script: the CSP allows none)
      filename: 'sw.js',
      scope: '/lapangan/',
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false, // the glob below precaches them already
      manifest: {
        id: '/lapangan/',
        name: 'SLRT Lapangan',
        short_name: 'SLRT Lapangan',
        description: 'Aplikasi Fasilitator SLRT: mencatat keluhan warga saat kunjungan, juga tanpa sinyal.',
        lang: 'id',
        start_url: '/lapangan/',
        scope: '/lapangan/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#ffffff',
        theme_color: '#1864ab',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'],
        navigateFallback: '/lapangan/index.html',
        navigateFallbackAllowlist: [/^\/lapangan(\/|$)/],
        navigateFallbackDenylist: [/^\/v1\//],
        runtimeCaching: [], // API answers are never cached by the service worker
        cleanupOutdatedCaches: true,
        inlineWorkboxRuntime: true, // one file, sw.js (no workbox-*.js beside it)
        sourcemap: false,
        cacheId: 'slrt-lapangan',
        mode: 'production', // minified, whatever NODE_ENV the build runs under (tests set it to test)
      },
    }),
  ],
  resolve: {
    alias: { '@slrt/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/lapangan', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/health'].map((p) => [p, 'http://127.0.0.1:3000'])),
  },
});
