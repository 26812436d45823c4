/**
 * Messages to citizens: complaint status events → SMS handed to the provider, per second, against
 * a raw loop doing the same database inserts and HTTP calls at the same concurrency, in the same
 * run (goal ≥ 0.7×); and latency from the event's commit (intake's outbox transaction) to the
 * provider receiving the SMS at 50 events/s (goal p99 ≤ 200 ms).
 *
 *   npm run bench -- bench/notification-messages.ts   (BENCH_EVENTS=2000, BENCH_RATE_EVENTS=500)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createMessagingTables, provisionNats } from '@slrt/messaging';
import { createTestSchema, startNatsServer, waitFor } from '@slrt/testing';
import { migrateService, startChildServer, startService } from './lib/child.js';

const N = Number(process.env.BENCH_EVENTS ?? 2000);
const RATE_N = Number(process.env.BENCH_RATE_EVENTS ?? 500);
const CONCURRENCY = 16;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

// The provider: keep-alive HTTP server answering like the generic adapter's provider.
const received = new Map<string, number>();
const provider = createServer((req, res) => {
  let body = '';
  req.on('data', (c: Buffer) => (body += c));
  req.on('end', () => {
    const ref = (JSON.parse(body) as { reference: string }).reference;
    received.set(ref, performance.timeOrigin + performance.now());
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `p-${ref}` }));
  });
});
await new Promise<void>((r) => provider.listen(0, '127.0.0.1', r));
const providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/messages`;

const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchntf');
const intakeSchema = await createTestSchema('benchntfi');
const base = { NATS_URL: nats.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
// Notification through its public entry points (migrate.ts, main.ts), in its own process as deployed.
const notificationEnv = {
  ...base,
  DATABASE_URL: schema.url,
  DATABASE_SCHEMA: schema.schema,
  NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: providerUrl, token: 'bench' }),
  NOTIFY_DISPATCH_CONCURRENCY: String(CONCURRENCY),
  NOTIFY_DISPATCH_BATCH: '100',
};
await migrateService('notification', notificationEnv);
const c = new pg.Client({ connectionString: intakeSchema.url });
await c.connect();
await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, intakeSchema.schema);
await c.end();
// Intake (outbox publisher, relay, contacts) in its own process, as deployed.
const intake = await startChildServer('bench/servers/intake-publisher.ts', {
  DATABASE_URL: intakeSchema.url,
  INTAKE_SCHEMA: intakeSchema.schema,
  NATS_URL: nats.url,
});
const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
await db.connect();
const notification = await startService('notification', notificationEnv);
await db.query(
  `INSERT INTO notification_settings (kab_kota_code, time_zone, quiet_start, quiet_end, per_recipient_per_day, updated_by) VALUES ('62.71', 'Asia/Jakarta', '00:00', '00:00', 100, 'bench')`,
);

const newComplaints = (n: number) => Array.from({ length: n }, () => uuidv7());
/** Intake publishes (transactions of `batch`) and answers each event's commit time (epoch ms). */
const publish = async (ids: string[], batch = 100): Promise<Record<string, number>> =>
  (await (
    await fetch(`http://127.0.0.1:${intake.port}/publish`, { method: 'POST', body: JSON.stringify({ ids, batch }) })
  ).json()) as Record<string, number>;
const messageIdsOf = async (ids: string[]) =>
  new Map<string, string>(
    (await db.query(`SELECT complaint_id, id FROM message WHERE complaint_id = ANY($1)`, [ids])).rows.map(
      (r: { complaint_id: string; id: string }) => [r.complaint_id, r.id],
    ),
  );

// Warm-up (not timed).
const warm = newComplaints(100);
await publish(warm);
await waitFor(
  async () =>
    (await messageIdsOf(warm)).size === warm.length &&
    [...(await messageIdsOf(warm)).values()].every((id) => received.has(id)),
  { timeoutMs: 60_000 },
);

// Ours: N events → N SMS at the provider.
const ids = newComplaints(N);
const t0 = performance.timeOrigin + performance.now();
await publish(ids, 100);
// When every event has become a message row (planning done), sampled lightly, to tell the stages apart.
let plannedAt = 0;
const sampler = setInterval(() => {
  if (plannedAt) return;
  void db.query(`SELECT count(*)::int AS n FROM message`).then((r) => {
    if (!plannedAt && (r.rows[0] as { n: number }).n >= warm.length + N)
      plannedAt = performance.timeOrigin + performance.now();
  });
}, 100);
// Count at the provider (in memory) so that polling does not load the database being measured.
await waitFor(() => received.size >= warm.length + N, { timeoutMs: 300_000, intervalMs: 5 });
clearInterval(sampler);
const ourMessages = await messageIdsOf(ids);
if (ourMessages.size !== N || ![...ourMessages.values()].every((id) => received.has(id)))
  throw new Error('not every event became one SMS');
// Not seen before the last SMS arrived: planning is what bounds the rate (the dispatcher keeps up).
const plannedSeconds = plannedAt
  ? (plannedAt - t0) / 1000
  : (Math.max(...[...ourMessages.values()].map((id) => received.get(id)!)) - t0) / 1000;
const oursSeconds = (Math.max(...[...ourMessages.values()].map((id) => received.get(id)!)) - t0) / 1000;

// Raw: the same inserts and HTTP calls, at the dispatcher's concurrency: insert the row, POST, mark it sent.
const raw = new pg.Pool({ connectionString: schema.url, options: `-c search_path=${schema.schema}`, max: CONCURRENCY });
const rawIds = newComplaints(N);
const queue = [...rawIds];
const r0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    for (let cid = queue.shift(); cid; cid = queue.shift()) {
      const id = uuidv7();
      await raw.query(
        `INSERT INTO message (id, complaint_id, sequence, step, recipient, channel, desa_code, address, name, body, template_version, status) VALUES ($1, $2, 7, 'resolved', 'subject', 'sms', '62.71.01.1001', '+6281200000000', 'Siti', 'SLRT: pengaduan selesai', 0, 'queued')`,
        [id, cid],
      );
      const res = await fetch(providerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench', 'idempotency-key': id },
        body: JSON.stringify({ to: '+6281200000000', text: 'SLRT: pengaduan selesai', reference: id }),
      });
      const { id: pid } = (await res.json()) as { id: string };
      await raw.query(`UPDATE message SET status = 'sent', provider_message_id = $2, sent_at = now() WHERE id = $1`, [
        id,
        pid,
      ]);
    }
  }),
);
const rawSeconds = (performance.now() - r0) / 1000;
await raw.end();

// Latency at 50 events/s: each event its own outbox transaction; commit → provider received.
const lat = newComplaints(RATE_N);
const committedAt = new Map<string, number>();
const l0 = performance.now();
for (const [i, id] of lat.entries()) {
  const due = l0 + i * 20;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  committedAt.set(id, (await publish([id], 1))[id]!);
}
await waitFor(() => received.size >= warm.length + 2 * N + RATE_N, { timeoutMs: 120_000, intervalMs: 5 });
const latMessages = await messageIdsOf(lat);
const latencies = lat.map((cid) => received.get(latMessages.get(cid)!)! - committedAt.get(cid)!);

const oursRate = N / oursSeconds;
const rawRate = N / rawSeconds;
process.stdout.write(`\nnotification: status events → SMS at the provider (${N} events, concurrency ${CONCURRENCY})\n`);
process.stdout.write(`raw loop (insert + POST + update)          ${rawRate.toFixed(0).padStart(7)} msg/s\n`);
process.stdout.write(
  `ours (outbox → NATS → inbox + contacts RPC + template → dispatcher → POST)  ${oursRate.toFixed(0).padStart(7)} msg/s   ratio ${(oursRate / rawRate).toFixed(3)} (goal ≥ 0.7: ${oursRate / rawRate >= 0.7 ? 'met' : 'NOT met'})\n`,
);
process.stdout.write(
  `  of which planned (event → message row) by ${plannedSeconds.toFixed(1)} s of ${oursSeconds.toFixed(1)} s (${(N / plannedSeconds).toFixed(0)} events/s planned)\n`,
);
process.stdout.write(
  `latency at 50 events/s (${RATE_N} events): commit → provider p50 ${pct(latencies, 50).toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (goal p99 ≤ 200 ms: ${pct(latencies, 99) <= 200 ? 'met' : 'NOT met'})\n`,
);
process.stdout.write(
  `${JSON.stringify({ bench: 'notification-messages', n: N, rawPerSecond: rawRate, oursPerSecond: oursRate, ratio: oursRate / rawRate, plannedPerSecond: N / plannedSeconds, latencyN: RATE_N, p50: pct(latencies, 50), p99: pct(latencies, 99), max: Math.max(...latencies) })}\n`,
);

await notification.stop();
await intake.stop();
await db.end();
provider.closeAllConnections();
provider.close();
await nats.dispose();
await schema.drop();
await intakeSchema.drop();
process.exit(0);
