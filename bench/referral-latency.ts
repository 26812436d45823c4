/**
 * Latency from the back office's `send` (after the manager's approval) to a plain NATS durable
 * consumer outside the platform receiving the referral, against a raw JetStream publish → consume
 * round trip on the same server, in the same run. Goal (issue #17): p99 ≤ 20 ms. Also printed: the
 * `send` request's own reply time (the relay publishes concurrently with the reply view), and the
 * referral process's CPU time per measured send (from /proc, Linux only).
 *
 *   npm run bench -- bench/referral-latency.ts        (BENCH_CASES=200 by default)
 */
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { OutboxPublisher, RpcClient, createMessagingTables, createServiceApp, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer, waitFor } from '@slrt/testing';
import { migrateService, startService } from './lib/child.js';
import { IntakeStandInModule } from './lib/intake-stand-in.js';

const N = Number(process.env.BENCH_CASES ?? 200);
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const user = (roles: Actor['roles'], scope: string[]): Actor =>
  ({ kind: 'user', id: `bench-${roles[0]}`, roles, regionScope: scope }) as Actor;

// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchref');
const intakeSchema = await createTestSchema('benchintk');
const base = { DATABASE_URL: schema.url, NATS_URL: nats.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
// Referral through its public entry points (migrate.ts, main.ts), in its own process as deployed.
const referralEnv = { ...base, DATABASE_SCHEMA: schema.schema };
await migrateService('referral', referralEnv);
const c = new pg.Client({ connectionString: intakeSchema.url });
await c.connect();
await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, intakeSchema.schema);
await c.end();
const intake = (
  await createServiceApp({
    service: 'intake',
    env: loadConfig('intake', BaseServiceEnv, {
      ...base,
      DATABASE_URL: intakeSchema.url,
      DATABASE_SCHEMA: intakeSchema.schema,
    }),
    imports: [IntakeStandInModule],
  })
).app;
const referral = await startService('referral', referralEnv);
// Operators' requests come from the gateway (services accept a user actor only from it).
const rpc = intake.get(RpcClient).asCaller('gateway');
const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
await db.connect();

// The outside consumer: plain NATS client, its own durable, explicit acks.
const nc = await connect({ servers: nats.url });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
const received = new Map<string, number>();
for (const [durable, filter] of [
  ['owner-kemensos-pkh', 'slrt.owner.kemensos-pkh.referral.>'],
  ['owner-bench-raw', 'slrt.owner.bench-raw.referral.>'],
] as const) {
  await jsm.consumers.add('SLRT_OWNER_OUT', {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: filter,
  });
  void (async () => {
    for await (const m of await (await js.consumers.get('SLRT_OWNER_OUT', durable)).consume({ max_messages: 64 })) {
      received.set((m.json() as { data: { referralId: string } }).data.referralId, performance.now());
      m.ack();
    }
  })();
}

// Baseline: raw publish → the same kind of consumer.
const raw: number[] = [];
for (let i = 0; i < N + 20; i++) {
  const id = uuidv7();
  const t0 = performance.now();
  await js.publish('slrt.owner.bench-raw.referral.sent.v1', JSON.stringify({ data: { referralId: id } }), {
    msgID: id,
  });
  await waitFor(() => received.has(id), { intervalMs: 0.2, timeoutMs: 5000 });
  if (i >= 20) raw.push(received.get(id)! - t0);
}

// Ours: cases opened from intake's events, forwarded, approved, then sent one by one.
const [spv, mj, bo] = [user(['SPV'], ['62.71.01']), user(['MJ'], ['62.71']), user(['BO'], ['62.71'])];
const complaintIds = Array.from({ length: N + 20 }, () => uuidv7());
await intake.get(DataSource).transaction(async (m) => {
  for (const complaintId of complaintIds) {
    await intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
      complaintId,
      receiptNumber: '6271-2611-000123',
      desaCode: '62.71.01.1001',
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      outcome: 'in-registry',
      nextStep: 'review',
      desil: 2,
      dataPeriod: '2026-09',
      checkedAt: new Date().toISOString(),
    });
  }
});
await waitFor(
  async () => (await db.query(`SELECT count(*)::int AS n FROM referral_case`)).rows[0].n === complaintIds.length,
  { timeoutMs: 60_000 },
);
const cases: Array<{ id: string }> = (await db.query(`SELECT id FROM referral_case`)).rows;
for (const { id } of cases) {
  await rpc.request(
    'slrt.rpc.referral.act-on-case.v1',
    { caseId: id, action: 'forward', expectedVersion: 1 },
    { actor: spv },
  );
  await rpc.request(
    'slrt.rpc.referral.act-on-case.v1',
    { caseId: id, action: 'approve', expectedVersion: 2 },
    { actor: mj },
  );
}
// CPU seconds the referral process used (user + system, Linux /proc; null elsewhere): per send
// it says more than a latency tail on a shared machine.
const clockTicks = 100;
const cpuSeconds = async (pid: number | undefined): Promise<number | null> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
};
const ours: number[] = [];
const replies: number[] = [];
let cpuAtMeasured: number | null = null;
for (const [i, { id }] of cases.entries()) {
  if (i === 20) cpuAtMeasured = await cpuSeconds(referral.process.pid);
  const t0 = performance.now();
  const view = await rpc.request(
    'slrt.rpc.referral.act-on-case.v1',
    { caseId: id, action: 'send', expectedVersion: 3 },
    { actor: bo },
  );
  const replied = performance.now() - t0;
  const referralId = view.referrals![0]!.referralId;
  await waitFor(() => received.has(referralId), { intervalMs: 0.2, timeoutMs: 5000 });
  if (i >= 20) {
    ours.push(received.get(referralId)! - t0);
    replies.push(replied);
  }
}

const cpuAfter = await cpuSeconds(referral.process.pid);
const cpuPerSend =
  cpuAtMeasured !== null && cpuAfter !== null ? ((cpuAfter - cpuAtMeasured) * 1000) / ours.length : null;

const row = (name: string, xs: number[]) =>
  `${name.padEnd(44)} ${String(xs.length).padStart(5)}  p50 ${pct(xs, 50).toFixed(2).padStart(7)} ms  p99 ${pct(xs, 99).toFixed(2).padStart(7)} ms  max ${Math.max(
    ...xs,
  )
    .toFixed(2)
    .padStart(7)} ms`;
process.stdout.write(`\nreferral latency (send → outside consumer), ${N} referrals after 20 warm-up\n`);
process.stdout.write(
  `${row('raw JetStream publish → consume', raw)}\n${row('BO send → owner consumer (outbox + relay)', ours)}\n${row('BO send → its reply (for reference)', replies)}\n`,
);
process.stdout.write(
  `p99 ours ${pct(ours, 99).toFixed(2)} ms (goal ≤ 20 ms: ${pct(ours, 99) <= 20 ? 'met' : 'NOT met'}); p50 ratio raw/ours ${(pct(raw, 50) / pct(ours, 50)).toFixed(3)}\n`,
);
if (cpuPerSend !== null)
  process.stdout.write(`referral's CPU per send (user + system, relay included): ${cpuPerSend.toFixed(2)} ms\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'referral-latency', n: N, cpuPerSendMs: cpuPerSend, rawP50: pct(raw, 50), rawP99: pct(raw, 99), oursP50: pct(ours, 50), oursP99: pct(ours, 99), replyP50: pct(replies, 50), replyP99: pct(replies, 99) })}\n`,
);

await nc.close();
await referral.stop();
await intake.close();
await db.end();
await nats.dispose();
await schema.drop();
await intakeSchema.drop();
process.exit(0);
