import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { systemActor, type Actor, type ComplaintRegisteredV1, type Envelope } from '@slrt/contracts';
import {
  freePort,
  sampleComplaintRegistered,
  startNatsServer,
  waitFor,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
import { SERVICE_DURABLES, buildEnvelope, provisionNats } from '../src/index.js';
import { GroupedProbeModule } from './support/probe.module.js';
import { exited, startProbeApp, startProbeProcess } from './support/probe-app.js';
import { createProbeSchema } from './support/probe-schema.js';

const REGISTERED = 'slrt.evt.intake.complaint.registered.v1' as const;
const DURABLE = 'probe-grouped';
const operator: Actor = Object.assign(systemActor('gateway'), {
  kind: 'user' as const,
  id: 'user-42',
  roles: ['FO' as const],
  regionScope: ['62.71'],
});

/**
 * Group commit (`@OnEvent(…, { groupCommit })`): the messages fetched together share one
 * transaction, each under its own savepoint; one COMMIT, then the acks.
 */
describe('messaging: group commit of an @OnEvent consumer', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let app: NestFastifyApplication | null = null;
  let db: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  const startApp = () => startProbeApp(schema, nats, GroupedProbeModule);
  const stopApp = async () => {
    await app?.close();
    app = null;
  };
  const q = async (sql: string, params: unknown[] = []) => db.query(sql, params);
  const rows = async (ids: string[]) =>
    (await q(
      `SELECT complaint_id, delivery, txid::text AS txid, batch_size FROM grouped_effect WHERE complaint_id = ANY($1::uuid[]) ORDER BY complaint_id, delivery`,
      [ids],
    )) as Array<{
      complaint_id: string;
      delivery: number;
      txid: string;
      batch_size: number;
    }>;
  const envelopes = (n: number) =>
    Array.from({ length: n }, () =>
      buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, sampleComplaintRegistered(), {
        actor: operator,
      }),
    );
  /** Publishes the envelopes (pipelined); `suffix` gives a new Nats-Msg-Id, as a duplicate after the dedup window would have. */
  const publish = async (items: Envelope<ComplaintRegisteredV1>[], suffix = '') => {
    const js = jetstream(nc);
    await Promise.all(items.map((e) => js.publish(REGISTERED, JSON.stringify(e), { msgID: `${e.id}${suffix}` })));
  };
  const settled = () =>
    waitFor(
      async () => {
        const info = await jsm.consumers.info('SLRT_INTAKE', DURABLE);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      },
      { timeoutMs: 30_000, message: 'consumer settled' },
    );
  const ids = (items: Envelope<ComplaintRegisteredV1>[]) => items.map((e) => e.data.complaintId);

  beforeAll(async () => {
    nats = await startNatsServer({ auth: false });
    await provisionNats({
      url: nats.url,
      durables: [
        ...SERVICE_DURABLES,
        { service: 'intake', durable: DURABLE, stream: 'SLRT_INTAKE', subject: REGISTERED, maxDeliver: 3 },
      ],
      ackWaitMs: 2000,
    });
    schema = await createProbeSchema();
    db = new DataSource({ type: 'postgres', url: schema.url, extra: { options: `-c search_path=${schema.schema}` } });
    await db.initialize();
    await q(
      `CREATE TABLE grouped_effect (event_id uuid NOT NULL, complaint_id uuid NOT NULL, delivery int NOT NULL, txid bigint NOT NULL, batch_size int NOT NULL)`,
    );
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await stopApp();
    await nc?.close();
    await db?.destroy();
    await nats?.dispose();
    await schema?.drop();
  });

  it('commits a fetched batch in one transaction; a failing handler rolls back only its own work and only its message is retried', async () => {
    const items = envelopes(8);
    const [failing, sqlError, refused] = [items[1]!, items[4]!, items[6]!];
    const others = items.filter((e) => ![failing, sqlError, refused].includes(e));
    await q(
      `INSERT INTO control (complaint_id, mode, failures) VALUES ($1, 'fail-first', 1), ($2, 'sql-error', 0), ($3, 'permanent', 0)`,
      [failing.data.complaintId, sqlError.data.complaintId, refused.data.complaintId],
    );
    // Published while the consumer is down: started, it fetches them together.
    await publish(items);
    app = await startApp();
    await waitFor(async () => (await rows(ids([failing, sqlError]))).length === 2, {
      timeoutMs: 30_000,
      message: 'the failed messages retried',
    });
    await settled();

    const committed = await rows(ids(others));
    expect(committed.map((r) => r.delivery)).toEqual([1, 1, 1, 1, 1]); // each once, first delivery, never redone
    expect(new Set(committed.map((r) => r.txid)).size).toBe(1); // one transaction for the batch
    expect(committed[0]!.batch_size).toBe(8); // every message of the batch was fetched together
    // The handlers that failed left nothing of their first attempt; retried alone, they committed once.
    expect((await rows(ids([failing]))).map((r) => r.delivery)).toEqual([2]);
    expect((await rows(ids([sqlError]))).map((r) => r.delivery)).toEqual([2]);
    // A PermanentError in a batch is dead-lettered as before, its effect rolled back.
    expect(await rows(ids([refused]))).toEqual([]);
    const dlq = await jsm.streams.info('SLRT_DLQ');
    expect(dlq.state.messages).toBe(1);
    const inbox = (await q(`SELECT event_id::text FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [
      DURABLE,
      items.map((e) => e.id),
    ])) as unknown[];
    expect(inbox).toHaveLength(7);
  }, 60_000);

  it('does nothing when a committed batch is delivered again (inbox), and acks it', async () => {
    const items = envelopes(6);
    await publish(items);
    await waitFor(async () => (await rows(ids(items))).length === 6, { timeoutMs: 30_000 });
    await settled();
    await publish(items, ':again'); // new Nats-Msg-Id: JetStream's dedup does not catch it
    await settled();
    expect((await rows(ids(items))).map((r) => r.delivery)).toEqual([1, 1, 1, 1, 1, 1]);
  }, 60_000);

  it('applies an event once when it comes twice in the same batch (one inbox statement for the batch), and acks both', async () => {
    await stopApp();
    const items = envelopes(5);
    // Published while the consumer is down, each twice under a new Nats-Msg-Id: fetched in one batch.
    await publish(items);
    await publish(items, ':again');
    app = await startApp();
    await waitFor(async () => (await rows(ids(items))).length === 5, { timeoutMs: 30_000 });
    await settled();
    const committed = await rows(ids(items));
    expect(committed.map((r) => r.delivery)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(committed.map((r) => r.txid)).size).toBe(1);
    expect(committed[0]!.batch_size).toBe(10); // both copies were in that one transaction
  }, 60_000);

  it('redelivers the whole batch when the process dies between its COMMIT and the acks, without doubling an effect', async () => {
    await stopApp(); // the probe child process takes over the durable
    const port = await freePort();
    const startChild = () => startProbeProcess(schema, nats, port, { PROBE_MODULE: 'grouped' });

    const items = envelopes(6);
    await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'crash-after-commit')`, [items[3]!.data.complaintId]);
    await publish(items);
    const deliveredBefore = (await jsm.consumers.info('SLRT_INTAKE', DURABLE)).delivered.consumer_seq;
    let child = await startChild();
    expect(await exited(child)).toBe('SIGKILL'); // right after the batch's COMMIT, before any ack
    const before = await rows(ids(items));
    expect(before.map((r) => r.delivery)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(new Set(before.map((r) => r.txid)).size).toBe(1);
    child = await startChild();
    try {
      // Nothing was acked: after the ack wait all six come again, find their inbox rows and are acked.
      await waitFor(
        async () => (await jsm.consumers.info('SLRT_INTAKE', DURABLE)).delivered.consumer_seq >= deliveredBefore + 6,
        { timeoutMs: 30_000, message: 'batch redelivered' },
      );
      await settled();
      expect((await rows(ids(items))).map((r) => r.delivery)).toEqual([1, 1, 1, 1, 1, 1]);
      expect(
        Number(
          (
            await q(`SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [
              DURABLE,
              items.map((e) => e.id),
            ])
          )[0].n,
        ),
      ).toBe(6);
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
  }, 90_000);
});
