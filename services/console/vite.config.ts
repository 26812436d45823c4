import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/** The registration form's modules, and the Mantine components only it (not the frame) uses on the first load. */
const FRONT_OFFICE_FORM = new RegExp(
  [
    String.raw`/src/pages/front-office/(Register|ComplaintForm|ui|model|FilePick\.module)\.`,
    String.raw`/src/components/ProblemAlert\.`,
    String.raw`/src/api/idempotency\.`,
    String.raw`/src/format\.`,
    String.raw`/@mantine/core/esm/components/(ActionIcon|Checkbox|CheckIcon|Combobox|Fieldset|FocusTrap|InlineInput|Input|InputBase|List|MultiSelect|Overlay|Pill|PillsInput|Popover|Portal|Radio|Select|SimpleGrid|TextInput|Textarea)/`,
    String.raw`/@mantine/core/esm/utils/(Floating|InlineInput|InputsGroupFieldset)/`,
    String.raw`/@mantine/core/esm/core/utils/(close-on-escape|create-event-handler|find-element-in-shadow-dom|get-base-value|get-env|get-ref-prop|get-single-element-child|is-element|noop)/`,
    String.raw`/@mantine/core/esm/core/(styles-api/use-resolved-styles-api|MantineProvider/color-functions/get-auto-contrast-value)/`,
    String.raw`/@mantine/hooks/esm/(use-click-outside|use-focus-return|use-focus-trap|use-long-press|use-previous)/`,
  ].join('|'),
);

/**
 * index.html, as built: the early entry (`src/early.ts`: the session's refresh and `/v1/me` sent at
 * once) as the first script, `async` (a deferred script would wait for the stylesheets), and `<link rel="modulepreload">` for the registration form's chunk, so
 * it downloads beside the entry instead of after it has run (a round trip less on a slow link).
 * Most desks' first pages use that chunk's components (selects, checkboxes) too, so it is seldom
 * fetched in vain.
 */
function firstLoad(): Plugin {
  return {
    name: 'slrt-first-load',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c) => c.type === 'chunk');
        const early = chunks.find((c) => c.isEntry && c.name === 'early');
        const form = chunks.find((c) => c.name === 'front-office-form');
        if (!early || !form) throw new Error('the early or front-office-form chunk is missing from the build');
        if (early.imports.length)
          throw new Error(`src/early.ts must import nothing at run time (${early.imports.join(', ')})`);
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: `/${early.fileName}` },
            injectTo: 'head-prepend',
          },
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${form.fileName}` },
            injectTo: 'head',
          },
          ...[...(form.viteMetadata?.importedCss ?? [])].map((file) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

// The console is built to static files that the gateway serves on its own origin (no CDN, no
// CORS): `dist/index.html` and content-hashed `dist/assets/*`. `npm run dev -w services/console`
// proxies the API to a gateway on :3000 for development.
export default defineConfig({
  plugins: [react(), firstLoad()],
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
    rolldownOptions: {
      // The page, and the early entry that index.html names first (see firstLoad()).
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        early: fileURLToPath(new URL('./src/early.ts', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: [
            {
              // The registration form (the front office's first load on a slow link) in one file:
              // split by the pages sharing them, its parts made 26 requests of ≈ 1 KB headers each,
              // queued six at a time over HTTP/1.1. Other pages load it for the components they share.
              name: 'front-office-form',
              test: FRONT_OFFICE_FORM,
              // Only these modules: what they import stays where the automatic split puts it.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/openapi.json', '/health'].map((p) => [p, 'http://127.0.0.1:3000'])),
  },
});
