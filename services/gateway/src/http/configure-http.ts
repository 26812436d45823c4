import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Logger } from '@slrt/observability';
import { isCitizenPage } from '../api/public-pages.html.js';
import type { GatewayEnv } from '../config/gateway.env.js';
import { registerEdgeInput } from './edge-input.js';
import { registerFileBodies } from './file-bodies.js';
import { registerSecurityHeaders } from './security-headers.js';
import { registerConsole, DEFAULT_CONSOLE_DIR } from './console.js';
import { buildOpenApiDocument } from './openapi.js';
import { ProblemFilter } from './problem.filter.js';
import { PROBLEM_CONTENT_TYPE, TITLES } from './problem.js';
import { gatewayValidationPipe } from './validation.js';

/**
 * Which rate-limit bucket a request counts against, from the route it matched (`/v1/%61uth/login`
 * matches `/v1/auth/login` and counts as a login), never from the raw URL the client spelled.
 */
function bucket(req: FastifyRequest): 'login' | 'public' | 'api' {
  const route = req.routeOptions.url ?? '';
  if (route.startsWith('/v1/auth/')) return 'login';
  if (route.startsWith('/v1/public/') || isCitizenPage(route)) return 'public';
  return 'api';
}

/**
 * The gateway's HTTP edge: security headers, CORS by configuration, rate limits (stricter on login
 * and public endpoints, per client address), raw bodies for attachments, problem+json errors,
 * validation in Bahasa Indonesia, and the OpenAPI document (`/openapi.json`, `/docs`).
 */
export async function configureGatewayHttp(
  app: NestFastifyApplication,
  logger: Logger,
  env: GatewayEnv,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // helmet's headers, computed once (security-headers.ts) instead of by @fastify/helmet per request.
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  const origins = env.CORS_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  await app.register(cors, {
    origin: origins.length ? origins : false,
    credentials: false,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (req) =>
      ({
        login: env.LOGIN_RATE_LIMIT_PER_MINUTE,
        public: env.PUBLIC_RATE_LIMIT_PER_MINUTE,
        api: env.RATE_LIMIT_PER_MINUTE,
      })[bucket(req)],
    // req.ip is the socket's address unless the peer is a proxy listed in TRUST_PROXY.
    keyGenerator: (req) => `${req.ip}:${bucket(req)}`,
    allowList: (req) => req.routeOptions.url === '/health/live',
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, ttl: ctx.ttl }),
  });
  registerFileBodies(fastify, env.BODY_LIMIT_BYTES);
  registerEdgeInput(app, env.BODY_LIMIT_BYTES);
  app.useGlobalFilters(new ProblemFilter(logger));
  app.useGlobalPipes(gatewayValidationPipe());

  serveOpenApi(fastify, () => buildOpenApiDocument(app));
  registerConsole(fastify, env.CONSOLE_DIR || DEFAULT_CONSOLE_DIR, env.SLRT_TIME_ZONE);
}

/**
 * `/openapi.json` and a Swagger UI at `/docs`, served from the installed `swagger-ui-dist` files
 * (no CDN: kab/kota servers may have no internet access). The document is built on the first
 * request for it, then kept: building it loads `@nestjs/swagger` (api-docs.ts), which a gateway
 * that nobody asks for its document never needs (~8 MB of idle memory, bench/README.md).
 */
function serveOpenApi(
  fastify: ReturnType<NestFastifyApplication['getHttpAdapter']>['getInstance'] extends () => infer F ? F : never,
  build: () => Promise<object>,
): void {
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets: Record<string, [file: string, type: string]> = {
    'swagger-ui.css': ['swagger-ui.css', 'text/css; charset=utf-8'],
    'swagger-ui-bundle.js': ['swagger-ui-bundle.js', 'application/javascript; charset=utf-8'],
  };
  let body: Promise<string> | undefined;
  fastify.get('/openapi.json', async (_req, reply) => {
    // A failed build is not kept: the next request tries again (and the failure answers 500 as any error).
    body ??= build().then(
      (document) => JSON.stringify(document),
      (err: unknown) => {
        body = undefined;
        throw err;
      },
    );
    return reply.header('content-type', 'application/json; charset=utf-8').send(await body);
  });
  fastify.get(
    '/docs',
    (_req, reply) =>
      void reply.header('content-type', 'text/html; charset=utf-8')
        .send(`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>SLRT API</title><link rel="stylesheet" href="/docs/swagger-ui.css"></head>
<body><div id="ui"></div><script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`),
  );
  fastify.get(
    '/docs/init.js',
    (_req, reply) =>
      void reply
        .header('content-type', 'application/javascript; charset=utf-8')
        .send(`window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui' });`),
  );
  fastify.get<{ Params: { asset: string } }>('/docs/:asset', (req, reply) => {
    // Own keys only: `/docs/__proto__` or `/docs/constructor` must not reach Object.prototype.
    const asset = Object.hasOwn(assets, req.params.asset) ? assets[req.params.asset] : undefined;
    if (!asset)
      return void reply
        .code(404)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(
          JSON.stringify({
            type: 'https://slrt.id/problems/route-not-found',
            title: TITLES[404],
            status: 404,
            code: 'ROUTE_NOT_FOUND',
            detail: 'Berkas tidak ada.',
          }),
        );
    return void reply
      .header('content-type', asset[1])
      .header('cache-control', 'public, max-age=86400')
      .send(readFileSync(join(dist, asset[0])));
  });
}
