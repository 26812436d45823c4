/**
 * registerComplaint throughput and latency against a raw `pg` loop doing the same database work, at
 * the same concurrency, in the same run. Intake runs as its own process (the real `main.ts`,
 * migrated, registry answering from a double in this process); requests go over NATS
 * request/reply, as the gateway sends them.
 *
 * The baseline ("raw pg, same rows"): a schema migrated by intake's own `migrate.ts up` (cold, as
 * intake's), and per complaint, over a `pg` pool of BENCH_CONCURRENCY connections, the two round
 * trips intake's registration makes, as named prepared statements (`lib/intake-same-rows.ts`,
 * written from intake's SQL): the read (Idempotency-Key lookup, receipt sequence `nextval`, the
 * kab/kota's supervisor-check settings), then ONE statement of data-modifying CTEs writing the
 * same rows into the same tables (the 41-column complaint with the duplicate-check subquery, its
 * subject person, 2 status steps, the Idempotency-Key, 4 outbox rows) with the `pg_notify`. The
 * outbox envelopes are the 4 of one registration intake made in this run (read back from its
 * outbox), with fresh ids: same subjects, same sizes. What the baseline does not do: validate, ask
 * the registry, publish the events (intake's relay later sends them to JetStream and marks them
 * sent).
 *
 * Also printed, not part of the goal: the "minimal" loop this bench used until 2026-12-02 (3 rows
 * in simplified tables, 6 round trips), so that earlier figures can be compared.
 * Goal: ≥ 0.5× the same-rows baseline, p99 ≤ 100 ms at 64 concurrent callers.
 *
 *   npm run bench -- bench/intake-register.ts     (BENCH_CONCURRENCY=64, BENCH_SECONDS=8)
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { RpcClient, createMessagingTables, createServiceApp, provisionNats } from '@slrt/messaging';
import { createTestSchema, freePort, startNatsServer, waitFor } from '@slrt/testing';
import { migrateService } from './lib/child.js';
import { RegistryDoubleModule, closedLoop, formatLoop, registrationRequest } from './lib/intake-load.js';
import { BEGIN_SQL, readRegistration, sameRowsStatement } from './lib/intake-same-rows.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const root = fileURLToPath(new URL('../', import.meta.url));

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const intakeSchema = await createTestSchema('benchintake');
const rawSchema = await createTestSchema('benchraw');
const minimalSchema = await createTestSchema('benchmin');
const regSchema = await createTestSchema('benchreg');
const env = {
  DATABASE_URL: intakeSchema.url,
  DATABASE_SCHEMA: intakeSchema.schema,
  NATS_URL: nats.url,
  LOG_LEVEL: 'warn',
};

// Intake's schema, and the baseline's, migrated by intake's own entry point (cold, both).
await migrateService('intake', env);
await migrateService('intake', { ...env, DATABASE_SCHEMA: rawSchema.schema });

// Intake, started as a separate process (what `npm start` runs, compiled on the fly).
const port = await freePort();
const opsPort = await freePort();
const intake = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/slrt-prof'] : []),
    '--import',
    './libs/testing/ts-register.mjs',
    'services/intake/src/main.ts',
  ],
  {
    cwd: root,
    env: { ...process.env, ...env, HTTP_PORT: String(port), OPS_PORT: String(opsPort) },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
await waitFor(async () => (await fetch(`http://127.0.0.1:${opsPort}/health/ready`).catch(() => null))?.ok, {
  timeoutMs: 60_000,
});

const rc = new pg.Client({ connectionString: regSchema.url });
await rc.connect();
await createMessagingTables({ query: (sql: string) => rc.query(sql) } as never, regSchema.schema);
await rc.end();
const caller = (
  await createServiceApp({
    service: 'registry',
    env: loadConfig('registry', BaseServiceEnv, {
      ...env,
      DATABASE_URL: regSchema.url,
      DATABASE_SCHEMA: regSchema.schema,
    }),
    imports: [RegistryDoubleModule],
  })
).app;
// Operators' requests come from the gateway (services accept a user actor only from it).
const rpc = caller.get(RpcClient).asCaller('gateway');
const fo = { kind: 'user', id: 'bench-fo', roles: ['FO'], regionScope: ['62.71'] } as Actor;
const register = (req: ReturnType<typeof registrationRequest>) =>
  rpc.request('slrt.rpc.intake.register-complaint.v1', req as never, { actor: fo, timeoutMs: 10_000 });

// One registration by intake, read back from its tables: what the baseline writes again.
const sample = await readRegistration(
  { url: intakeSchema.url, schema: intakeSchema.schema },
  ((await register(registrationRequest())) as unknown as { complaintId: string }).complaintId,
);

// CPU seconds (user + system) of this process and of intake's, to print the CPU each spends per
// request (on a machine shared with other work the req/s swing; this does less). Linux /proc.
const cpu = () => {
  const own = process.cpuUsage();
  let intakeSeconds = NaN;
  try {
    const fields = readFileSync(`/proc/${intake.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    intakeSeconds = (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (USER_HZ 100)
  } catch {
    // not Linux
  }
  return { bench: (own.user + own.system) / 1e6, intake: intakeSeconds };
};
const perRequest = (before: ReturnType<typeof cpu>, r: { done: number }, withIntake = true) => {
  const after = cpu();
  const bench = `CPU per request: bench process ${((1000 * (after.bench - before.bench)) / r.done).toFixed(2)} ms`;
  return withIntake ? `${bench}, intake ${((1000 * (after.intake - before.intake)) / r.done).toFixed(2)} ms` : bench;
};
const poolOf = (schema: { url: string; schema: string }) =>
  new pg.Pool({ connectionString: schema.url, max: CONCURRENCY, options: `-c search_path=${schema.schema}` });

// --- Minimal reference (the bench's baseline until 2026-12-02; not the goal's): 3 rows in simplified tables.
const minimalPool = poolOf(minimalSchema);
await minimalPool.query(`CREATE TABLE complaint (id uuid PRIMARY KEY, receipt_number text UNIQUE, body jsonb, registered_at timestamptz DEFAULT now());
  CREATE TABLE complaint_person (complaint_id uuid, role text, nik text, name text, PRIMARY KEY (complaint_id, role));
  CREATE TABLE outbox (id uuid PRIMARY KEY, subject text, envelope jsonb, created_at timestamptz DEFAULT clock_timestamp(), sent_at timestamptz);
  CREATE SEQUENCE receipt_seq_62_71_2611 AS integer MINVALUE 1 NO CYCLE`);
const cpuBeforeMinimal = cpu();
const minimal = await closedLoop(
  'minimal reference (3 rows, 6 round trips)',
  async () => {
    const r = registrationRequest();
    const c = await minimalPool.connect();
    try {
      const { rows } = await c.query(`SELECT nextval('receipt_seq_62_71_2611') AS v`);
      await c.query('BEGIN');
      const id = uuidv7();
      await c.query(`INSERT INTO complaint (id, receipt_number, body) VALUES ($1, $2, $3)`, [
        id,
        `6271-2611-${String(rows[0].v).padStart(6, '0')}`,
        JSON.stringify(r.complaint),
      ]);
      await c.query(`INSERT INTO complaint_person VALUES ($1, 'subject', $2, $3)`, [id, r.subject.nik, r.subject.name]);
      await c.query(
        `INSERT INTO outbox (id, subject, envelope) VALUES ($1, 'slrt.evt.intake.complaint.registered.v1', $2)`,
        [uuidv7(), JSON.stringify({ data: r.complaint })],
      );
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK');
      throw err;
    } finally {
      c.release();
    }
  },
  CONCURRENCY,
  SECONDS,
);
const minimalCpu = perRequest(cpuBeforeMinimal, minimal, false);
// Each pool is closed before the next loop: idle, its connections count against max_connections,
// which other work on a shared server can exhaust (intake's pool then fails to connect: UNAVAILABLE).
await minimalPool.end();

// --- The baseline: intake's two statements on intake's tables, with raw `pg`.
const pool = poolOf(rawSchema);
// Intake creates the month's sequence on first use; here before the loop.
await pool.query(`CREATE SEQUENCE IF NOT EXISTS ${sample.sequenceName} AS integer MINVALUE 1 NO CYCLE`);

const to = { schema: rawSchema.schema, actorId: fo.id, token: randomUUID() }; // token: as intake's relay's
const cpuBeforeRaw = cpu();
const raw = await closedLoop(
  'raw pg, same rows (2 round trips)',
  async () => {
    const r = registrationRequest();
    // Outside a transaction, as intake runs both statements (the second commits by itself).
    const { rows } = await pool.query({
      name: 'raw_begin',
      text: BEGIN_SQL,
      values: [fo.id, r.idempotencyKey, sample.sequenceName, sample.kabKotaCode],
    });
    if (rows[0].requestHash) throw new Error('an Idempotency-Key was used twice');
    const inserted = await pool.query(sameRowsStatement(sample, r, Number(rows[0].sequence), to));
    if (inserted.rowCount !== 1) throw new Error('no complaint returned');
  },
  CONCURRENCY,
  SECONDS,
);
const rawCpu = perRequest(cpuBeforeRaw, raw, false);
const [rawRows] = (
  await pool.query(
    `SELECT (SELECT count(*) FROM complaint) AS complaints, (SELECT count(*) FROM complaint_person) AS persons,
       (SELECT count(*) FROM complaint_status) AS steps, (SELECT count(*) FROM idempotency_key) AS keys,
       (SELECT count(*) FROM outbox) AS events, (SELECT count(*) FROM complaint WHERE possible_duplicate_of IS NOT NULL) AS duplicates`,
  )
).rows;
await pool.end();

const cpuBeforeOurs = cpu();
const ours = await closedLoop(
  'registerComplaint over NATS (intake process)',
  async () => {
    await register(registrationRequest());
  },
  CONCURRENCY,
  SECONDS,
);
const oursCpu = perRequest(cpuBeforeOurs, ours);

const ratio = ours.rps / raw.rps;
process.stdout.write(
  `\nregisterComplaint, ${CONCURRENCY} concurrent callers, ${SECONDS} s each\n` +
    `${formatLoop(minimal)}\n  ${minimalCpu}\n` +
    `${formatLoop(raw)}\n  ${rawCpu}\n` +
    `  rows written: ${rawRows.complaints} complaints, ${rawRows.persons} persons, ${rawRows.steps} steps, ${rawRows.keys} keys, ${rawRows.events} outbox rows (envelopes ${sample.envelopeBytes.join(' + ')} bytes), ${rawRows.duplicates} flagged duplicates\n` +
    `${formatLoop(ours)}\n  ${oursCpu}\n`,
);
process.stdout.write(
  `ratio ${ratio.toFixed(2)}x of the same-rows baseline (goal ≥ 0.5x: ${ratio >= 0.5 ? 'met' : 'NOT met'}; ${(ours.rps / minimal.rps).toFixed(2)}x of the minimal reference); p99 ${ours.p99.toFixed(1)} ms (goal ≤ 100 ms: ${ours.p99 <= 100 ? 'met' : 'NOT met'})\n`,
);
process.stdout.write(
  `${JSON.stringify({ bench: 'intake-register', concurrency: CONCURRENCY, raw, ours, minimal, ratio })}\n`,
);

intake.kill('SIGTERM');
await new Promise((r) => intake.once('exit', r));
await caller.close();
await nats.dispose();
for (const s of [intakeSchema, rawSchema, minimalSchema, regSchema]) await s.drop();
process.exit(0);
