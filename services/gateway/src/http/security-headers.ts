import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

type HelmetMiddleware = (req: object, res: object, next: (err?: unknown) => void) => void;
type Helmet = (options: object) => HelmetMiddleware;

/**
 * The headers helmet sets with these options, computed once. `@fastify/helmet` ran
 * `helmet(options)` on every request — building the middleware and parsing the CSP directives
 * anew — about 4 % of the gateway's CPU under `getMe` load (bench/gateway-me.ts with
 * BENCH_PROFILE, 2026-12-01). With static options (no nonces, no per-request directive functions)
 * the result is the same list of headers every time. helmet is the one `@fastify/helmet` depends
 * on (no dependency of its own).
 */
export function helmetHeaders(options: object): ReadonlyArray<readonly [name: string, value: string]> {
  // A function (e.g. a CSP directive computing a nonce per request) would be called once here and frozen.
  const hasFunction = (v: unknown): boolean =>
    typeof v === 'function' || (typeof v === 'object' && v !== null && Object.values(v).some(hasFunction));
  if (hasFunction(options))
    throw new Error('helmetHeaders: options with functions (per-request values) are not supported');
  const fromPlugin = createRequire(createRequire(import.meta.url).resolve('@fastify/helmet'));
  const helmet = fromPlugin('helmet') as Helmet;
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number | string[]) =>
      void headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value)),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  let failed: unknown;
  let done = false;
  helmet(options)({ headers: {} }, res, (err) => {
    failed = err;
    done = true;
  });
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  if (!done)
    throw new Error('helmet did not finish synchronously: options with per-request values are not supported here');
  return [...headers];
}

/**
 * Sets helmet's security headers on every response (the same as registering `@fastify/helmet`
 * globally with these options). A route may still override one of them (`reply.header`).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: object): void {
  const headers = helmetHeaders(options);
  fastify.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
