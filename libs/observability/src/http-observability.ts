import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { RequestContext } from './request-context.js';
import { childTraceparent, pooledUuidv7 } from './trace-context.js';

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
 * line per request (debug for health and metrics, which are polled constantly).
 */
export function registerHttpObservability(
  app: FastifyInstance,
  { logger, metrics }: { logger: Logger; metrics: Metrics },
): void {
  const duration = metrics.histogram(
    'http_request_duration_seconds',
    'HTTP request duration',
    ['method', 'route', 'status'],
    [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  );
  const started = new WeakMap<FastifyRequest, bigint>();

  app.addHook('onRequest', (req, reply, done) => {
    const correlationId = incomingId(req) ?? pooledUuidv7();
    started.set(req, process.hrtime.bigint());
    reply.header('x-request-id', correlationId);
    const traceparent = childTraceparent(
      typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined,
    );
    RequestContext.run({ correlationId, traceparent }, done);
  });

  app.addHook('onResponse', (req, reply, done) => {
    const t0 = started.get(req);
    const seconds = t0 === undefined ? 0 : Number(process.hrtime.bigint() - t0) / 1e9;
    const route = req.routeOptions?.url ?? 'unmatched';
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, seconds);
    const line = { method: req.method, route, status: reply.statusCode, ms: Math.round(seconds * 10000) / 10 };
    if (QUIET.test(req.url)) logger.debug(line, 'request');
    else logger.info(line, 'request');
    done();
  });
}
