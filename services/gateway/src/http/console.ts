import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, read, readFileSync, readdirSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_PARAM_LENGTH } from './edge-input.js';
import { toProblem } from './problem.filter.js';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';
import { registerFieldApp } from './field-app.js';

/** Where `npm run build -w services/console` puts the console (same depth from src/ and dist/). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../console/dist', import.meta.url));

/**
 * The console's policy: scripts only from this origin (no inline script, no eval, no CDN), data
 * only from this origin's API. Styles allow inline because the component library sets CSS
 * variables in a `<style>` element and `style` attributes; scripts, the injection vector, do not.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The console's policy for a page the build wrote with markup in it: its own inline scripts (the
 * build's guard that hides the markup when it is not wanted) allowed by their hashes, nothing else.
 */
export function cspWithInlineScripts(html: string): string {
  const hashes = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map(
    (m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`,
  );
  return CONSOLE_CSP.replace("script-src 'self'", ["script-src 'self'", ...hashes].join(' '));
}

/** Paths that belong to the API and other gateway pages: never answered with the console. */
const NOT_CONSOLE = /^\/(v1|health|metrics|docs|openapi\.json|asyncapi\.json|status|verifikasi)(\/|$)/;

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A file the gateway serves: its bytes in memory (a page it rewrote at start), or an open file
 * descriptor it reads them from on each request. The console's and the field app's built files
 * (3.6 MB with their precompressed siblings) stay on disk instead of in every gateway's memory
 * (bench/README.md, startup.ts, fourth pass); they are opened once at start, so a rebuild that
 * replaces the files while the gateway runs does not change what it serves (the old index.html
 * and the old assets it names), as when they were read at start.
 */
export type Bytes = Buffer | { fd: number; size: number };

export interface Asset {
  type: string;
  body: Bytes;
  br?: Bytes;
  gzip?: Bytes;
}

const readAt = promisify(read);

/** The bytes of `b` (read from its descriptor when it is on disk). */
async function bytesOf(b: Bytes): Promise<Buffer> {
  if (Buffer.isBuffer(b)) return b;
  const out = Buffer.allocUnsafe(b.size);
  let done = 0;
  while (done < b.size) {
    const { bytesRead } = await readAt(b.fd, out, done, b.size - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === b.size ? out : out.subarray(0, done);
}

const sizeOf = (b: Bytes): number => (Buffer.isBuffer(b) ? b.length : b.size);

/**
 * The descriptors of the files {@link readAsset} opened for one gateway: closed with it
 * (`fastify.addHook('onClose', …)`), so a test that starts many gateways leaks none.
 */
export class OpenFiles {
  private readonly fds: number[] = [];

  open(path: string): Bytes {
    const fd = openSync(path, 'r');
    this.fds.push(fd);
    return { fd, size: fstatSync(fd).size };
  }

  closeAll(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
  }
}

/**
 * A built file and its precompressed siblings (`name.br`, `name.gz`, written by the console's build
 * at the highest levels: brotli 11 is too slow to run per request), else compressed on first request.
 */
export function readAsset(dir: string, name: string, type: string, files: OpenFiles): Asset {
  const path = join(dir, name);
  const asset: Asset = { type, body: files.open(path) };
  if (existsSync(`${path}.br`)) asset.br = files.open(`${path}.br`);
  if (existsSync(`${path}.gz`)) asset.gzip = files.open(`${path}.gz`);
  return asset;
}

/** The body in the best encoding the client accepts (compressed once, on first request, then kept). */
export async function sendEncoded(req: FastifyRequest, reply: FastifyReply, asset: Asset): Promise<FastifyReply> {
  const accept = String(req.headers['accept-encoding'] ?? '');
  void reply.header('vary', 'accept-encoding');
  const size = sizeOf(asset.body);
  if (size > 1024 && /\bbr\b/.test(accept)) {
    asset.br ??= brotliCompressSync(await bytesOf(asset.body), {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: size },
    });
    return reply.header('content-encoding', 'br').send(await bytesOf(asset.br));
  }
  if (size > 1024 && /\bgzip\b/.test(accept)) {
    asset.gzip ??= gzipSync(await bytesOf(asset.body), { level: 9 });
    return reply.header('content-encoding', 'gzip').send(await bytesOf(asset.gzip));
  }
  return reply.send(await bytesOf(asset.body));
}

/**
 * Serves the web console built to static files: `/assets/*` (content-hashed, cached for a year,
 * brotli/gzip) and `index.html` for every other page address a browser opens (`/kasus/…`), with
 * the console's strict CSP. The set of files is read once at start: nothing outside it can be
 * asked for (the files are opened at start and read on request: {@link Bytes}). Without a build
 * the console's addresses answer 503 with how to build it.
 */
export function registerConsole(fastify: FastifyInstance, dir: string, timeZone: string): void {
  const index = join(dir, 'index.html');
  const built = existsSync(index);
  const files = new OpenFiles();
  fastify.addHook('onClose', (_instance, done) => {
    files.closeAll();
    done();
  });
  const assets = new Map<string, Asset>();
  if (built && existsSync(join(dir, 'assets'))) {
    for (const name of readdirSync(join(dir, 'assets'))) {
      const type = TYPES[extname(name)];
      if (type) assets.set(name, readAsset(join(dir, 'assets'), name, type, files));
    }
  }
  const meta = `<meta name="slrt-time-zone" content="${timeZone.replace(/[^A-Za-z0-9_/+-]/g, '')}" />`;
  const htmlPage = (file: string): Asset & { body: Buffer } => ({
    type: 'text/html; charset=utf-8',
    body: Buffer.from(readFileSync(file, 'utf8').replace('</head>', `  ${meta}\n  </head>`)),
  });
  const page: Asset | undefined = built ? htmlPage(index) : undefined;
  // Pages whose markup the build rendered in (`dist/prerendered/keluhan/baru.html` for
  // `/keluhan/baru`): they paint before the application's scripts arrive (the registration form
  // on a slow link); every other address gets `index.html`.
  const prerendered = new Map<string, Asset & { csp: string }>();
  const prerenderedDir = join(dir, 'prerendered');
  if (built && existsSync(prerenderedDir)) {
    for (const name of readdirSync(prerenderedDir, { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.html')) continue;
      const asset = htmlPage(join(prerenderedDir, name));
      prerendered.set(`/${name.slice(0, -'.html'.length).split(sep).join('/')}`, {
        ...asset,
        csp: cspWithInlineScripts(asset.body.toString('utf8')),
      });
    }
  }

  fastify.get<{ Params: { name: string } }>('/assets/:name', (req, reply) => {
    const asset = assets.get(req.params.name); // a Map: `__proto__` and friends are just missing keys
    if (!asset) return reply.callNotFound();
    void reply.header('content-type', asset.type).header('cache-control', 'public, max-age=31536000, immutable');
    return sendEncoded(req, reply, asset);
  });

  const serveIndex = (req: FastifyRequest, reply: FastifyReply) => {
    // Not a page of the console (the API, an asset, a client asking for JSON): the gateway's own
    // not-found handling, exactly as without the console (414 for an over-long id, 404 otherwise).
    // The wildcard would otherwise swallow what the router refuses as too long (414).
    if (
      req.url
        .split('?')[0]!
        .split('/')
        .some((segment) => segment.length > MAX_PARAM_LENGTH)
    ) {
      return void reply
        .code(414)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify(
            toProblem(new ProblemError(414, 'URI_TOO_LONG', 'Alamat permintaan terlalu panjang.'), undefined),
          ),
        );
    }
    const accept = String(req.headers.accept ?? '');
    if (
      NOT_CONSOLE.test(req.url) ||
      req.url.startsWith('/assets/') ||
      (req.url !== '/' && !accept.includes('text/html'))
    )
      return reply.callNotFound();
    if (!page) {
      return void reply
        .code(503)
        .header('content-type', 'text/plain; charset=utf-8')
        .send('Konsol belum dibangun. Jalankan `npm run build` (atau `npm start`) lalu muat ulang halaman ini.\n');
    }
    const served = prerendered.get(req.url.split('?')[0]!);
    void reply
      .header('content-type', page.type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', served?.csp ?? CONSOLE_CSP)
      .header('referrer-policy', 'no-referrer')
      .header('x-frame-options', 'DENY');
    return sendEncoded(req, reply, served ?? page);
  };
  fastify.get('/', serveIndex);
  fastify.get('/*', serveIndex);
  // The Fasilitator's field app, built beside the console (dist/lapangan/).
  registerFieldApp(fastify, join(dir, 'lapangan'), meta, files);
}
