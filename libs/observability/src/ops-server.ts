import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ReadinessIndicator } from './health.module.js';
import type { Metrics } from './metrics.js';

/** What `/health/live` and the API port's `/health/live` answer: the status, nothing else. */
export const LIVE_BODY = { status: 'ok' } as const;

/**
 * The operations server of a service, apart from its API port: `GET /metrics` (Prometheus),
 * `GET /health/live` and `GET /health/ready`. Readiness names each dependency and whether it is
 * up; why one is down (addresses, error messages) goes to the log, never into the answer.
 * Not listening yet: `listen` it (runService binds `OPS_HOST:OPS_PORT`, loopback by default).
 */
export function createOpsServer({
  metrics,
  logger,
  readiness,
}: {
  metrics: Metrics;
  logger: Logger;
  readiness: () => ReadinessIndicator[];
}): FastifyInstance {
  const ops = Fastify({ logger: false });
  ops.get('/metrics', async (_req, reply) => {
    const { body, contentType } = await metrics.render();
    return reply.header('content-type', contentType).send(body);
  });
  ops.get('/health/live', async () => LIVE_BODY);
  ops.get('/health/ready', async (_req, reply) => {
    const checks: Record<string, 'up' | 'down'> = {};
    for (const indicator of readiness()) {
      let result: Record<string, { status?: string } & Record<string, unknown>>;
      try {
        result = await indicator.check();
      } catch (err) {
        result = {
          [indicator.constructor.name]: { status: 'down', message: err instanceof Error ? err.message : String(err) },
        };
      }
      for (const [name, detail] of Object.entries(result)) {
        checks[name] = detail.status === 'up' ? 'up' : 'down';
        if (checks[name] === 'down') logger.warn({ check: name, detail }, 'readiness check failed');
      }
    }
    const ok = Object.values(checks).every((s) => s === 'up');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks });
  });
  ops.setNotFoundHandler((_req, reply) => void reply.code(404).send({ status: 404 }));
  return ops;
}

/** Listens and answers the bound port (useful with port 0). */
export async function listenOps(ops: FastifyInstance, port: number, host: string): Promise<number> {
  await ops.listen({ port, host });
  const address = ops.server.address();
  return typeof address === 'object' && address ? address.port : port;
}
