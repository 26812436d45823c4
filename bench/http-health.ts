/**
 * Requests per second and latency of a real service's `GET /health/live` against bare fastify
 * serving the same JSON, in the same run, with the same closed-loop load generator.
 *
 * - baseline: `bench/servers/bare-fastify.ts`, fastify alone (no hooks, no Nest).
 * - ours: the registry service started by its own `main.ts` (createServiceApp: Nest on fastify,
 *   request-id/trace/metrics hooks, terminus, database and NATS connected; migrated by its
 *   `migrate.ts` on a test schema, private nats-server).
 *
 * Each server runs in its own child process, started one after the other, so it has a core of its
 * own while this process generates the load. Loopback only. Goal: ours ≥ 0.85× baseline req/s.
 * Figures only: a missed goal never fails the run.
 *
 *   npm run bench -- bench/http-health.ts     (BENCH_CONNECTIONS=32, BENCH_SECONDS=5, BENCH_WARMUP_SECONDS=2, BENCH_ROUNDS=1)
 */
import { provisionNats } from '@slrt/messaging';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTestSchema, startNatsServer, waitFor } from '@slrt/testing';
import { migrateService, startChildServer, startService, type ChildServer } from './lib/child.js';
import { formatTable, runLoad, type LoadResult } from './lib/http-load.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
const GOAL = 0.85;
const log = (m: string): void => void process.stderr.write(`[bench http-health] ${m}\n`);

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchhttp');
const serviceEnv = {
  DATABASE_URL: schema.url,
  DATABASE_SCHEMA: schema.schema,
  NATS_URL: nats.url,
  HTTP_HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
  NODE_ENV: 'production',
  // Production requires the deployment's secret for keyed identifier hashes: one for this run.
  SLRT_IDENTIFIER_HASH_KEY: randomBytes(32).toString('base64'),
};
await migrateService('registry', serviceEnv);

const rows: Array<{ name: string; result: LoadResult; serverCpu: number; cpuUsPerRequest: number }> = [];

/** CPU time (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN;
  }
}
const bodies = new Map<string, string>();
let server: ChildServer | null = null;

async function bench(name: string, start: () => Promise<ChildServer>, ready?: string): Promise<(typeof rows)[number]> {
  server = await start();
  const base = `http://127.0.0.1:${server.port}`;
  if (ready)
    await waitFor(async () => (await fetch(`${base}${ready}`).catch(() => null))?.ok, {
      timeoutMs: 30_000,
      message: `${name} ready`,
    });
  bodies.set(name, await (await fetch(`${base}/health/live`)).text());
  const pid = server.process.pid;
  const cpu = { start: 0, end: 0, t0: 0, t1: 0 };
  const result = await runLoad({
    url: `${base}/health/live`,
    concurrency: CONNECTIONS,
    durationMs: SECONDS * 1000,
    warmupMs: WARMUP_SECONDS * 1000,
    onMeasure: (edge) => {
      if (edge === 'start') [cpu.start, cpu.t0] = [cpuSeconds(pid), performance.now()];
      else [cpu.end, cpu.t1] = [cpuSeconds(pid), performance.now()];
    },
  });
  // Share of one core the server used while measured (~100%: the server was the bottleneck, less:
  // the load generator was), and its CPU time per request (what bounds a saturated server).
  const serverCpu = (cpu.end - cpu.start) / ((cpu.t1 - cpu.t0) / 1000);
  const cpuUsPerRequest = ((cpu.end - cpu.start) / result.requests) * 1e6;
  log(
    `${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ${result.errors} errors, server CPU ${(serverCpu * 100).toFixed(0)}%, ${cpuUsPerRequest.toFixed(1)} µs CPU/request`,
  );
  await server.stop();
  server = null;
  return { name, result, serverCpu, cpuUsPerRequest };
}

const targets: Array<[name: string, start: () => Promise<ChildServer>, ready?: string]> = [
  ['bare fastify (baseline)', () => startChildServer('bench/servers/bare-fastify.ts', { PORT: '0' })],
  ['ours: registry service (createServiceApp)', () => startService('registry', serviceEnv), '/health/live'],
];

try {
  // With BENCH_ROUNDS > 1 the targets alternate and each keeps its best round: noise from other
  // work on the machine only ever lowers a round's throughput.
  const best = new Map<string, (typeof rows)[number]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, start, ready] of targets) {
      const row = await bench(name, start, ready);
      if (!best.has(name) || row.result.rps > best.get(name)!.result.rps) best.set(name, row);
    }
  }
  rows.push(...targets.map(([name]) => best.get(name)!));
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await (server as ChildServer | null)?.stop().catch(() => undefined);
  await nats.dispose().catch(() => undefined);
  await schema.drop().catch(() => undefined);
}

if (rows.length === 2) {
  const [bare, ours] = [rows[0]!.result, rows[1]!.result];
  const ratio = ours.rps / bare.rps;
  process.stdout.write(
    `\nGET /health/live, ${CONNECTIONS} keep-alive connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each${ROUNDS > 1 ? `, best of ${ROUNDS} alternating rounds` : ''}, loopback\n${formatTable(rows)}\n`,
  );
  const cpuRatio = rows[0]!.cpuUsPerRequest / rows[1]!.cpuUsPerRequest;
  process.stdout.write(
    `server CPU while measured: ${rows.map((r) => `${r.name.split(' (')[0]} ${(r.serverCpu * 100).toFixed(0)}% of a core, ${r.cpuUsPerRequest.toFixed(1)} µs/request`).join('; ')}\n`,
  );
  process.stdout.write(
    `capacity ratio by CPU per request (bare/ours µs): ${cpuRatio.toFixed(2)}x — what the req/s ratio would be with both servers saturated\n`,
  );
  process.stdout.write(
    `ratio ours/bare ${ratio.toFixed(2)}x (goal ≥ ${GOAL}x: ${ratio >= GOAL ? 'met' : 'NOT met'}); same body: ${new Set(bodies.values()).size === 1 ? `yes, ${[...bodies.values()][0]}` : `NO: ${[...bodies.values()].join(' vs ')}`}\n`,
  );
  const json = JSON.stringify({
    bench: 'http-health',
    at: new Date().toISOString(),
    connections: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    rounds: ROUNDS,
    goal: GOAL,
    ratio,
    goalMet: ratio >= GOAL,
    cpuRatio,
    bare: { ...bare, serverCpu: rows[0]!.serverCpu, cpuUsPerRequest: rows[0]!.cpuUsPerRequest },
    ours: { ...ours, serverCpu: rows[1]!.serverCpu, cpuUsPerRequest: rows[1]!.cpuUsPerRequest },
  });
  try {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}http-health.json`, `${json}\n`);
  } catch {
    // results are printed anyway
  }
  process.stdout.write(`${json}\n`);
}
process.exit(process.exitCode ?? 0);
