/**
 * An authenticated `getMe` through the gateway (JWT verified, role checked, the user read from
 * PostgreSQL, security headers, rate limiting, metrics) against bare fastify returning the same
 * JSON, in the same run, same load generator; each server in its own process.
 *
 *   npm run bench -- bench/gateway-me.ts     (BENCH_CONNECTIONS=32, BENCH_SECONDS=5)
 */
import { loadConfig } from '@slrt/config';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import { GatewayEnv } from '../services/gateway/src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../services/gateway/src/database/data-source.js';
import { startChildServer } from './lib/child.js';
import { formatTable, runLoad } from './lib/http-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const nats = await startNatsServer();
const schema = await createTestSchema('benchgw');
const env = {
  DATABASE_URL: schema.url,
  DATABASE_SCHEMA: schema.schema,
  NATS_URL: nats.url,
  HTTP_PORT: '0',
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
  SLRT_DEMO: '1',
  SLRT_DEMO_PASSWORD: 'bench-demo-password',
  RATE_LIMIT_PER_MINUTE: '100000000',
};
await runMigrations(gatewayDataSourceOptions(loadConfig('gateway', GatewayEnv, env)), 'up');
const gateway = await startChildServer('bench/servers/gateway.ts', env);
const url = `http://127.0.0.1:${gateway.port}`;
const login = await fetch(`${url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'demo.fo', password: 'bench-demo-password' }) });
const { accessToken } = (await login.json()) as { accessToken: string };
const me = await (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).text();
const bare = await startChildServer('bench/servers/bare-me.ts', { BENCH_ME_BODY: me });

const opts = { concurrency: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: 2000, headers: { authorization: `Bearer ${accessToken}` } };
const baseline = await runLoad({ ...opts, url: `http://127.0.0.1:${bare.port}/v1/me` });
const ours = await runLoad({ ...opts, url: `${url}/v1/me` });
process.stdout.write(`\nGET /v1/me (authenticated), ${CONNECTIONS} connections, ${SECONDS} s each\n`);
process.stdout.write(`${formatTable([{ name: 'bare fastify, same JSON (baseline)', result: baseline }, { name: 'gateway getMe (JWT, guard, PostgreSQL read)', result: ours }])}\n`);
process.stdout.write(`${JSON.stringify({ bench: 'gateway-me', connections: CONNECTIONS, baseline, ours, ratio: ours.rps / baseline.rps })}\n`);

await bare.stop();
await gateway.stop();
await nats.dispose();
await schema.drop();
process.exit(0);
