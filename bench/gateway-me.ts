/**
 * An authenticated `getMe` through the gateway (JWT verified, session and role checked, the user
 * read from PostgreSQL, security headers, rate limiting, metrics) against two baselines in the same
 * run, same load generator, each server in its own process: bare fastify returning the same JSON
 * (the HTTP floor), and bare fastify returning it after one indexed `pg` select of the same user
 * row (the issue's baseline; the ratio and the goal are against it).
 *
 *   npm run bench -- bench/gateway-me.ts     (BENCH_CONNECTIONS=32, BENCH_SECONDS=5, BENCH_ROUNDS=1)
 *
 * With BENCH_ROUNDS > 1 the three targets alternate and each keeps its best round (outside load
 * on a shared machine only ever lowers a round).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import { startChildServer } from './lib/child.js';
import { startBenchGateway } from './lib/gateway.js';
import { formatTable, runLoad, type LoadResult } from './lib/http-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const GOAL = 0.5;
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
const barePg = await startChildServer('bench/servers/bare-me.ts', {
  BENCH_ME_BODY: me,
  BENCH_ME_USER_ID: (JSON.parse(me) as { id: string }).id,
  DATABASE_URL: schema.url,
  DATABASE_SCHEMA: schema.schema,
});

const opts = {
  concurrency: CONNECTIONS,
  durationMs: SECONDS * 1000,
  warmupMs: 2000,
  headers: { authorization: `Bearer ${accessToken}` },
};
/** CPU time (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}

type Measured = LoadResult & { cpuUsPerRequest: number };
const targets: Array<[name: string, url: string, pid: number | undefined]> = [
  ['bare fastify, same JSON (HTTP floor)', `http://127.0.0.1:${bare.port}/v1/me`, bare.process.pid],
  ['bare fastify + one indexed pg select (baseline)', `http://127.0.0.1:${barePg.port}/v1/me`, barePg.process.pid],
  ['gateway getMe (JWT, guard, PostgreSQL read)', `${url}/v1/me`, gw.child.process.pid],
];
const best = new Map<string, Measured>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, target, pid] of targets) {
    // The server's own CPU per request (its process only: PostgreSQL's share is not in it) moves
    // much less with outside load than req/s does.
    const cpu = { start: 0, end: 0 };
    const result = await runLoad({
      ...opts,
      url: target,
      onMeasure: (edge) => void (edge === 'start' ? (cpu.start = cpuSeconds(pid)) : (cpu.end = cpuSeconds(pid))),
    });
    const measured = { ...result, cpuUsPerRequest: ((cpu.end - cpu.start) * 1e6) / result.requests };
    if (!best.has(name) || measured.rps > best.get(name)!.rps) best.set(name, measured);
  }
}
const [floor, baseline, ours] = targets.map(([name]) => best.get(name)!) as [Measured, Measured, Measured];
const ratio = ours.rps / baseline.rps;
process.stdout.write(
  `\nGET /v1/me (authenticated), ${CONNECTIONS} connections, 2 s warm-up + ${SECONDS} s each${ROUNDS > 1 ? `, best of ${ROUNDS} alternating rounds` : ''}\n`,
);
// Ratios in the table are against the first row: the baseline.
process.stdout.write(
  `${formatTable([
    { name: targets[1]![0], result: baseline },
    { name: targets[0]![0], result: floor },
    { name: targets[2]![0], result: ours },
  ])}\n`,
);
process.stdout.write(
  `server CPU per request: ${targets.map(([name], i) => `${name.split(' (')[0]} ${[floor, baseline, ours][i]!.cpuUsPerRequest.toFixed(0)} µs`).join('; ')}\n`,
);
process.stdout.write(
  `ratio gateway / (fastify + pg select) ${ratio.toFixed(2)}x (goal ≥ ${GOAL}x: ${ratio >= GOAL ? 'met' : 'NOT met'}); gateway / HTTP floor ${(ours.rps / floor.rps).toFixed(2)}x\n`,
);
const json = JSON.stringify({
  bench: 'gateway-me',
  at: new Date().toISOString(),
  connections: CONNECTIONS,
  rounds: ROUNDS,
  floor,
  baseline,
  ours,
  ratio,
  ratioToFloor: ours.rps / floor.rps,
  goal: GOAL,
  goalMet: ratio >= GOAL,
});
process.stdout.write(`${json}\n`);
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/gateway-me.json', `${json}\n`);

await bare.stop();
await barePg.stop();
await gw.child.stop();
await nats.dispose();
await schema.drop();
process.exit(0);
