/**
 * Person lookup by NIK through the gateway (`POST /v1/registry/persons/search`: JWT, role guard,
 * NATS request/reply to the registry, one SQL statement reading the person and household and
 * writing the audit row, masking, validation of request and reply on both sides) against a raw
 * `pg` indexed select of the same NIK on the same table, in the same run. Also the registry's RPC
 * alone (no HTTP) and the gateway's HTTP floor (`/health/live` with the same client), to show where
 * the time goes. Goal: p99 ≤ 5 ms through the gateway with ≥ 1M
 * people loaded. Figures only: a missed goal never fails the run.
 *
 *   npm run bench -- bench/registry-lookup.ts   (BENCH_ROWS=200000, BENCH_LOOKUPS=2000, BENCH_CONCURRENCY=8)
 *
 * The registry and the gateway run each in its own process, started through their public entry
 * points as `npm start` and every deployment run them (three event loops on two cores: client,
 * gateway, registry).
 * Sequential requests measure latency, the concurrent run throughput.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import pg from 'pg';
import { loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { createMessagingTables, createServiceApp, RpcClient, provisionNats } from '@slrt/messaging';
import { BaseServiceEnv } from '@slrt/config';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import { writeSyntheticRegistry } from './generate-registry.js';
import { migrateService, startService } from './lib/child.js';
import { startBenchGateway } from './lib/gateway.js';
import { importSnapshot, sampleNiksFromFile } from './lib/registry.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 300;
const file = resolve(`.data/bench/registry-${ROWS}.csv`);
mkdirSync(dirname(file), { recursive: true });
if (!existsSync(file)) await writeSyntheticRegistry(file, { rows: ROWS, seed: 1 });

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const xs = [...samples].sort((a, b) => a - b);
  const at = (p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  return { n: xs.length, p50: at(50), p95: at(95), p99: at(99), max: xs[xs.length - 1]! };
}
const ms = (x: number) => `${x.toFixed(2)} ms`.padStart(9);
const row = (name: string, s: Stats) =>
  `  ${name.padEnd(56)} p50 ${ms(s.p50)}  p95 ${ms(s.p95)}  p99 ${ms(s.p99)}  max ${ms(s.max)}`;

/**
 * CPU time of a process's main thread (its JavaScript, and the system calls it makes), in ms:
 * the first field of `/proc/<pid>/schedstat` (ns on CPU; the thread group leader only, so not
 * V8's GC helper threads nor libuv's pool). Unlike a latency, it hardly moves with the machine's
 * load. NaN where there is no /proc.
 */
function mainThreadCpuMs(pid: number | undefined): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

async function timed(items: readonly string[], fn: (nik: string) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (const nik of items) {
    const t = performance.now();
    await fn(nik);
    out.push(performance.now() - t);
  }
  return out;
}

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const registrySchema = await createTestSchema('benchlk');
const gatewaySchema = await createTestSchema('benchlkgw');
try {
  const registryEnvVars = {
    DATABASE_URL: registrySchema.url,
    DATABASE_SCHEMA: registrySchema.schema,
    NATS_URL: nats.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    REGISTRY_IMPORT_DIR: dirname(file),
  };
  // The registry and the gateway each in its own process, through their public entry points
  // (migrate.ts, main.ts); this process is the client.
  await migrateService('registry', registryEnvVars);
  const registryChild = await startService('registry', registryEnvVars);
  // An RPC client of its own (a bare service app on a scratch schema) for the import and the NATS-only path.
  const clientSchema = await createTestSchema('benchlkcl');
  const clientDb = new pg.Client({ connectionString: clientSchema.url });
  await clientDb.connect();
  await createMessagingTables({ query: (sql: string) => clientDb.query(sql) } as never, clientSchema.schema);
  await clientDb.end();
  const client = (
    await createServiceApp({
      service: 'gateway',
      env: loadConfig('gateway', BaseServiceEnv, {
        DATABASE_URL: clientSchema.url,
        DATABASE_SCHEMA: clientSchema.schema,
        NATS_URL: nats.url,
        LOG_LEVEL: 'warn',
      }),
      imports: [],
    })
  ).app;
  const rpcClient = client.get(RpcClient);
  const importStart = performance.now();
  const done = await importSnapshot(rpcClient, basename(file));
  const importSeconds = (performance.now() - importStart) / 1000;
  const gateway = await startBenchGateway(gatewaySchema, nats.url);
  const url = gateway.url;

  const bo = { kind: 'user', id: 'bench-bo', roles: ['BO'], regionScope: ['62.71'] } as Actor;
  const db = new pg.Client({
    connectionString: registrySchema.url,
    options: `-c search_path=${registrySchema.schema}`,
  });
  await db.connect();
  // Sampled from the file, independently of the pages PostgreSQL has read (see sampleNiksFromFile).
  const niks = await sampleNiksFromFile(file, LOOKUPS + WARMUP);
  const warm = niks.slice(0, WARMUP);
  const sample = niks.slice(WARMUP);
  const viaPg = (nik: string) =>
    db.query({
      name: 'bench-raw-nik',
      text: `SELECT household_id, name, desil, flags, data_period FROM member_current WHERE nik = $1 LIMIT 1`,
      values: [nik],
    });
  // Reference, not the goal's baseline: the same select with an audit row written by the same
  // statement and committed, as the registry's lookup does (a lookup of personal data is audited
  // durably): the commit's WAL flush is part of every audited lookup.
  const viaPgAudited = (nik: string) =>
    db.query({
      name: 'bench-raw-nik-audited',
      text: `WITH a AS (INSERT INTO lookup_audit (actor_id, actor_role, lookup_by, purpose, reference, nik_hmac, revealed, result_count, found)
                       VALUES ('bench-raw', 'BO', 'nik', 'service', 'bench-raw', md5($1), false, 1, true))
             SELECT household_id, name, desil, flags, data_period FROM member_current WHERE nik = $1 LIMIT 1`,
      values: [nik],
    });

  // Back office: kab/kota scope, so every sampled person is within it.
  const accessToken = await gateway.login('demo.bo');
  const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };

  const viaHttp = async (nik: string) => {
    const res = await fetch(`${url}/v1/registry/persons/search`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ by: 'nik', nik, purpose: { kind: 'service', reference: 'bench' } }),
    });
    const body = (await res.json()) as { matches: unknown[] };
    if (res.status !== 200 || body.matches.length !== 1)
      throw new Error(`lookupPerson answered ${res.status} with ${body.matches?.length} matches`);
  };
  const viaRpc = (nik: string) =>
    rpcClient.request(
      'slrt.rpc.registry.lookup-person.v1',
      { by: 'nik', nik, purpose: { kind: 'service', reference: 'bench' } },
      { actor: bo },
    );
  // The HTTP floor with the same client: the gateway's liveness route (no auth, no NATS, no SQL).
  const viaHealth = async (_nik: string) => (await fetch(`${url}/health/live`)).text();

  // Warm every path (JIT, prepared statements on each pooled connection, caches).
  for (const fn of [viaPg, viaPgAudited, viaRpc, viaHealth, viaHttp]) await timed(warm, fn);

  // Interleaved in rounds so that a hiccup of the machine hits every path alike.
  const rawTimes: number[] = [];
  const auditedTimes: number[] = [];
  const rpcTimes: number[] = [];
  const healthTimes: number[] = [];
  const httpTimes: number[] = [];
  // CPU of the registry's and the gateway's main threads spent while each path ran, in ms.
  const servers = { registry: registryChild.process.pid, gateway: gateway.child.process.pid };
  const cpu = { rpc: { registry: 0, gateway: 0 }, http: { registry: 0, gateway: 0 } };
  const cpuDuring = async (into: { registry: number; gateway: number }, run: () => Promise<number[]>) => {
    const r0 = mainThreadCpuMs(servers.registry);
    const g0 = mainThreadCpuMs(servers.gateway);
    const times = await run();
    into.registry += mainThreadCpuMs(servers.registry) - r0;
    into.gateway += mainThreadCpuMs(servers.gateway) - g0;
    return times;
  };
  for (let i = 0; i < sample.length; i += 100) {
    const chunk = sample.slice(i, i + 100);
    rawTimes.push(...(await timed(chunk, viaPg)));
    auditedTimes.push(...(await timed(chunk, viaPgAudited)));
    rpcTimes.push(...(await cpuDuring(cpu.rpc, () => timed(chunk, viaRpc))));
    healthTimes.push(...(await timed(chunk, viaHealth)));
    httpTimes.push(...(await cpuDuring(cpu.http, () => timed(chunk, viaHttp))));
  }
  const perLookup = (ms: number) => (ms / sample.length) * 1000;
  const cpuPerLookup = {
    rpc: { registryUs: perLookup(cpu.rpc.registry) },
    http: { registryUs: perLookup(cpu.http.registry), gatewayUs: perLookup(cpu.http.gateway) },
  };

  // Concurrent: CONCURRENCY callers, each sequential, sharing the sample.
  const concurrent: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < sample.length) {
        const nik = sample[next++]!;
        const t = performance.now();
        await viaHttp(nik);
        concurrent.push(performance.now() - t);
      }
    }),
  );
  const concurrentSeconds = (performance.now() - started) / 1000;
  const audited = (await db.query(`SELECT count(*)::int AS n FROM lookup_audit WHERE reference = 'bench'`)).rows[0]
    .n as number;
  await db.end();
  await client.close();
  await gateway.child.stop();
  await registryChild.stop();
  await clientSchema.drop();

  const raw = stats(rawTimes);
  const rawAudited = stats(auditedTimes);
  const healthStats = stats(healthTimes);
  const viaRpcStats = stats(rpcTimes);
  const viaHttpStats = stats(httpTimes);
  const conc = stats(concurrent);
  const lines = [
    `registry lookup by NIK, ${ROWS} people loaded (import ${importSeconds.toFixed(1)} s, ${done.rowsAccepted} accepted), ${sample.length} lookups per path, sequential, interleaved`,
    row('raw pg indexed select on member_current (baseline)', raw),
    row('raw pg: same select + audit row, committed (reference)', rawAudited),
    row('lookup-person over NATS (RPC: + envelope, validation)', viaRpcStats),
    row('gateway GET /health/live (HTTP floor, same client)', healthStats),
    row('POST /v1/registry/persons/search (gateway, HTTP)', viaHttpStats),
    `  ratio gateway/raw: p50 ${(viaHttpStats.p50 / raw.p50).toFixed(1)}×  p99 ${(viaHttpStats.p99 / raw.p99).toFixed(1)}×   goal: gateway p99 ≤ 5 ms → ${viaHttpStats.p99 <= 5 ? 'met' : 'MISSED'}`,
    `  main-thread CPU per lookup: registry ${cpuPerLookup.rpc.registryUs.toFixed(0)} µs (RPC path), ${cpuPerLookup.http.registryUs.toFixed(0)} µs (gateway path); gateway ${cpuPerLookup.http.gatewayUs.toFixed(0)} µs`,
    row(`gateway, ${CONCURRENCY} concurrent callers`, conc),
    `  throughput ${Math.round(sample.length / concurrentSeconds)} lookups/s; audit rows written: ${audited}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'registry-lookup', rows: ROWS, lookups: sample.length, raw, rawAudited, rpc: viaRpcStats, httpFloor: healthStats, http: viaHttpStats, cpuPerLookup, concurrent: { ...conc, concurrency: CONCURRENCY, rps: sample.length / concurrentSeconds } })}\n`,
  );
} finally {
  await nats.dispose();
  await registrySchema.drop();
  await gatewaySchema.drop();
}
process.exit(0);
