import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defineConfig, createServer, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const API_CLIENT = fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url));

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

/**
 * The one inline script of a page with markup, run while the document is parsed, before the markup
 * can paint: a tab without a session (the sign-in page will come) or with a registration draft (the
 * application will show the draft's values, which the markup does not have) hides the markup, so
 * that nothing is typed into what is about to go. The keys come from the application's own
 * modules (`GUARD_KEYS`). The gateway allows the script by its hash.
 */
export function markupGuard(keys: { session: string; draft: string }): string {
  const key = (k: string) => JSON.stringify(k).replace(/</g, '\\u003c');
  return (
    `try{var s=sessionStorage;if(!s.getItem(${key(keys.session)})||s.getItem(${key(keys.draft)}))throw 0}` +
    "catch(e){document.documentElement.classList.add('slrt-app-first')}"
  );
}

/**
 * The built `index.html` made into the page of one address with its markup already in it: the
 * stylesheets `index.html` links inline (their links stay, `disabled`, so that nothing fetches
 * them again) and the application's scripts after the markup, so that the markup paints from the
 * document alone, before any other file has arrived, and the scripts' downloads do not compete with
 * the document's. The early entry stays first (it resumes the session); `markupGuard` decides
 * whether the markup shows at all. The application hides its root while the markup is there and removes the markup when it takes over (`src/prerender/takeover.ts`).
 */
export function prerenderedPage(
  index: string,
  markup: string,
  guard: string,
  readAsset: (path: string) => string,
): string {
  const styles: string[] = [];
  let page = index.replace('<html lang="id">', '<html lang="id" data-mantine-color-scheme="light">');
  page = page.replace(/<link rel="stylesheet" crossorigin href="(\/assets\/[^"]+\.css)">/g, (_link, href: string) => {
    styles.push(readAsset(href));
    return `<link rel="stylesheet" crossorigin href="${href}" disabled>`;
  });
  if (!styles.length) throw new Error('index.html links no stylesheet to inline');
  const scripts: string[] = [];
  page = page.replace(
    /\s*(<script type="module" crossorigin src="[^"]+"><\/script>|<link rel="modulepreload" crossorigin href="[^"]+">)/g,
    (_m, tag: string) => {
      scripts.push(tag);
      return '';
    },
  );
  // (Replacer functions: a `$` in the CSS or the markup is not a replacement pattern.)
  page = page.replace(
    '</title>',
    () =>
      `</title>\n    <style>${styles.join('\n')}\n` +
      `html:not(.slrt-app-first) #prerendered ~ #root,.slrt-app-first #prerendered{display:none}</style>\n` +
      `    <script>${guard}</script>`,
  );
  if (!page.includes('<div id="root"></div>')) throw new Error('index.html has no root element');
  // Until the application runs, a form in the markup does not submit (`method="dialog"` outside a
  // dialog does nothing: Enter would otherwise send the typed NIK to the server in the address),
  // and a file input is off (a chosen file could not be handed over).
  markup = markup.replace(/<form /g, '<form method="dialog" ').replace(/ type="file"/g, ' type="file" disabled=""');
  return page.replace(
    '<div id="root"></div>',
    () => `<div id="prerendered">${markup}</div>\n    <div id="root"></div>\n    ${scripts.join('\n    ')}`,
  );
}

/**
 * After the build: the registration form rendered in Node (`src/prerender/front-office.tsx`, loaded
 * through Vite's SSR module loader) into `dist/prerendered/keluhan/baru.html`, which the gateway
 * serves at that address. The front office's first page on a slow link then takes typing as soon as
 * the document has arrived (about 1 s on slow 3G), where the application needs its 180 KB of
 * JavaScript first.
 */
function prerender(): Plugin {
  let outDir = '';
  return {
    name: 'slrt-prerender',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    async closeBundle() {
      const server = await createServer({
        configFile: false,
        root: fileURLToPath(new URL('.', import.meta.url)),
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
        resolve: { alias: { '@slrt/api-client': API_CLIENT } },
      });
      try {
        const page = (await server.ssrLoadModule('/src/prerender/front-office.tsx')) as {
          render: () => string;
          PATH: string;
          GUARD_KEYS: { session: string; draft: string };
        };
        const file = join(outDir, 'prerendered', `${page.PATH}.html`);
        mkdirSync(dirname(file), { recursive: true });
        const index = readFileSync(join(outDir, 'index.html'), 'utf8');
        writeFileSync(
          file,
          prerenderedPage(index, page.render(), markupGuard(page.GUARD_KEYS), (href: string) =>
            readFileSync(join(outDir, href), 'utf8'),
          ),
        );
      } finally {
        await server.close();
      }
    },
  };
}

// The console is built to static files that the gateway serves on its own origin (no CDN, no
// CORS): `dist/index.html` and content-hashed `dist/assets/*`. `npm run dev -w services/console`
// proxies the API to a gateway on :3000 for development.
export default defineConfig({
  plugins: [react(), firstLoad(), prerender()],
  base: '/',
  resolve: {
    // The generated API client is used from its TypeScript source (types and runtime in one place).
    alias: { '@slrt/api-client': API_CLIENT },
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
