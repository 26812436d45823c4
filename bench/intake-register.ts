/**
 * registerComplaint throughput and latency against a raw `pg` loop committing the same rows
 * (complaint + subject person + outbox event, one transaction each) at the same concurrency, in the
 * same run. Intake runs as its own process (the real `main.ts`, migrated, registry answering from
 * a double in this process); requests go over NATS request/reply, as the gateway sends them.
 * Goal: ≥ 0.5× the raw loop, p99 ≤ 100 ms at 64 concurrent callers.
 *
 *   npm run bench -- bench/intake-register.ts     (BENCH_CONCURRENCY=64, BENCH_SECONDS=8)
 *
 * BENCH_IN_PROCESS=1 adds a third loop: intake's own registration code (validation, the same two
 * statements, the same rows and indexes, events built and validated) called in this process over a
 * `pg` pool, without NATS, the service process or the registry's round trip (the triage answer is
 * fixed): what the database work and the JavaScript cost without the hops.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { RpcClient, createMessagingTables, createServiceApp, provisionNats } from '@slrt/messaging';
import { createTestSchema, freePort, startNatsServer, waitFor } from '@slrt/testing';
import { RegistryDoubleModule, closedLoop, formatLoop, registrationRequest } from './lib/intake-load.js';
import { IntakeEnv } from '../services/intake/src/config/intake.env.js';
import { ComplaintRegistration } from '../services/intake/src/complaints/complaint-registration.service.js';
import { ComplaintsRepository } from '../services/intake/src/complaints/complaints.repository.js';
import { SEED_PROGRAMMES } from '../services/intake/src/complaints/programme-catalogue.js';
import { OutboxPublisher } from '@slrt/messaging';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const root = fileURLToPath(new URL('../', import.meta.url));

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const intakeSchema = await createTestSchema('benchintake');
const rawSchema = await createTestSchema('benchraw');
const regSchema = await createTestSchema('benchreg');
const env = {
  DATABASE_URL: intakeSchema.url,
  DATABASE_SCHEMA: intakeSchema.schema,
  NATS_URL: nats.url,
  LOG_LEVEL: 'warn',
};

// Intake, migrated and started as a separate process (what `npm start` runs, compiled on the fly).
const node = (args: string[], extra: Record<string, string>) =>
  spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/slrt-prof'] : []),
      '--import',
      './libs/testing/ts-register.mjs',
      ...args,
    ],
    { cwd: root, env: { ...process.env, ...env, ...extra }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
await new Promise((resolve, reject) =>
  node(['services/intake/src/migrate.ts', 'up'], {}).once('exit', (c) =>
    c === 0 ? resolve(c) : reject(new Error(`migrate exited ${c}`)),
  ),
);
const port = await freePort();
const opsPort = await freePort();
const intake = node(['services/intake/src/main.ts'], { HTTP_PORT: String(port), OPS_PORT: String(opsPort) });
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
const perRequest = (before: ReturnType<typeof cpu>, r: { done: number }) => {
  const after = cpu();
  return `CPU per request: bench process ${((1000 * (after.bench - before.bench)) / r.done).toFixed(2)} ms, intake ${((1000 * (after.intake - before.intake)) / r.done).toFixed(2)} ms`;
};

// Baseline: the same rows with a raw pg pool, one transaction per complaint.
const pool = new pg.Pool({
  connectionString: rawSchema.url,
  max: CONCURRENCY,
  options: `-c search_path=${rawSchema.schema}`,
});
await pool.query(`CREATE TABLE complaint (id uuid PRIMARY KEY, receipt_number text UNIQUE, body jsonb, registered_at timestamptz DEFAULT now());
  CREATE TABLE complaint_person (complaint_id uuid, role text, nik text, name text, PRIMARY KEY (complaint_id, role));
  CREATE TABLE outbox (id uuid PRIMARY KEY, subject text, envelope jsonb, created_at timestamptz DEFAULT clock_timestamp(), sent_at timestamptz);
  CREATE SEQUENCE receipt_seq_62_71_2611 AS integer MINVALUE 1 NO CYCLE`);
const cpuBeforeRaw = cpu();
const raw = await closedLoop(
  'raw pg loop (complaint + person + outbox)',
  async () => {
    const r = registrationRequest();
    const c = await pool.connect();
    try {
      // Numbering as intake does it: nextval of a sequence per kab/kota and month, outside the
      // registration's transaction (no hot counter row, no lock held by other registrations).
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
const rawCpu = perRequest(cpuBeforeRaw, raw);
// Its connections closed before intake's turn: idle, they count against max_connections, which
// other work on a shared server can exhaust (intake's pool then fails to connect: UNAVAILABLE).
await pool.end();
const cpuBeforeOurs = cpu();
const ours = await closedLoop(
  'registerComplaint over NATS (intake process)',
  async () => {
    await rpc.request('slrt.rpc.intake.register-complaint.v1', registrationRequest() as never, {
      actor: fo,
      timeoutMs: 10_000,
    });
  },
  CONCURRENCY,
  SECONDS,
);

const oursCpu = perRequest(cpuBeforeOurs, ours);
let inProcess = '';
if (process.env.BENCH_IN_PROCESS) {
  const schema = await createTestSchema('benchinproc');
  const migrate = node(['services/intake/src/migrate.ts', 'up'], {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
  });
  await new Promise((resolve) => migrate.once('exit', resolve));
  const ipool = new pg.Pool({
    connectionString: schema.url,
    max: CONCURRENCY,
    options: `-c search_path=${schema.schema}`,
  });
  // Outside a transaction, as `register` runs its statements (no relay here: its rows stay unsent).
  const manager = {
    query: async (sql: string, params?: unknown[]) => (await ipool.query(sql, params)).rows,
    connection: { driver: { master: ipool }, subscribers: [] }, // where its named statements run; no relay
  };
  const intakeEnv = loadConfig('intake', IntakeEnv, { ...process.env, ...env, DATABASE_SCHEMA: schema.schema });
  const registration = new ComplaintRegistration(
    { manager } as never,
    new ComplaintsRepository(),
    {
      check: async () => ({
        outcome: 'in-registry',
        nextStep: 'review',
        desil: 3,
        programmes: ['PKH'],
        dataPeriod: '2026-09',
      }),
    } as never,
    new OutboxPublisher({ service: 'intake', kabKotaCode: intakeEnv.KAB_KOTA_CODE, schema: schema.schema }),
    intakeEnv,
    { lookup: async () => SEED_PROGRAMMES } as never,
    { summary: (r: unknown) => r } as never,
  );
  const before = cpu();
  const loop = await closedLoop(
    "intake's registration in this process (pg pool)",
    async () => {
      await registration.register(registrationRequest() as never, fo);
    },
    CONCURRENCY,
    SECONDS,
  );
  inProcess = `${formatLoop(loop)}\n  ${perRequest(before, loop).replace(/, intake.*/, '')}\n`;
  await ipool.end();
  await schema.drop();
}

const fmt = (r: typeof raw) => formatLoop(r);
process.stdout.write(
  `\nregisterComplaint, ${CONCURRENCY} concurrent callers, ${SECONDS} s each\n${fmt(raw)}\n  ${rawCpu}\n${fmt(ours)}\n  ${oursCpu}\n${inProcess}`,
);
process.stdout.write(
  `ratio ${(ours.rps / raw.rps).toFixed(2)}x (goal ≥ 0.5x: ${ours.rps / raw.rps >= 0.5 ? 'met' : 'NOT met'}); p99 ${ours.p99.toFixed(1)} ms (goal ≤ 100 ms: ${ours.p99 <= 100 ? 'met' : 'NOT met'})\n`,
);
process.stdout.write(`${JSON.stringify({ bench: 'intake-register', concurrency: CONCURRENCY, raw, ours })}\n`);

intake.kill('SIGTERM');
await new Promise((r) => intake.once('exit', r));
await caller.close();
await nats.dispose();
for (const s of [intakeSchema, rawSchema, regSchema]) await s.drop();
process.exit(0);
