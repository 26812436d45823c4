/**
 * Baseline for `bench/http-health.ts`: bare fastify answering `GET /health/live` with the same
 * JSON body a service's API-port liveness answer has, and the same `x-request-id` echo.
 */
import Fastify from 'fastify';

const body = JSON.stringify({ status: 'ok' });
const app = Fastify({ logger: false });
app.get('/health/live', (req, reply) => {
  reply.header('content-type', 'application/json; charset=utf-8').header('x-request-id', req.id).send(body);
});
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
