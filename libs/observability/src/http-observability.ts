import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';
import { LIVE_BODY } from './ops-server.js';
import { RequestContext, type ContextData } from './request-context.js';
import { childTraceparent, pooledUuidv7 } from './trace-context.js';
import type { Span, Tracing } from './tracing.js';

/** Request ids accepted from clients: short, printable, no spaces (anything else is replaced). */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,120}$/;
const QUIET = /^\/(health\/|metrics$)/;

function incomingId(req: FastifyRequest): string | undefined {
  const headers = req.headers;
  const requestId = headers['x-request-id'];
  if (typeof requestId === 'string' && ACCEPTABLE_ID.test(requestId)) return requestId;
  const correlationId = headers['x-correlation-id'];
  if (typeof correlationId === 'string' && ACCEPTABLE_ID.test(correlationId)) return correlationId;
  return undefined;
}

/**
 * The context of one HTTP request. Its `traceparent` (the client's trace, or a new one, and a
 * fresh span id) is made on first read: only work that publishes to NATS reads it, and most
 * requests publish nothing, so most never pay for its random ids. Once read it stays the same.
 */
class HttpRequestContext implements ContextData {
  #traceparent: string | undefined;
  constructor(
    public correlationId: string,
    private readonly incomingTraceparent: string | undefined,
  ) {}
  get traceparent(): string {
    return (this.#traceparent ??= childTraceparent(this.incomingTraceparent));
  }
  set traceparent(value: string) {
    this.#traceparent = value;
  }
}

/** When an observed request started (`performance.now()`), kept on the request itself. */
const STARTED = Symbol('slrt.http.started');
/** The request's span, when tracing is on. */
const SPAN = Symbol('slrt.http.span');
type Observed = FastifyRequest & { [STARTED]?: number; [SPAN]?: Span };

/** Route config of the routes answered without context, histogram and log line (liveness). */
export const UNOBSERVED_ROUTE = { slrtUnobserved: true } as const;

/**
 * Gives every HTTP request a correlation id (the client's `x-request-id` when acceptable, else a
 * UUIDv7), echoes it in the response, runs the request inside a RequestContext so logs and
 * outgoing NATS messages carry it, records a duration histogram by route and status, and logs one
 * line per request (debug for health and metrics, which are polled constantly). A route whose
 * config is {@link UNOBSERVED_ROUTE} (the API port's liveness probe, see
 * {@link registerLiveRoute}) gets only the echoed id: no context, histogram or log line. With
 * `tracing` enabled each other request but health and metrics is a server span named
 * `METHOD /route/template`, child of the client's `traceparent`.
 *
 * Per request this does no more than it must: the start time is a number on the request (no
 * side table), the trace ids are made only if read, and the log line is built only when its
 * level is enabled.
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

  app.addHook('onRequest', (req: Observed, reply, done) => {
    const correlationId = incomingId(req) ?? pooledUuidv7();
    reply.header('x-request-id', correlationId);
    if ((req.routeOptions.config as { slrtUnobserved?: boolean } | undefined)?.slrtUnobserved === true) return done();
    req[STARTED] = performance.now();
    const incoming = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const context = new HttpRequestContext(correlationId, incoming);
    if (tracing?.enabled && !QUIET.test(req.url)) {
      const route = req.routeOptions?.url ?? 'unmatched';
      const span = tracing.start(`${req.method} ${route}`, 'server', incoming, {
        'http.request.method': req.method,
        'http.route': route,
        'slrt.request_id': correlationId,
      });
      req[SPAN] = span;
      context.traceparent = span.traceparent;
    }
    RequestContext.run(context, done);
  });

  app.addHook('onResponse', (req: Observed, reply: FastifyReply, done) => {
    const t0 = req[STARTED];
    if (t0 === undefined) return done();
    const seconds = (performance.now() - t0) / 1000;
    const route = req.routeOptions?.url ?? 'unmatched';
    const status = reply.statusCode;
    duration.observe({ method: req.method, route, status: String(status) }, seconds);
    req[SPAN]?.end({ error: status >= 500, attributes: { 'http.response.status_code': status } });
    const level = QUIET.test(req.url) ? 'debug' : 'info';
    if (logger.isLevelEnabled(level))
      logger[level]({ method: req.method, route, status, ms: Math.round(seconds * 10000) / 10 }, 'request');
    done();
  });
}

const LIVE_JSON = JSON.stringify(LIVE_BODY);

/**
 * `GET /health/live` on an API port: `{"status":"ok"}` as a precomputed string, answered
 * synchronously and unobserved (load balancers poll it constantly; the request id is still
 * echoed). Register it after {@link registerHttpObservability}.
 */
export function registerLiveRoute(app: FastifyInstance): void {
  app.get('/health/live', { config: UNOBSERVED_ROUTE }, (_req, reply) => {
    reply.header('content-type', 'application/json; charset=utf-8').send(LIVE_JSON);
  });
}
