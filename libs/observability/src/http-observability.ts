import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { RequestContext } from './request-context.js';
import { childTraceparent, pooledUuidv7 } from './trace-context.js';
import type { Span, Tracing } from './tracing.js';

/** Request ids accepted from clients: short, printable, no spaces (anything else is replaced). */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,120}$/;
const QUIET = /^\/(health\/|metrics$)/;

function incomingId(req: FastifyRequest): string | undefined {
  for (const name of ['x-request-id', 'x-correlation-id']) {
    const value = req.headers[name];
    if (typeof value === 'string' && ACCEPTABLE_ID.test(value)) return value;
  }
  return undefined;
}

/**
 * Gives every HTTP request a correlation id (the client's `x-request-id` when acceptable, else a
 * UUIDv7), echoes it in the response, runs the request inside a RequestContext so logs and
 * outgoing NATS messages carry it, records a duration histogram by route and status, and logs one
 * line per request (debug for health and metrics, which are polled constantly). With `tracing`
 * enabled each request but health and metrics is a server span named `METHOD /route/template`,
 * child of the client's `traceparent`.
 */
export function registerHttpObservability(
  app: FastifyInstance,
  { logger, metrics, tracing }: { logger: Logger; metrics: Metrics; tracing?: Tracing },
): void {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const started = new WeakMap<FastifyRequest, bigint>();
  const spans = new WeakMap<FastifyRequest, Span>();

  app.addHook('onRequest', (req, reply, done) => {
    const correlationId = incomingId(req) ?? pooledUuidv7();
    started.set(req, process.hrtime.bigint());
    reply.header('x-request-id', correlationId);
    const parent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    let traceparent: string;
    if (tracing?.enabled && !QUIET.test(req.url)) {
      const route = req.routeOptions?.url ?? 'unmatched';
      const span = tracing.start(`${req.method} ${route}`, 'server', parent, {
        'http.request.method': req.method,
        'http.route': route,
        'slrt.request_id': correlationId,
      });
      spans.set(req, span);
      traceparent = span.traceparent;
    } else {
      traceparent = childTraceparent(parent);
    }
    RequestContext.run({ correlationId, traceparent }, done);
  });

  app.addHook('onResponse', (req, reply, done) => {
    const t0 = started.get(req);
    const seconds = t0 === undefined ? 0 : Number(process.hrtime.bigint() - t0) / 1e9;
    const route = req.routeOptions?.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, seconds);
    spans.get(req)?.end({
      error: reply.statusCode >= 500,
      attributes: { 'http.response.status_code': reply.statusCode },
    });
    const line = { method: req.method, route, status: reply.statusCode, ms: Math.round(seconds * 10000) / 10 };
    if (QUIET.test(req.url)) logger.debug(line, 'request');
    else logger.info(line, 'request');
    done();
  });
}
