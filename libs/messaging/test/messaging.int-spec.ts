/* eslint-disable max-lines -- integration spec of messaging: JetStream transport, outbox, inbox, DLQ, request/reply: its tests share one booted stack, which takes seconds to start */
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { systemActor, type Actor, type ComplaintRegisteredV1 } from '@slrt/contracts';
import {
  freePort,
  sampleComplaintRegistered,
  startNatsServer,
  waitFor,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
import { createLogger } from '@slrt/observability';
import {
  HEADER,
  InvalidEventError,
  OutboxPublisher,
  RpcCallError,
  RpcClient,
  SERVICE_DURABLES,
  buildEnvelope,
  createServiceApp,
  provisionNats,
  toNatsHeaders,
} from '../src/index.js';
import { ProbeModule, UnprovisionedModule, handledRequests } from './support/probe.module.js';
import { exited, probeEnv, startProbeApp, startProbeProcess } from './support/probe-app.js';
import { createProbeSchema } from './support/probe-schema.js';

const REGISTERED = 'slrt.evt.intake.complaint.registered.v1' as const;

const complaint = (complaintId?: string): ComplaintRegisteredV1 => sampleComplaintRegistered(complaintId);

/** The probe's durables (test-only, run by the probe "intake"), provisioned like production's. */
const PROBE_DURABLES = [
  {
    service: 'intake',
    durable: 'probe-registered',
    stream: 'SLRT_INTAKE',
    subject: REGISTERED,
    concurrency: 4,
    maxDeliver: 3,
  },
  {
    service: 'intake',
    durable: 'probe-withdrawn',
    stream: 'SLRT_INTAKE',
    subject: 'slrt.evt.intake.complaint.withdrawn.v1',
    maxDeliver: 3,
  },
];

const operator: Actor = Object.assign(systemActor('gateway'), {
  kind: 'user' as const,
  id: 'user-42',
  roles: ['FO' as const],
  regionScope: ['62.71'],
});
/** The probe answers lookup-nik, which no person may call (the catalog's roles are empty): the gateway asks as itself. */
const gatewayItself = systemActor('gateway');

describe('messaging: JetStream transport, outbox, inbox, DLQ, request/reply', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let app: NestFastifyApplication;
  let db: DataSource;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  const env = () => probeEnv(schema, nats);
  const startApp = () => startProbeApp(schema, nats, ProbeModule);
  const q = async (sql: string, params: unknown[] = []) => db.query(sql, params);
  const effects = async (complaintId: string) =>
    Number((await q(`SELECT count(*)::int AS n FROM effect WHERE complaint_id = $1`, [complaintId]))[0].n);
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
      if (m)
        out.push({
          subject: m.subject,
          headers: Object.fromEntries([...(m.header ?? [])].map(([k, v]) => [k, v[0]])),
          body: m.json<{ data: { complaintId?: string } }>(),
        });
    }
    return out;
  };

  beforeAll(async () => {
    // Transport mechanics, not permissions (deploy/nats/test and the services' suites run those):
    // the probe answers a registry request as "intake", which the production accounts forbid.
    nats = await startNatsServer({ auth: false });
    await provisionNats({ url: nats.url, durables: [...SERVICE_DURABLES, ...PROBE_DURABLES], ackWaitMs: 2000 });
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
    for (const c of items)
      await waitFor(async () => (await effects(c.complaintId)) === 1, { message: 'effect written' });
    const inbox = await q(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'probe-registered'`);
    expect(inbox[0].n).toBeGreaterThanOrEqual(20);
    const unsent = await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
    expect(unsent[0].n).toBe(0);
  });

  it('writes prepared events with the caller\u2019s own statement in one round trip: in order, delivered once, or rolled back with it', async () => {
    const publisher = app.get(OutboxPublisher);
    const ds = app.get(DataSource);
    const items = Array.from({ length: 3 }, () => complaint());
    const ids = items.map((c) => c.complaintId);
    const rows = await ds.transaction((m) =>
      publisher.write<{ n: number }>(
        m,
        items.map((c) => publisher.prepare(REGISTERED, c, { actor: operator })),
        { ctes: `given AS (SELECT $1::int AS n)`, select: `SELECT n FROM given`, params: [7] },
      ),
    );
    expect(rows).toEqual([{ n: 7 }]);
    for (const c of items)
      await waitFor(async () => (await effects(c.complaintId)) === 1, { message: 'effect written' });
    const written = await q(
      `SELECT envelope->'data'->>'complaintId' AS id FROM outbox WHERE envelope->'data'->>'complaintId' = ANY($1::text[]) ORDER BY created_at, id`,
      [ids],
    );
    expect(written.map((r: { id: string }) => r.id)).toEqual(ids);
    // The caller's statement fails: its events are not written either.
    const lost = complaint();
    await expect(
      ds.transaction((m) =>
        publisher.write(m, [publisher.prepare(REGISTERED, lost, { actor: operator })], {
          ctes: `broken AS (SELECT 1 / (SELECT count(*)::int - count(*)::int FROM outbox) AS n)`,
          select: `SELECT n FROM broken`,
          params: [],
        }),
      ),
    ).rejects.toThrow(/division by zero/);
    expect(
      (
        await q(`SELECT count(*)::int AS n FROM outbox WHERE envelope->'data'->>'complaintId' = $1`, [lost.complaintId])
      )[0].n,
    ).toBe(0);
    // An invalid payload is refused when prepared, before anything is written.
    expect(() => publisher.prepare(REGISTERED, { ...complaint(), desaCode: 'nowhere' }, { actor: operator })).toThrow(
      InvalidEventError,
    );
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
    const bad = buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, {
      ...complaint(),
      desaCode: 'not-a-code',
    });
    await jetstream(nc).publish(REGISTERED, JSON.stringify(bad), {
      msgID: bad.id,
      headers: toNatsHeaders({ [HEADER.correlationId]: bad.correlationId, 'x-origin': 'test' }),
    });
    const after = complaint();
    await publishViaOutbox([after]);
    await waitFor(async () => (await effects(after.complaintId)) === 1);
    const dead = await waitFor(async () =>
      (await dlqMessages()).find(
        (m) => m.headers[HEADER.dlqSubject] === REGISTERED && m.headers[HEADER.dlqReason]?.includes('desaCode'),
      ),
    );
    expect(dead.subject).toBe('slrt.dlq.intake.probe-registered');
    expect(dead.headers[HEADER.dlqReason]).toMatch(/invalid payload/);
    // Dead-lettered on its first delivery: an invalid payload is never retried.
    expect(dead.headers[HEADER.dlqDeliveries]).toBe('1');
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
    const dead = await waitFor(async () =>
      (await dlqMessages()).find((m) => m.body.data.complaintId === c.complaintId),
    );
    expect(dead.headers[HEADER.dlqReason]).toBe('rejected by handler: complaint refused by probe');
    expect(dead.headers[HEADER.dlqDeliveries]).toBe('1');
    expect(dead.headers[HEADER.correlationId]).toBe(envelope!.correlationId);
    expect(await effects(c.complaintId)).toBe(0);
  });

  it('dead-letters a message whose deliveries are exhausted (max_deliver bounded)', async () => {
    const c = complaint();
    await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'always-fail')`, [c.complaintId]);
    await publishViaOutbox([c]);
    const dead = await waitFor(
      async () => (await dlqMessages()).find((m) => m.body.data.complaintId === c.complaintId),
      { timeoutMs: 15_000 },
    );
    expect(dead.headers[HEADER.dlqReason]).toMatch(/^failed 3 times; last error:/);
    expect(dead.headers[HEADER.dlqDeliveries]).toBe('3');
    expect(await effects(c.complaintId)).toBe(0);
  }, 30_000);

  it('never creates a stream or durable itself: it binds to what the provisioning step made', async () => {
    const other = await createServiceApp({
      service: 'intake',
      env: env(),
      imports: [UnprovisionedModule],
      messaging: { relay: false },
    });
    try {
      await expect(jsm.consumers.info('SLRT_INTAKE', 'probe-unprovisioned')).rejects.toThrow(/consumer not found/);
    } finally {
      await other.app.close();
    }
  });

  describe('request/reply', () => {
    let client: RpcClient;
    beforeAll(() => {
      // Users are asserted only by the gateway: the test asks as the gateway would.
      client = new RpcClient(nc, { service: 'gateway', kabKotaCode: '62.71' }, createLogger('test', 'silent'));
    });
    const raw = async (wireSubject: string, envelope: unknown) =>
      JSON.parse(
        Buffer.from((await nc.request(wireSubject, JSON.stringify(envelope), { timeout: 5000 })).data).toString(),
      );
    const purpose = { kind: 'complaint' as const, reference: 'c-1' };

    it('answers with the typed reply and carries the caller\u2019s identity', async () => {
      const reply = await client.request(
        'slrt.rpc.registry.lookup-nik.v1',
        { nik: '6271015507900001', purpose },
        { actor: gatewayItself },
      );
      expect(reply).toEqual({
        found: true,
        householdId: 'system:gateway',
        desil: 3,
        programmeFlags: ['PKH'],
        dataPeriod: '2026-09',
      });
    });

    it('turns a domain error into its typed code', async () => {
      const err = await client
        .request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507909999', purpose }, { actor: gatewayItself })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcCallError);
      expect((err as RpcCallError).error).toEqual({
        code: 'NOT_FOUND',
        detail: 'NIK tidak ditemukan.',
        reason: 'NIK_NOT_FOUND',
      });
    });

    it('refuses an invalid request before sending it, with field errors', async () => {
      const err = (await client
        .request('slrt.rpc.registry.lookup-nik.v1', { nik: '123', purpose }, { actor: gatewayItself })
        .catch((e: unknown) => e)) as RpcCallError;
      expect(err.error.code).toBe('VALIDATION_FAILED');
      expect(err.error.fieldErrors?.map((f) => f.field)).toEqual(['nik']);
    });

    it('validates on the server too, and refuses a request without identity', async () => {
      const bad = buildEnvelope({ service: 'gateway', kabKotaCode: '62.71' }, 'slrt.rpc.registry.lookup-nik.v1', {
        nik: 'x',
        purpose,
      });
      const r1 = await raw('slrt.rpc.registry.lookup-nik.v1.gateway', { ...bad, actor: gatewayItself });
      expect(r1).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', fieldErrors: [{ field: 'nik' }] } });
      const anonymous = buildEnvelope({ service: 'gateway', kabKotaCode: '62.71' }, 'slrt.rpc.registry.lookup-nik.v1', {
        nik: '6271015507900001',
        purpose,
      });
      const r2 = await raw('slrt.rpc.registry.lookup-nik.v1.gateway', anonymous);
      expect(r2).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    });

    it('sends on the wire subject naming the calling service, and the handler sees that caller', async () => {
      const seen: string[] = [];
      const spy = nc.subscribe('slrt.rpc.registry.lookup-nik.v1.>', { callback: (_e, m) => void seen.push(m.subject) });
      await nc.flush();
      await client.request(
        'slrt.rpc.registry.lookup-nik.v1',
        { nik: '6271015507900002', purpose },
        { actor: gatewayItself },
      );
      spy.unsubscribe();
      expect(seen).toEqual(['slrt.rpc.registry.lookup-nik.v1.gateway']);
      expect(handledRequests).toContain('gateway system:gateway 6271015507900002');
      const own = await app
        .get(RpcClient)
        .request(
          'slrt.rpc.registry.lookup-nik.v1',
          { nik: '6271015507900003', purpose },
          { actor: systemActor('intake') },
        );
      expect(own.householdId).toBe('system:intake');
      expect(handledRequests).toContain('intake system:intake 6271015507900003');
    });

    it('refuses a person holding none of the roles the catalog declares, before the payload is read and the handler runs', async () => {
      const err = (await client
        .request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900021', purpose }, { actor: operator })
        .catch((e: unknown) => e)) as RpcCallError;
      expect(err).toBeInstanceOf(RpcCallError);
      expect(err.error).toEqual({
        code: 'FORBIDDEN',
        reason: 'ROLE_NOT_ALLOWED',
        detail: 'Peran Anda tidak berwenang melakukan tindakan ini.',
      });
      const invalid = buildEnvelope(
        { service: 'gateway', kabKotaCode: '62.71' },
        'slrt.rpc.registry.lookup-nik.v1',
        { nik: 'x', purpose },
        { actor: operator },
      );
      expect(await raw('slrt.rpc.registry.lookup-nik.v1.gateway', invalid)).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' },
      });
      const owner = { ...operator, kind: 'owner-client' as const, roles: ['PO' as const], ownerCode: 'kemensos-pkh' };
      expect(
        await raw(
          'slrt.rpc.registry.lookup-nik.v1.gateway',
          buildEnvelope(
            { service: 'gateway', kabKotaCode: '62.71' },
            'slrt.rpc.registry.lookup-nik.v1',
            { nik: '6271015507900022', purpose },
            { actor: owner },
          ),
        ),
      ).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', reason: 'ROLE_NOT_ALLOWED' },
      });
      expect(handledRequests.join('\n')).not.toMatch(/60000(21|22)$/m);
    });

    describe('binds the actor to the sending service (raw NATS, as a forger would send)', () => {
      const lookup = (nik: string, actor: Actor | null, producer = 'gateway') =>
        buildEnvelope(
          { service: producer, kabKotaCode: '62.71' },
          'slrt.rpc.registry.lookup-nik.v1',
          { nik, purpose },
          { actor },
        );
      const forbidden = { ok: false, error: { code: 'FORBIDDEN', reason: 'ACTOR_NOT_ALLOWED' } };

      it('refuses a user actor sent by a service other than the gateway', async () => {
        expect(
          await raw('slrt.rpc.registry.lookup-nik.v1.intake', lookup('6271015507900011', operator, 'intake')),
        ).toMatchObject(forbidden);
        expect(
          await raw(
            'slrt.rpc.registry.lookup-nik.v1.referral',
            lookup('6271015507900012', { ...operator, kind: 'owner-client', ownerCode: 'kemensos-pkh' }, 'referral'),
          ),
        ).toMatchObject(forbidden);
        expect(handledRequests.join('\n')).not.toMatch(/600001[12]$/m);
      });

      it('refuses a system actor that is not the sender itself, the gateway included', async () => {
        expect(
          await raw('slrt.rpc.registry.lookup-nik.v1.gateway', lookup('6271015507900013', systemActor('registry'))),
        ).toMatchObject(forbidden);
        expect(
          await raw(
            'slrt.rpc.registry.lookup-nik.v1.intake',
            lookup('6271015507900014', systemActor('registry'), 'intake'),
          ),
        ).toMatchObject(forbidden);
        expect(
          await raw(
            'slrt.rpc.registry.lookup-nik.v1.intake',
            lookup('6271015507900015', { ...systemActor('intake'), roles: ['ADMIN'] }, 'intake'),
          ),
        ).toMatchObject(forbidden);
        expect(handledRequests.join('\n')).not.toMatch(/600001[345]$/m);
      });

      it('refuses an envelope whose producer is not the sender, and an unknown caller token, before validating the payload', async () => {
        expect(
          await raw(
            'slrt.rpc.registry.lookup-nik.v1.intake',
            lookup('6271015507900016', systemActor('intake'), 'registry'),
          ),
        ).toMatchObject(forbidden);
        expect(
          await raw('slrt.rpc.registry.lookup-nik.v1.kemensos-pkh', lookup('6271015507900017', operator)),
        ).toMatchObject(forbidden);
        // An invalid payload from a sender that may not assert the actor learns nothing about validation.
        expect(await raw('slrt.rpc.registry.lookup-nik.v1.intake', lookup('x', operator, 'intake'))).toMatchObject(
          forbidden,
        );
        expect(handledRequests.join('\n')).not.toMatch(/600001[67]$/m);
      });

      it('answers the sender asserting itself', async () => {
        expect(
          await raw(
            'slrt.rpc.registry.lookup-nik.v1.registry',
            lookup('6271015507900018', systemActor('registry'), 'registry'),
          ),
        ).toMatchObject({ ok: true, data: { householdId: 'system:registry' } });
        expect(handledRequests).toContain('registry system:registry 6271015507900018');
      });

      it('does not serve the bare declared subject: no responder, no handler effect', async () => {
        const err = await nc
          .request('slrt.rpc.registry.lookup-nik.v1', JSON.stringify(lookup('6271015507900019', operator)), {
            timeout: 2000,
          })
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(handledRequests.join('\n')).not.toMatch(/6000019$/m);
      });
    });

    it('reports a reply that breaks its contract as INTERNAL, without details', async () => {
      const err = (await client
        .request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507907777', purpose }, { actor: gatewayItself })
        .catch((e: unknown) => e)) as RpcCallError;
      expect(err.error.code).toBe('INTERNAL');
      expect(err.error.detail).not.toMatch(/found|lookup|Error/);
    });

    it('answers TIMEOUT when the service does not reply in time and UNAVAILABLE when nobody listens', async () => {
      const slow = (await client
        .request(
          'slrt.rpc.registry.lookup-nik.v1',
          { nik: '6271015507908888', purpose },
          { actor: gatewayItself, timeoutMs: 200 },
        )
        .catch((e: unknown) => e)) as RpcCallError;
      expect(slow.error.code).toBe('TIMEOUT');
      const other = await startNatsServer({ auth: false });
      const otherNc = await connect({ servers: other.url });
      try {
        const lonely = new RpcClient(
          otherNc,
          { service: 'gateway', kabKotaCode: '62.71' },
          createLogger('test', 'silent'),
        );
        const none = (await lonely
          .request('slrt.rpc.registry.lookup-nik.v1', { nik: '6271015507900001', purpose }, { actor: gatewayItself })
          .catch((e: unknown) => e)) as RpcCallError;
        expect(none.error.code).toBe('UNAVAILABLE');
      } finally {
        await otherNc.close();
        await other.dispose();
      }
    });
  });

  describe('surviving failures', () => {
    const countEffects = async (ids: string[]) =>
      (
        await q(
          `SELECT count(*)::int AS total, count(DISTINCT complaint_id)::int AS distinct_ids FROM effect WHERE complaint_id = ANY($1::uuid[])`,
          [ids],
        )
      )[0] as { total: number; distinct_ids: number };
    /** The probe service as a separate process (real bootstrap), so it can be SIGKILLed. */
    const startChild = (port: number) => startProbeProcess(schema, nats, port);
    const publishDirect = async (items: ComplaintRegisteredV1[]) => {
      const js = jetstream(nc);
      for (const c of items) {
        const envelope = buildEnvelope({ service: 'intake', kabKotaCode: '62.71' }, REGISTERED, c, { actor: operator });
        await js.publish(REGISTERED, JSON.stringify(envelope), { msgID: envelope.id });
      }
    };
    const settled = () =>
      waitFor(
        async () => {
          const info = await jsm.consumers.info('SLRT_INTAKE', 'probe-registered');
          return info.num_pending === 0 && info.num_ack_pending === 0;
        },
        { timeoutMs: 30_000, message: 'consumer settled' },
      );

    it('delivers events published while their consumer was down, once it starts', async () => {
      await app.close();
      const items = Array.from({ length: 10 }, () => complaint());
      await publishDirect(items);
      await new Promise((r) => setTimeout(r, 200));
      expect(await countEffects(items.map((c) => c.complaintId))).toEqual({ total: 0, distinct_ids: 0 });
      app = await startApp();
      await waitFor(async () => (await countEffects(items.map((c) => c.complaintId))).total === 10);
      await settled();
      expect(await countEffects(items.map((c) => c.complaintId))).toEqual({ total: 10, distinct_ids: 10 });
    }, 30_000);

    it('keeps 1,000 events exactly once through a nats-server crash in the middle: outbox holds, everyone reconnects', async () => {
      const items = Array.from({ length: 1000 }, () => complaint());
      const ids = items.map((c) => c.complaintId);
      for (let i = 0; i < 500; i += 50) await publishViaOutbox(items.slice(i, i + 50));
      await nats.kill('SIGKILL');
      // Publishing goes on while NATS is down: the callers' transactions commit regardless.
      for (let i = 500; i < 1000; i += 50) await publishViaOutbox(items.slice(i, i + 50));
      expect(Number((await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n)).toBeGreaterThan(0);
      await nats.start();
      await waitFor(async () => (await countEffects(ids)).distinct_ids === 1000, {
        timeoutMs: 45_000,
        message: 'all 1,000 delivered after the restart',
      });
      await settled();
      expect(await countEffects(ids)).toEqual({ total: 1000, distinct_ids: 1000 });
      expect(Number((await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n)).toBe(0);
    }, 90_000);

    it('survives PostgreSQL dropping every connection of the service mid-stream', async () => {
      const items = Array.from({ length: 100 }, () => complaint());
      const ids = items.map((c) => c.complaintId);
      await publishViaOutbox(items);
      const admin = new pg.Client({ connectionString: schema.url });
      await admin.connect();
      // Only this test's service: other test files run beside this one on the same server.
      const killed = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE (application_name = $1 OR application_name = $2) AND pid <> pg_backend_pid()`,
        [`intake@${schema.schema}`, `${schema.schema}-outbox-listen`],
      );
      expect(killed.rowCount).toBeGreaterThan(0); // the service's connections really dropped
      await admin.end();
      await waitFor(async () => (await countEffects(ids)).distinct_ids === 100, {
        timeoutMs: 30_000,
        message: 'delivered after connections dropped',
      });
      await settled();
      expect(await countEffects(ids)).toEqual({ total: 100, distinct_ids: 100 });
    }, 60_000);

    it('applies the effect once when the service is SIGKILLed after its commit and before its ack', async () => {
      await app.close(); // the probe child process takes over the durable
      const port = await freePort();
      const victim = complaint();
      const others = Array.from({ length: 5 }, () => complaint());
      await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'crash-after-commit')`, [victim.complaintId]);
      let child = await startChild(port);
      await publishDirect([victim, ...others]);
      expect(await exited(child)).toBe('SIGKILL');
      expect(await effects(victim.complaintId)).toBe(1); // committed before the crash, never acked
      child = await startChild(port);
      try {
        await waitFor(async () => (await countEffects(others.map((c) => c.complaintId))).distinct_ids === 5, {
          timeoutMs: 30_000,
        });
        await settled(); // the victim was redelivered (ack wait) and acked as a duplicate
        expect(await effects(victim.complaintId)).toBe(1);
        expect(await countEffects(others.map((c) => c.complaintId))).toEqual({ total: 5, distinct_ids: 5 });
      } finally {
        child.kill('SIGTERM');
        await exited(child);
      }
    }, 90_000);

    it('loses and doubles nothing when the service is SIGKILLed at a random point mid-stream, its relay inside its crash window, and restarted', async () => {
      const port = await freePort();
      const items = Array.from({ length: 200 }, () => complaint());
      const ids = items.map((c) => c.complaintId);
      for (const c of items.filter((_, i) => i % 10 === 0))
        await q(`INSERT INTO control (complaint_id, mode) VALUES ($1, 'slow')`, [c.complaintId]);
      // The relay's crash window is between JetStream's PubAck and the commit marking the rows sent.
      // A gate holds it there: marking a row sent waits for an advisory lock this test holds.
      // A key of this run's own: a gate another run left closed (its process hung) never blocks this one.
      const GATE = 4_242_000_000 + Math.floor(Math.random() * 1_000_000);
      const gate = new pg.Client({ connectionString: schema.url });
      await gate.connect();
      await gate.query(`SELECT pg_advisory_lock(${GATE})`);
      await q(
        `CREATE FUNCTION outbox_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_advisory_xact_lock_shared(${GATE}); RETURN NEW; END $$`,
      );
      await q(
        `CREATE TRIGGER outbox_gate BEFORE UPDATE OF sent_at ON outbox FOR EACH ROW WHEN (OLD.sent_at IS NULL AND NEW.sent_at IS NOT NULL) EXECUTE FUNCTION outbox_gate()`,
      );
      const stored = async () => (await jsm.streams.info('SLRT_INTAKE')).state.messages;
      const storedBefore = await stored();
      // A random point: after 1 to 180 of the 200 effects (printed on failure to replay it).
      const killAfter = 1 + Math.floor(Math.random() * 180);
      let child: ChildProcess | undefined;
      try {
        child = await startChild(port);
        // The child's own relay publishes these from its outbox.
        await db.transaction(async (m) => {
          const publisher = new OutboxPublisher({ service: 'intake', kabKotaCode: '62.71', schema: schema.schema });
          for (const c of items) await publisher.publish(m, REGISTERED, c, { actor: operator });
        });
        await waitFor(async () => (await countEffects(ids)).distinct_ids >= killAfter, {
          timeoutMs: 30_000,
          message: `${killAfter} effects before the kill`,
        });
        // The window is really hit: what JetStream stored is not marked sent in the outbox.
        const published = (await stored()) - storedBefore;
        const unsent = Number(
          (
            await q(
              `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND envelope->'data'->>'complaintId' = ANY($1)`,
              [ids],
            )
          )[0].n,
        );
        expect({ killAfter, published, unsent }).toEqual({ killAfter, published: 200, unsent: 200 });
      } finally {
        // Killed in every case (a failure above must not leave it running, nor the gate closed).
        child?.kill('SIGKILL');
        if (child) await exited(child);
        // The killed relay's transaction waits on the gate in PostgreSQL: end it, then open the gate.
        await gate.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [
          `intake@${schema.schema}`,
        ]);
        await q(`DROP TRIGGER outbox_gate ON outbox`);
        await q(`DROP FUNCTION outbox_gate()`);
        await gate.end();
      }
      child = await startChild(port);
      try {
        await waitFor(async () => (await countEffects(ids)).distinct_ids === 200, {
          timeoutMs: 60_000,
          message: `every event handled after the restart (killed after ${killAfter})`,
        });
        await settled();
        await waitFor(
          async () => Number((await q(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`))[0].n) === 0,
          { message: 'outbox marked sent after the restart' },
        );
        // Published again with the same Nats-Msg-Id: JetStream kept one copy of each, the consumer applied each once.
        expect((await stored()) - storedBefore).toBe(200);
        expect(await countEffects(ids)).toEqual({ total: 200, distinct_ids: 200 });
      } finally {
        child.kill('SIGTERM');
        expect(await exited(child)).toBe(0); // graceful drain on SIGTERM
      }
      app = await startApp();
    }, 120_000);
  });
});
