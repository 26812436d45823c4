/* eslint-disable max-lines -- one benchmark script: each scenario beside the raw-NATS baseline it is measured against */
/**
 * Events per second through our messaging stack against the raw `@nats-io/jetstream` client, on
 * the same private nats-server (JetStream, file storage) in the same run.
 *
 * - raw: `js.publish` of N messages (the same envelope bytes, a `Nats-Msg-Id` each), pipelined in
 *   batches awaiting their PubAcks, while a raw durable pull consumer (`consume()`, explicit acks)
 *   acks each one. Done when the consumer has seen all N.
 * - raw js + pg (reference): the raw clients doing the database work our handler does: per
 *   message one pg transaction with the inbox row and the effect row, then the ack, at the same
 *   concurrency. Our cases are also compared with it ("vs raw+pg"): that isolates our overhead from
 *   the cost of a committed transaction per event, which the JetStream-only baseline does not pay.
 * - transport only: the same pipelined `js.publish` of our envelopes (with our headers), consumed
 *   by our JetStreamTransport: validation, one transaction per event with the inbox row and the
 *   handler's one-row effect, ack after commit. Done when all N effects are in the database.
 * - outbox → relay → transport: N events written with OutboxPublisher (TX_BATCH per transaction),
 *   sent by the OutboxRelay of a service app built with createServiceApp, consumed as above.
 *
 * "transport, group commit" is the same with the handler declared with groupCommit (BENCH_GROUP, 32);
 * "ours, group commit" is the outbox → relay case with that handler.
 * Our cases run with handler concurrency 1 (the default, stream order) and 8. Every case has a
 * warm-up (not timed) before its N events, and starts from an empty stream and empty tables.
 * Goal: ours ≥ 0.7× raw. Figures only: a missed goal never fails the run (exit 0).
 *
 *   npm run bench -- bench/messaging.ts
 *   (BENCH_EVENTS=5000, BENCH_WARMUP=300, BENCH_CONCURRENCY=1,8, BENCH_TX_BATCH=100, BENCH_PUB_BATCH=256,
 *   BENCH_MODES=transport,grouped,outbox,outbox-grouped, BENCH_GROUP=32)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Controller, Module, type Type } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { systemActor, type Actor, type ComplaintRegisteredV1 } from '@slrt/contracts';
import {
  EventContext,
  OnEvent,
  OutboxPublisher,
  buildEnvelope,
  createMessagingTables,
  createServiceApp,
  envelopeHeaders,
  ensureStreams,
  toNatsHeaders,
  provisionNats,
} from '@slrt/messaging';
import { createTestSchema, sampleComplaintRegistered, startNatsServer, waitFor } from '@slrt/testing';

const N = Number(process.env.BENCH_EVENTS ?? 5000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 300);
const TX_BATCH = Number(process.env.BENCH_TX_BATCH ?? 100);
const PUB_BATCH = Number(process.env.BENCH_PUB_BATCH ?? 256);
/** Group commit case: at most this many events per transaction (`groupCommit.maxMessages`, maxWaitMs 0). */
const GROUP = Math.max(1, Number(process.env.BENCH_GROUP ?? 32) || 32);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCY ?? '1,8')
  .split(',')
  .map((s) => Math.max(1, Number(s.trim()) || 1));
/**
 * Which of our cases run (`transport`, `grouped`, `outbox`, `outbox-grouped`; default all). The
 * raw baseline and the raw js + pg reference always run: every ratio is against them.
 */
const MODES = (process.env.BENCH_MODES ?? 'transport,grouped,outbox,outbox-grouped')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is 'transport' | 'grouped' | 'outbox' | 'outbox-grouped' =>
    ['transport', 'grouped', 'outbox', 'outbox-grouped'].includes(s),
  );
const GOAL = 0.7;
const REGISTERED = 'slrt.evt.intake.complaint.registered.v1' as const;
const STREAM = 'SLRT_INTAKE';
const producer = { service: 'intake', kabKotaCode: '62.71' };
const operator: Actor = Object.assign(systemActor('gateway'), {
  kind: 'user' as const,
  id: 'bench-fo',
  roles: ['FO' as const],
  regionScope: ['62.71'],
});

const complaint = (): ComplaintRegisteredV1 => sampleComplaintRegistered();
const items = (n: number) => Array.from({ length: n }, complaint);

/** A module with one `@OnEvent` handler writing one row per event in the handler's transaction. */
function handlerModule(
  durable: string,
  concurrency: number,
  groupCommit?: { maxMessages: number; maxWaitMs: number },
): Type {
  @Controller()
  class BenchHandler {
    @OnEvent(REGISTERED, { durable, concurrency, ...(groupCommit ? { groupCommit } : {}) })
    async onRegistered(@Payload() data: ComplaintRegisteredV1, @Ctx() ctx: EventContext) {
      await ctx.manager.query(`INSERT INTO effect (event_id, complaint_id) VALUES ($1, $2)`, [
        ctx.envelope.id,
        data.complaintId,
      ]);
    }
  }
  @Module({ controllers: [BenchHandler] })
  class BenchHandlerModule {}
  return BenchHandlerModule;
}

interface Row {
  name: string;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  ratio?: number;
  /** Against the raw clients doing the same database work at the same concurrency. */
  vsRawPg?: number;
}

const log = (m: string): void => void process.stderr.write(`[bench messaging] ${m}\n`);
const started = Date.now();
// Benchmarks measure throughput, not permissions: an anonymous server, provisioned as the
// migrate step would (services only bind to their durables).
const nats = await startNatsServer({ auth: false });
await provisionNats({ url: nats.url, owners: nats.owners });
const schema = await createTestSchema('benchmsg');
const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
await db.connect();
await createMessagingTables({ query: (sql: string) => db.query(sql) } as never, schema.schema);
await db.query(
  `CREATE TABLE effect (event_id uuid PRIMARY KEY, complaint_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
);
const nc = await connect({ servers: nats.url, name: 'bench' });
const jsm = await jetstreamManager(nc);
const js = jetstream(nc);
await ensureStreams(jsm);

let app: NestFastifyApplication | null = null;
const rows: Row[] = [];

/** Times `produce(measured)` until `done(total)`, after the same for `WARMUP` events (untimed). */
async function measure(
  name: string,
  produce: (batch: ComplaintRegisteredV1[]) => Promise<void>,
  count: () => Promise<number> | number,
): Promise<Row> {
  const warm = items(WARMUP);
  const measured = items(N);
  await produce(warm);
  await waitFor(async () => (await count()) >= WARMUP, {
    intervalMs: 5,
    timeoutMs: 30_000,
    message: `${name}: warm-up events handled`,
  });
  const t0 = performance.now();
  await produce(measured);
  await waitFor(async () => (await count()) >= WARMUP + N, {
    intervalMs: 5,
    timeoutMs: 80_000,
    message: `${name}: all events handled`,
  });
  const seconds = (performance.now() - t0) / 1000;
  const row = { name, events: N, seconds, eventsPerSecond: N / seconds };
  log(`${name}: ${row.eventsPerSecond.toFixed(0)} events/s`);
  return row;
}

/** Pipelined `js.publish` of envelopes, PUB_BATCH at a time, each batch awaiting its PubAcks. */
async function publishDirect(batch: ComplaintRegisteredV1[], withHeaders: boolean): Promise<void> {
  for (let i = 0; i < batch.length; i += PUB_BATCH) {
    await Promise.all(
      batch.slice(i, i + PUB_BATCH).map((c) => {
        const envelope = buildEnvelope(producer, REGISTERED, c, { actor: operator });
        return js.publish(REGISTERED, JSON.stringify(envelope), {
          msgID: envelope.id,
          ...(withHeaders ? { headers: toNatsHeaders(envelopeHeaders(envelope)) } : {}),
        });
      }),
    );
  }
}

/** Empties the stream and the tables between cases so each starts from the same state. */
async function reset(durable?: string): Promise<void> {
  if (durable) await jsm.consumers.delete(STREAM, durable).catch(() => undefined);
  await jsm.streams.purge(STREAM);
  await db.query(`TRUNCATE outbox, inbox, effect`);
}

const effects = async () => Number((await db.query(`SELECT count(*)::int AS n FROM effect`)).rows[0].n);

try {
  // ── raw: js.publish + durable pull consumer acking each message ───────────────────────────────
  await reset();
  await jsm.consumers.add(STREAM, {
    durable_name: 'bench-raw',
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: REGISTERED,
  });
  const messages = await (await js.consumers.get(STREAM, 'bench-raw')).consume();
  let acked = 0;
  const rawLoop = (async () => {
    for await (const m of messages) {
      m.ack();
      acked++;
    }
  })();
  rows.push(
    await measure(
      'raw js.publish + consume/ack',
      (b) => publishDirect(b, false),
      () => acked,
    ),
  );
  await messages.close();
  await rawLoop;

  // ── reference: the raw clients doing the same database work as our handler ────────────────────
  // (one transaction per event: inbox row + effect row, then ack), at the same concurrencies.
  let previous = 'bench-raw';
  for (const concurrency of CONCURRENCIES) {
    const durable = `bench-rawpg-c${concurrency}`;
    await reset(previous);
    previous = durable;
    const pool = new pg.Pool({
      connectionString: schema.url,
      max: concurrency,
      options: `-c search_path=${schema.schema}`,
    });
    await jsm.consumers.add(STREAM, {
      durable_name: durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: REGISTERED,
    });
    const msgs = await (await js.consumers.get(STREAM, durable)).consume();
    const handle = async (m: JsMsg) => {
      const envelope = m.json<{ id: string; data: { complaintId: string } }>();
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const fresh = await c.query(
          `INSERT INTO inbox (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
          [durable, envelope.id, m.subject],
        );
        if (fresh.rowCount)
          await c.query(`INSERT INTO effect (event_id, complaint_id) VALUES ($1, $2)`, [
            envelope.id,
            envelope.data.complaintId,
          ]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
      m.ack();
    };
    const loop = (async () => {
      const active = new Set<Promise<void>>();
      for await (const m of msgs) {
        const p = handle(m).catch((err: unknown) => log(`raw + pg handler: ${String(err)}`));
        active.add(p);
        void p.finally(() => active.delete(p));
        if (active.size >= concurrency) await Promise.race(active);
      }
      await Promise.allSettled(active);
    })();
    rows.push(
      await measure(
        `raw js + pg (inbox + effect tx/event), concurrency ${concurrency}`,
        (b) => publishDirect(b, false),
        effects,
      ),
    );
    await msgs.close();
    await loop;
    await pool.end();
  }

  // ── ours: a service app with one @OnEvent handler (inbox + one effect row per event) ──────────
  const env = loadConfig('intake', BaseServiceEnv, {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    NATS_URL: nats.url,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  });
  for (const mode of MODES) {
    for (const concurrency of CONCURRENCIES) {
      const durable = `bench-${mode}-c${concurrency}`;
      await reset(previous);
      previous = durable;
      await provisionNats({
        url: nats.url,
        durables: [{ service: 'intake', durable, stream: STREAM, subject: REGISTERED, concurrency }],
      });
      app = (
        await createServiceApp({
          service: 'intake',
          env,
          imports: [
            handlerModule(
              durable,
              concurrency,
              mode === 'grouped' || mode === 'outbox-grouped' ? { maxMessages: GROUP, maxWaitMs: 0 } : undefined,
            ),
          ],
        })
      ).app;
      const publisher = app.get(OutboxPublisher);
      const ds = app.get(DataSource);
      const produce =
        mode === 'transport' || mode === 'grouped'
          ? (b: ComplaintRegisteredV1[]) => publishDirect(b, true)
          : async (b: ComplaintRegisteredV1[]) => {
              for (let i = 0; i < b.length; i += TX_BATCH) {
                await ds.transaction(async (m) => {
                  for (const c of b.slice(i, i + TX_BATCH))
                    await publisher.publish(m, REGISTERED, c, { actor: operator });
                });
              }
            };
      const name =
        mode === 'transport'
          ? `transport only (js.publish → inbox + handler), concurrency ${concurrency}`
          : mode === 'grouped'
            ? `transport, group commit ≤ ${GROUP}/tx, concurrency ${concurrency}`
            : mode === 'outbox'
              ? `ours: outbox → relay → inbox + handler, concurrency ${concurrency}`
              : `ours, group commit ≤ ${GROUP}/tx: outbox → relay → inbox + handler, concurrency ${concurrency}`;
      rows.push(await measure(name, produce, effects));
      await app.close();
      app = null;
    }
  }
  await reset(previous);
} catch (err) {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
} finally {
  await app?.close().catch(() => undefined);
  await nc.close().catch(() => undefined);
  await db.end().catch(() => undefined);
  await nats.dispose().catch(() => undefined);
  await schema.drop().catch(() => undefined);
}

if (rows.length) {
  const base = rows[0]!.eventsPerSecond;
  for (const r of rows) r.ratio = r.eventsPerSecond / base;
  // Our cases also against the raw clients doing the same database work at the same concurrency.
  const concurrencyOf = (r: Row) => /concurrency (\d+)$/.exec(r.name)?.[1];
  for (const r of rows) {
    const ref = rows.find((x) => x.name.startsWith('raw js + pg') && concurrencyOf(x) === concurrencyOf(r));
    if (ref && !r.name.startsWith('raw')) r.vsRawPg = r.eventsPerSecond / ref.eventsPerSecond;
  }
  const lines = [
    ['case', 'N', 'seconds', 'events/s', 'ratio', `goal ≥ ${GOAL}x`, 'vs raw+pg'],
    ...rows.map((r, i) => [
      r.name,
      String(r.events),
      r.seconds.toFixed(2),
      r.eventsPerSecond.toFixed(0),
      `${r.ratio!.toFixed(2)}x`,
      i === 0 ? 'baseline' : r.name.startsWith('ours') ? (r.ratio! >= GOAL ? 'met' : 'NOT met') : '',
      r.vsRawPg === undefined ? '' : `${r.vsRawPg.toFixed(2)}x`,
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  const table = lines
    .map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
  process.stdout.write(
    `\nmessaging: events/s, publish → consume → ack (ours: effect committed), ${N} events after ${WARMUP} warm-up, same nats-server\n${table}\n`,
  );
  const headline = rows.filter((r) => r.name.startsWith('ours'));
  const best = headline.reduce<Row | null>((a, r) => (a && a.eventsPerSecond >= r.eventsPerSecond ? a : r), null);
  if (best)
    process.stdout.write(
      `goal ours/raw ≥ ${GOAL}x: best ${best.ratio!.toFixed(2)}x (${best.name}) → ${best.ratio! >= GOAL ? 'met' : 'NOT met'}\n`,
    );
  const result = {
    bench: 'messaging',
    at: new Date().toISOString(),
    events: N,
    warmup: WARMUP,
    txBatch: TX_BATCH,
    pubBatch: PUB_BATCH,
    goal: GOAL,
    goalMet: best ? best.ratio! >= GOAL : null,
    totalSeconds: (Date.now() - started) / 1000,
    rows,
  };
  const json = JSON.stringify(result);
  try {
    const dir = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}messaging.json`, `${json}\n`);
  } catch {
    // results are printed anyway
  }
  process.stdout.write(`${json}\n`);
}
process.exit(process.exitCode ?? 0);
