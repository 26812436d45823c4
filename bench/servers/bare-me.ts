/** Baseline for `bench/gateway-me.ts`: bare fastify answering `GET /v1/me` with the same JSON body. */
import Fastify from 'fastify';

const body = process.env.BENCH_ME_BODY ?? '{}';
const app = Fastify({ logger: false });
app.get('/v1/me', (_req, reply) => void reply.header('content-type', 'application/json; charset=utf-8').send(body));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`LISTENING ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
