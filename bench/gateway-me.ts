/**
 * An authenticated `getMe` through the gateway (JWT verified, role checked, the user read from
 * PostgreSQL, security headers, rate limiting, metrics) against bare fastify returning the same
 * JSON, in the same run, same load generator; each server in its own process.
 *
 *   npm run bench -- bench/gateway-me.ts     (BENCH_CONNECTIONS=32, BENCH_SECONDS=5)
 */
import { provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import { startChildServer } from './lib/child.js';
import { startBenchGateway } from './lib/gateway.js';
import { formatTable, runLoad } from './lib/http-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchgw');
const gw = await startBenchGateway(schema, nats.url);
const url = gw.url;
const accessToken = await gw.login('demo.fo');
const me = await (await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).text();
const bare = await startChildServer('bench/servers/bare-me.ts', { BENCH_ME_BODY: me });

const opts = { concurrency: CONNECTIONS, durationMs: SECONDS * 1000, warmupMs: 2000, headers: { authorization: `Bearer ${accessToken}` } };
const baseline = await runLoad({ ...opts, url: `http://127.0.0.1:${bare.port}/v1/me` });
const ours = await runLoad({ ...opts, url: `${url}/v1/me` });
process.stdout.write(`\nGET /v1/me (authenticated), ${CONNECTIONS} connections, ${SECONDS} s each\n`);
process.stdout.write(`${formatTable([{ name: 'bare fastify, same JSON (baseline)', result: baseline }, { name: 'gateway getMe (JWT, guard, PostgreSQL read)', result: ours }])}\n`);
process.stdout.write(`${JSON.stringify({ bench: 'gateway-me', connections: CONNECTIONS, baseline, ours, ratio: ours.rps / baseline.rps })}\n`);

await bare.stop();
await gw.child.stop();
await nats.dispose();
await schema.drop();
process.exit(0);
