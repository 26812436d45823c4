import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { systemActor, type Actor, type ComplaintRegisteredV1 } from '@slrt/contracts';
import { freePort, startNatsServer, waitFor, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { createLogger } from '@slrt/observability';
import { HEADER, OutboxPublisher, RpcCallError, RpcClient, buildEnvelope, createServiceApp, toNatsHeaders } from '../src/index.js';
import { ProbeModule } from './support/probe.module.js';
import { createProbeSchema } from './support/probe-schema.js';

const REGISTERED = 'slrt.evt.intake.complaint.registered.v1' as const;

function complaint(complaintId = uuidv7()): ComplaintRegisteredV1 {
  return {
    complaintId,
    receiptNumber: '6271-2611-000123',
    channel: 'PUSKESOS_FO',
    category: 'non-kepesertaan',
    contactType: 'pengaduan',
    programmeCodes: ['PKH'],
    desaCode: '62.71.01.1001',
    recordedAt: '2026-11-20T02:15:00.000Z',
    registryCheck: 'in-registry',
    subjectHasNik: true,
    possibleDuplicateOf: null,
  } as ComplaintRegisteredV1;
}

const operator: Actor = Object.assign(systemActor('gateway'), { kind: 'user' as const, id: 'user-42', roles: ['FO' as const], regionScope: ['62.71'] });

describe('messaging: JetStream transport, outbox, inbox, DLQ, request/reply', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let app: NestFastifyApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  const env = () =>
    loadConfig('intake', BaseServiceEnv, { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, NATS_URL: nats.url, LOG_LEVEL: 'silent', NODE_ENV: 'test' });
  const startApp = async () => (await createServiceApp({ service: 'intake', env: env(), imports: [ProbeModule], messaging: { retryBaseMs: 50, maxDeliver: 3 } })).app;
  const q = async (sql: string, params: unknown[] = []) => db.query(sql, params);
  const effects = async (complaintId: string) => Number((await q(`SELECT count(*)::int AS n FROM effect WHERE complaint_id = $1`, [complaintId]))[0].n);
  const publishViaOutbox = async (items: ComplaintRegisteredV1[]) => {
    const publisher = app.get(OutboxPublisher);
    const ds = app.get(DataSource);
    return ds.transaction(async (m) => {
      const out = [];
      for (const c of items) out.push(await publisher.publish(m, REGISTERED, c, { actor: operator }));
      return out;
    });
  };
  const dlqMessages = async () => {
    const info = await jsm.streams.info('SLRT_DLQ');
    const out = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await jsm.streams.getMessage('SLRT_DLQ', { seq });
      if (m) out.push({ subject: m.subject, headers: Object.fromEntries([...(m.header ?? [])].map(([k, v]) => [k, v[0]])), body: m.json<{ data: { complaintId?: string } }>() });
    }
    return out;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    schema = await createProbeSchema();
    db = new DataSource({ type: 'postgres', url: schema.url, extra: { options: `-c search_path=${schema.schema}` } });
    await db.initialize();
    app = await startApp();
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await db?.destroy();
    await nats?.dispose();
    await schema?.drop();
  });

  it('processes an event published through the outbox exactly once, and records it in the inbox', async () => {
    const items = Array.from({ length: 20 }, () => complaint());
    await publishViaOutbox(items);
    for (const c of items) await waitFor(async () => (await effects(c.complaintId)) === 1, { message: 'effect written' });
    const inbox = await q(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'probe-registered'`);
    expect(inbox[0].n).toBeGreaterThanOrEqual(20);
    const unsent = await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
    expect(unsent[0].n).toBe(0);
  });

  it('skips a duplicate that arrives after JetStream\u2019s dedup window (same envelope id, new Nats-Msg-Id)', async () => {
    const c = complaint();
    const [envelope] = await publishViaOutbox([c]);
    await waitFor(async () => (await effects(c.complaintId)) === 1);
    // JetStream would drop the same Nats-Msg-Id inside its window; outside it only the inbox helps.
    await jetstream(nc).publish(REGISTERED, JSON.stringify(envelope), { msgID: `${envelope!.id}-late` });
    const marker = complaint();
    await publishViaOutbox([marker]);
    await waitFor(async () => (await effects(marker.complaintId)) === 1);
    await waitFor(async () => {
      const info = await jsm.consumers.info('SLRT_INTAKE', 'probe-registered');
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
    expect(await effects(c.complaintId)).toBe(1);
  });

  it('retries a transient failure with backoff and applies the effect once', async () => {
    const c = complaint();
    await q(`INSERT INTO control (complaint_id, mode, failures) VALUES ($1, 'fail-first', 2)`, [c.complaintId]);
    await publishViaOutbox([c]);
    await waitFor(async () => (await effects(c.complaintId)) === 1, { message: 'effect after retries' });
    const rows = await q(`SELECT delivery FROM effect WHERE complaint_id = $1`, [c.complaintId]);
    expect(rows).toEqual([{ delivery: 3 }]); // the two failed attempts rolled back with their transaction
  });

  it('sends an invalid payload to SLRT_DLQ with the original headers and the reason, and keeps the stream flowing', async () => {
    const bad = buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, { ...complaint(), desaCode: 'not-a-code' });
    await jetstream(nc).publish(REGISTERED, JSON.stringify(bad), { msgID: bad.id, headers: toNatsHeaders({ [HEADER.correlationId]: bad.correlationId, 'x-origin': 'test' }) });
    const after = complaint();
    await publishViaOutbox([after]);
    await waitFor(async () => (await effects(after.complaintId)) === 1);
    const dead = await waitFor(async () => (await dlqMessages()).find((m) => m.headers[HEADER.dlqSubject] === REGISTERED && m.headers[HEADER.dlqReason]?.includes('desaCode')));
    expect(dead.subject).toBe('slrt.dlq.intake.probe-registered');
    expect(dead.headers[HEADER.dlqReason]).toMatch(/invalid payload/);
    expect(dead.headers[HEADER.dlqStream]).toBe('SLRT_INTAKE');
    expect(dead.headers[HEADER.dlqConsumer]).toBe('probe-registered');
    expect(dead.headers['x-origin']).toBe('test');
    expect(dead.headers[HEADER.correlationId]).toBe(bad.correlationId);
    expect(dead.body.data.complaintId).toBe(bad.data.complaintId);
  });

  it('dead-letters a message the handler refuses permanently, at once', async () => {
    const c = complaint();
    await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'permanent')`, [c.complaintId]);
    const [envelope] = await publishViaOutbox([c]);
    const dead = await waitFor(async () => (await dlqMessages()).find((m) => m.body.data.complaintId === c.complaintId));
    expect(dead.headers[HEADER.dlqReason]).toBe('rejected by handler: complaint refused by probe');
    expect(dead.headers[HEADER.dlqDeliveries]).toBe('1');
    expect(dead.headers[HEADER.correlationId]).toBe(envelope!.correlationId);
    expect(await effects(c.complaintId)).toBe(0);
  });

  it('dead-letters a message whose deliveries are exhausted (max_deliver bounded)', async () => {
    const c = complaint();
    await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'always-fail')`, [c.complaintId]);
    await publishViaOutbox([c]);
    const dead = await waitFor(async () => (await dlqMessages()).find((m) => m.body.data.complaintId === c.complaintId), { timeoutMs: 15_000 });
    expect(dead.headers[HEADER.dlqReason]).toMatch(/^failed 3 times; last error:/);
    expect(dead.headers[HEADER.dlqDeliveries]).toBe('3');
    expect(await effects(c.complaintId)).toBe(0);
  }, 30_000);

  describe('request/reply', () => {
    let client: RpcClient;
    beforeAll(() => {
      client = app.get(RpcClient);
    });
    const purpose = { kind: 'complaint' as const, reference: 'c-1' };

    it('answers with the typed reply and carries the caller\u2019s identity', async () => {
      const reply = await client.request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900001', purpose }, { actor: operator });
      expect(reply).toEqual({ found: true, householdId: 'user-42', desil: 3, programmeFlags: ['PKH'], dataPeriod: '2026-09' });
    });

    it('turns a domain error into its typed code', async () => {
      const err = await client.request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507909999', purpose }, { actor: operator }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcCallError);
      expect((err as RpcCallError).error).toEqual({ code: 'NOT_FOUND', detail: 'NIK tidak ditemukan.', reason: 'NIK_NOT_FOUND' });
    });

    it('refuses an invalid request before sending it, with field errors', async () => {
      const err = (await client.request('slrt.rpc.registry.lookup-nik.v1', { nik: '123', purpose }, { actor: operator }).catch((e: unknown) => e)) as RpcCallError;
      expect(err.error.code).toBe('VALIDATION_FAILED');
      expect(err.error.fieldErrors?.map((f) => f.field)).toEqual(['nik']);
    });

    it('validates on the server too, and refuses a request without identity', async () => {
      const bad = buildEnvelope({ service: 'gateway', kabKotaCode: '62.71' }, 'slrt.rpc.registry.lookup-nik.v1', { nik: 'x', purpose });
      const r1 = JSON.parse(Buffer.from((await nc.request('slrt.rpc.registry.lookup-nik.v1', JSON.stringify(bad))).data).toString());
      expect(r1).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'nik' }] } });
      const anonymous = buildEnvelope({ service: 'gateway', kabKotaCode: '62.71' }, 'slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900001', purpose });
      const r2 = JSON.parse(Buffer.from((await nc.request('slrt.rpc.registry.lookup-nik.v1', JSON.stringify(anonymous))).data).toString());
      expect(r2).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    });

    it('reports a reply that breaks its contract as INTERNAL, without details', async () => {
      const err = (await client.request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507907777', purpose }, { actor: operator }).catch((e: unknown) => e)) as RpcCallError;
      expect(err.error.code).toBe('INTERNAL');
      expect(err.error.detail).not.toMatch(/found|lookup|Error/);
    });

    it('answers TIMEOUT when the service does not reply in time and UNAVAILABLE when nobody listens', async () => {
      const slow = (await client.request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507908888', purpose }, { actor: operator, timeoutMs: 200 }).catch((e: unknown) => e)) as RpcCallError;
      expect(slow.error.code).toBe('TIMEOUT');
      const other = await startNatsServer();
      const otherNc = await connect({ servers: other.url });
      try {
        const lonely = new RpcClient(otherNc, { service: 'gateway', kabKotaCode: '62.71' }, createLogger('test', 'silent'));
        const none = (await lonely.request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900001', purpose }, { actor: operator }).catch((e: unknown) => e)) as RpcCallError;
        expect(none.error.code).toBe('UNAVAILABLE');
      } finally {
        await otherNc.close();
        await other.dispose();
      }
    });
  });

  describe('surviving failures', () => {
    it('keeps committed events through a NATS crash and delivers each exactly once after it is back', async () => {
      await nats.kill('SIGKILL');
      const items = Array.from({ length: 30 }, () => complaint());
      await publishViaOutbox(items); // commits although NATS is down
      await new Promise((r) => setTimeout(r, 300));
      expect(Number((await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n)).toBeGreaterThanOrEqual(30);
      await nats.start();
      for (const c of items) await waitFor(async () => (await effects(c.complaintId)) === 1, { timeoutMs: 20_000, message: 'delivered after NATS restart' });
      await new Promise((r) => setTimeout(r, 500));
      for (const c of items) expect(await effects(c.complaintId)).toBe(1);
    }, 60_000);

    it('survives PostgreSQL dropping every connection of the service mid-stream', async () => {
      const items = Array.from({ length: 30 }, () => complaint());
      const publishing = publishViaOutbox(items);
      await publishing;
      const admin = new pg.Client({ connectionString: schema.url });
      await admin.connect();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'intake%' AND pid <> pg_backend_pid()`);
      await admin.end();
      for (const c of items) await waitFor(async () => (await effects(c.complaintId)) === 1, { timeoutMs: 20_000, message: 'delivered after connections dropped' });
      for (const c of items) expect(await effects(c.complaintId)).toBe(1);
    }, 60_000);

    it('loses and doubles nothing when the consuming service is killed (SIGKILL) mid-stream and restarted', async () => {
      await app.close(); // the in-process instance steps aside; a child process takes over the same durable
      const items = Array.from({ length: 60 }, () => complaint());
      for (const c of items.filter((_, i) => i % 3 === 0)) await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'slow')`, [c.complaintId]);
      const port = await freePort();
      const script = fileURLToPath(new URL('./support/probe-service.ts', import.meta.url));
      const register = fileURLToPath(new URL('../../testing/ts-register.mjs', import.meta.url));
      const startChild = (): ChildProcess =>
        spawn(process.execPath, ['--import', register, script], {
          env: { ...process.env, DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, NATS_URL: nats.url, HTTP_PORT: String(port), LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
          stdio: 'ignore',
        });
      let child = startChild();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.ok, { timeoutMs: 30_000, message: 'child ready' });
      // The child's relay publishes these; kill it once some, not all, have been handled.
      await db.transaction(async (m) => {
        const publisher = new OutboxPublisher({ service: 'intake', kabKotaCode: '62.71', schema: schema.schema });
        for (const c of items) await publisher.publish(m, REGISTERED, c, { actor: operator });
      });
      await waitFor(async () => Number((await q(`SELECT count(DISTINCT complaint_id)::int AS n FROM effect WHERE complaint_id = ANY($1::uuid[])`, [items.map((c) => c.complaintId)]))[0].n) >= 5, { timeoutMs: 20_000 });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      child = startChild();
      try {
        for (const c of items) await waitFor(async () => (await effects(c.complaintId)) >= 1, { timeoutMs: 40_000, message: 'every event handled after the restart' });
        await new Promise((r) => setTimeout(r, 500));
        const counts = await q(`SELECT complaint_id, count(*)::int AS n FROM effect WHERE complaint_id = ANY($1::uuid[]) GROUP BY complaint_id`, [items.map((c) => c.complaintId)]);
        expect(counts).toHaveLength(60);
        expect(counts.filter((r: { n: number }) => r.n !== 1)).toEqual([]);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      app = await startApp();
    }, 90_000);
  });
});
