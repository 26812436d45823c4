import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_CSP, readAsset, sendEncoded, type Asset, type OpenFiles } from './console.js';

/** Where the field app lives: its pages, assets, service worker and manifest. */
export const FIELD_APP_BASE = '/lapangan/';

/**
 * The service worker's own policy (a worker gets its CSP from its script's response): it may only
 * fetch this origin (the precached shell). It caches no API answer (see the console's
 * vite.field.config.ts): personal data stays in the app's encrypted IndexedDB only.
 */
export const FIELD_SW_CSP =
  "default-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
};

function readAll(dir: string, files: OpenFiles): Map<string, Asset> {
  const out = new Map<string, Asset>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) out.set(name, readAsset(dir, name, type, files));
  }
  return out;
}

/**
 * Serves the Fasilitator's field app (the console package's second build, `dist/lapangan/`) under
 * `/lapangan/`: its page with the console's CSP (worker-src and manifest-src 'self' already allow
 * the service worker and the manifest), content-hashed assets cached for a year, and the service
 * worker (`/lapangan/sw.js`, scope `/lapangan/`), manifest and icons revalidated on every load so an
 * update reaches the phones. Files are opened once at start (`files`, closed with the console's
 * and read on request); nothing else can be asked for.
 */
export function registerFieldApp(fastify: FastifyInstance, dir: string, meta: string, files: OpenFiles): void {
  const index = join(dir, 'index.html');
  const page: Asset | undefined = existsSync(index)
    ? {
        type: 'text/html; charset=utf-8',
        body: Buffer.from(readFileSync(index, 'utf8').replace('</head>', `  ${meta}\n  </head>`)),
      }
    : undefined;
  const assets = readAll(join(dir, 'assets'), files);
  const icons = readAll(join(dir, 'icons'), files);
  const root = readAll(dir, files); // sw.js, manifest.webmanifest

  const servePage = (req: FastifyRequest, reply: FastifyReply) => {
    if (!page)
      return void reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send(
          'Aplikasi lapangan belum dibangun. Jalankan `npm run build` (atau `npm start`) lalu muat ulang halaman ini.\n',
        );
    void reply
      .header('content-type', page.type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONSOLE_CSP)
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
    return sendEncoded(req, reply, page);
  };
  fastify.get('/lapangan', (_req, reply) => void reply.redirect(FIELD_APP_BASE, 308));
  fastify.get('/lapangan/', servePage);
  fastify.get('/lapangan/index.html', servePage);
  fastify.get('/lapangan/*', (req, reply) => {
    // Any other address under /lapangan/ a browser opens is a page of the app (the app routes itself).
    if (!String(req.headers.accept ?? '').includes('text/html')) return reply.callNotFound();
    return servePage(req, reply);
  });
  fastify.get<{ Params: { name: string } }>('/lapangan/assets/:name', (req, reply) => {
    const asset = assets.get(req.params.name);
    if (!asset) return reply.callNotFound();
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable');
    return sendEncoded(req, reply, asset);
  });
  fastify.get<{ Params: { name: string } }>('/lapangan/icons/:name', (req, reply) => {
    const asset = icons.get(req.params.name);
    if (!asset) return reply.callNotFound();
    void reply.header('content-type', asset.type).header('cache-control', 'no-cache');
    return sendEncoded(req, reply, asset);
  });
  for (const name of ['sw.js', 'manifest.webmanifest']) {
    fastify.get(`/lapangan/${name}`, (req, reply) => {
      const asset = root.get(name);
      if (!asset) return reply.callNotFound();
      void reply.header('content-type', asset.type).header('cache-control', 'no-cache');
      if (name === 'sw.js')
        void reply.header('content-security-policy', FIELD_SW_CSP).header('service-worker-allowed', FIELD_APP_BASE);
      return sendEncoded(req, reply, asset);
    });
  }
}
