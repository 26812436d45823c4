/**
 * Snapshot import through the registry service (RPC `import-snapshot`: sha256, row validation,
 * COPY into its own table, index build, atomic swap) against `psql \copy` of the same file into a
 * staging table plus the same indexes (read back from the table the import made, built side by
 * side as the import builds them), in the same run, after the import. Then NIK lookup latency through the
 * RPC path (NATS request/reply, audit insert) against a raw `pg` indexed select.
 * Goals: import ≥ 0.7× psql, peak RSS ≤ 300 MB. Figures only: a missed goal never fails the run.
 *
 *   npm run bench -- bench/registry-import.ts     (BENCH_ROWS=200000, BENCH_LOOKUPS=2000)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { createMessagingTables, createServiceApp, RpcClient, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer } from '@slrt/testing';
import { migrateService, startService } from './lib/child.js';
import { writeSyntheticRegistry } from './generate-registry.js';
import { importSnapshot, sampleNiksFromFile } from './lib/registry.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 2_000);
const file = resolve(`.data/bench/registry-${ROWS}.csv`);
mkdirSync(dirname(file), { recursive: true });
if (!existsSync(file)) await writeSyntheticRegistry(file, { rows: ROWS, seed: 1 });

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchreg');
const raw = await createTestSchema('benchregraw');
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const pct = (xs: number[], p: number) =>
  xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

try {
  // The registry through its public entry points (migrate.ts, main.ts), in its own process.
  const registryEnv = {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: nats.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    REGISTRY_IMPORT_DIR: dirname(file),
  };
  await migrateService('registry', registryEnv);
  const registry = await startService('registry', registryEnv);
  const rssOf = (field: 'VmRSS' | 'VmHWM') =>
    Number(
      new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${registry.process.pid}/status`, 'utf8'))?.[1] ?? 0,
    ) * 1024;
  // This process asks as the gateway would, from a bare service app on a scratch schema.
  const clientSchema = await createTestSchema('benchregcl');
  const clientDb = new pg.Client({ connectionString: clientSchema.url });
  await clientDb.connect();
  await createMessagingTables({ query: (sql: string) => clientDb.query(sql) } as never, clientSchema.schema);
  await clientDb.end();
  const { app } = await createServiceApp({
    service: 'gateway',
    env: loadConfig('gateway', BaseServiceEnv, {
      DATABASE_URL: clientSchema.url,
      DATABASE_SCHEMA: clientSchema.schema,
      NATS_URL: nats.url,
      LOG_LEVEL: 'warn',
    }),
    imports: [],
  });
  const rpc = app.get(RpcClient);
  const rssBefore = rssOf('VmRSS');
  const ourStart = performance.now();
  const done = await importSnapshot(rpc, basename(file));
  const ourSeconds = (performance.now() - ourStart) / 1000;
  const rss = rssOf('VmHWM');

  // Baseline: psql \copy into a staging table (text columns named as the member table's), then
  // the indexes the import built (read back from pg_indexes of the snapshot table it made
  // current), built side by side, one session each, as the import builds them.
  const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
  await db.connect();
  const [{ table_name: table }] = (await db.query(`SELECT table_name FROM current_snapshot`)).rows;
  const indexDefs: string[] = (
    await db.query(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 AND indexname NOT LIKE '%_pkey' ORDER BY indexname`,
      [schema.schema, table],
    )
  ).rows.map((r) => r.indexdef as string);
  if (indexDefs.length === 0) throw new Error('the import built no index: nothing to compare the baseline with');
  const onStaging = indexDefs.map((d) =>
    d.replace(
      /^CREATE (UNIQUE )?INDEX \S+ ON \S+/,
      (_m, unique: string | undefined) => `CREATE ${unique ?? ''}INDEX ON ${raw.schema}.staging`,
    ),
  );
  const cols =
    'nik text, no_kk text, name text, birth_date text, sex text, relationship text, address text, desa_code text, desil text, pkh text, bpnt text, pbi text, kip text';
  const psqlStart = performance.now();
  execFileSync('psql', [
    schema.url,
    '-q',
    '-v',
    'ON_ERROR_STOP=1',
    '-c',
    `SET search_path = ${raw.schema}`,
    '-c',
    `CREATE TABLE staging (${cols})`,
    '-c',
    `\\copy ${raw.schema}.staging FROM '${file}' WITH (FORMAT csv, HEADER true)`,
  ]);
  await Promise.all(
    onStaging.map(async (statement) => {
      const session = new pg.Client({ connectionString: schema.url });
      await session.connect();
      try {
        await session.query(statement);
      } finally {
        await session.end();
      }
    }),
  );
  const psqlSeconds = (performance.now() - psqlStart) / 1000;

  // Lookups: NIKs drawn from the loaded snapshot, sequential (latency, not throughput).
  // Sampled from the file, independently of the pages PostgreSQL has read (see sampleNiksFromFile).
  const niks = await sampleNiksFromFile(file, LOOKUPS);
  const system = { kind: 'system', id: 'system:intake', roles: [], regionScope: [] } as unknown as Actor;
  const asIntake = rpc.asCaller('intake'); // lookup-nik answers intake's triage only (anonymous bench server)
  const rpcTimes: number[] = [];
  const rawTimes: number[] = [];
  for (const nik of niks) {
    let t = performance.now();
    await asIntake.request(
      'slrt.rpc.registry.lookup-nik.v1',
      { nik, purpose: { kind: 'complaint', reference: 'bench' } },
      { actor: system },
    );
    rpcTimes.push(performance.now() - t);
    t = performance.now();
    await db.query({
      text: `SELECT household_id, desil, flags, data_period FROM member_current WHERE nik = $1 LIMIT 1`,
      values: [nik],
    });
    rawTimes.push(performance.now() - t);
  }
  await db.end();
  await app.close();
  await registry.stop();
  await clientSchema.drop();

  const lines = [
    `registry import, ${ROWS} rows (${done.rowsAccepted} accepted, ${done.rowsRejected} rejected, status ${done.status})`,
    `  psql \\copy + the import's ${onStaging.length} indexes, built side by side: ${psqlSeconds.toFixed(2)} s  ${Math.round(ROWS / psqlSeconds)} rows/s`,
    `  registry import-snapshot: ${ourSeconds.toFixed(2)} s  ${Math.round(ROWS / ourSeconds)} rows/s  ratio ${(psqlSeconds / ourSeconds).toFixed(2)}× (goal ≥ 0.7×)`,
    `  peak RSS of the registry process: ${mb(rss)} MB (goal ≤ 300 MB); ${mb(rssBefore)} MB before the import`,
    `  extrapolated to 5.9M rows: ${(((5_900_000 / ROWS) * ourSeconds) / 60).toFixed(1)} min`,
    `lookup-nik, ${niks.length} sequential lookups`,
    `  RPC (NATS request/reply + audit insert): p50 ${pct(rpcTimes, 50).toFixed(2)} ms  p99 ${pct(rpcTimes, 99).toFixed(2)} ms`,
    `  raw pg indexed select               : p50 ${pct(rawTimes, 50).toFixed(2)} ms  p99 ${pct(rawTimes, 99).toFixed(2)} ms`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await nats.dispose();
  await schema.drop();
  await raw.drop();
}
