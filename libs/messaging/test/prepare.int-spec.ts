import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { systemActor, type Actor } from '@slrt/contracts';
import {
  sampleComplaintRegistered,
  startNatsServer,
  waitFor,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
import { SERVICE_DURABLES, buildEnvelope, createServiceApp, provisionNats } from '../src/index.js';
import { PreparedProbeModule, insideTransaction, preparedLog } from './support/probe.module.js';
import { createProbeSchema } from './support/probe-schema.js';

const REGISTERED = 'slrt.evt.intake.complaint.registered.v1' as const;
const DURABLE = 'probe-prepared';
const operator: Actor = Object.assign(systemActor('gateway'), {
  kind: 'user' as const,
  id: 'user-42',
  roles: ['FO' as const],
  regionScope: ['62.71'],
});

/**
 * `@OnEvent(…, { prepare })`: a read-only step before the inbox transaction (a request to another
 * service, say), its result handed to the handler, which runs in the transaction as usual.
 */
describe('messaging: the prepare step of an @OnEvent consumer', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let app: NestFastifyApplication;
  let db: DataSource;
  let nc: NatsConnection;

  const q = async (sql: string, params: unknown[] = []) => db.query(sql, params);
  const publish = async () => {
    const e = buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, sampleComplaintRegistered(), {
      actor: operator,
    });
    await jetstream(nc).publish(REGISTERED, JSON.stringify(e), { msgID: e.id });
    return e;
  };
  const effects = async (complaintId: string) =>
    (await q(`SELECT delivery FROM effect WHERE complaint_id = $1`, [complaintId])) as Array<{ delivery: number }>;
  const logOf = (complaintId: string) =>
    preparedLog.filter((l) => l.includes(complaintId)).map((l) => l.replace(` ${complaintId}`, ''));

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
    const env = loadConfig('intake', BaseServiceEnv, {
      DATABASE_URL: schema.url,
      DATABASE_SCHEMA: schema.schema,
      NATS_URL: nats.url,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    });
    app = (
      await createServiceApp({
        service: 'intake',
        env,
        imports: [PreparedProbeModule],
        messaging: { retryBaseMs: 50, maxDeliver: 3, ackWaitMs: 2000 },
      })
    ).app;
    // Every transaction the service opens runs its work inside `insideTransaction`: the probe reads
    // where it is from there (the outbox relay's transactions do not disturb it, unlike a counter).
    const ds = app.get(DataSource);
    const original = ds.transaction.bind(ds) as (...args: unknown[]) => Promise<unknown>;
    ds.transaction = ((...args: unknown[]) => {
      const work = args[args.length - 1] as (...a: unknown[]) => Promise<unknown>;
      return original(...args.slice(0, -1), (...a: unknown[]) => insideTransaction.run(true, () => work(...a)));
    }) as DataSource['transaction'];
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await db?.destroy();
    await nats?.dispose();
    await schema?.drop();
  });

  it('runs prepare before and outside the inbox transaction, and hands its result to the handler inside it', async () => {
    const e = await publish();
    await waitFor(async () => (await effects(e.data.complaintId)).length === 1, { message: 'effect written' });
    expect(logOf(e.data.complaintId)).toEqual(['prepare 1 false', 'handle read at delivery 1 true']);
  });

  it('writes nothing when prepare fails: the event is retried, prepare runs again, the handler once', async () => {
    const e = buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, sampleComplaintRegistered(), {
      actor: operator,
    });
    await q(`INSERT INTO control (complaint_id, mode, failures) VALUES ($1, 'fail-first', 1)`, [e.data.complaintId]);
    await jetstream(nc).publish(REGISTERED, JSON.stringify(e), { msgID: e.id });
    await waitFor(async () => (await effects(e.data.complaintId)).length === 1, { message: 'effect after the retry' });
    expect(await effects(e.data.complaintId)).toEqual([{ delivery: 2 }]);
    expect(logOf(e.data.complaintId)).toEqual(['prepare 1 false', 'prepare 2 false', 'handle read at delivery 2 true']);
    const inbox = (await q(`SELECT count(*)::int AS n FROM inbox WHERE consumer = $1 AND event_id = $2`, [
      DURABLE,
      e.id,
    ])) as Array<{ n: number }>;
    expect(inbox[0]!.n).toBe(1);
  });
});
