/* eslint-disable max-lines -- integration spec of referral: webhook delivery of the owner channel (signed POSTs, retries, restarts): its tests share one booted stack, which takes seconds to start */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { type Actor } from '@slrt/contracts';
import { OutboxPublisher, connectDirectPublisher, type RpcClient, assertedCalls } from '@slrt/messaging';
import { waitFor, type TestNatsServer } from '@slrt/testing';
import type { ReferralEnv } from '../src/config/referral.env.js';
import { verifyWebhookSignature } from '../src/webhooks/signature.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const admin = user(['ADMIN'], ['62.71'], 'admin-kota');
const adminKecamatan = user(['ADMIN'], ['62.71.01'], 'admin-kec');
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const ownerClient = {
  kind: 'owner-client',
  id: 'owner-key-pkh-1',
  roles: ['PO'],
  regionScope: [],
  ownerCode: 'kemensos-pkh',
} as unknown as Actor;

/** A ministry's receiver: answers `plan` statuses in turn (then 200; -1 drops the connection), checks every signature, remembers what it accepted. */
class Receiver {
  server!: Server;
  url!: string;
  secret = '';
  plan: number[] = [];
  requests = 0;
  badSignatures = 0;
  /** Message ids answered 2xx, in arrival order (a message twice here would be a double delivery). */
  accepted: string[] = [];
  bodies = new Map<string, { subject: string; data: Record<string, unknown> }>();

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        const body = Buffer.concat(chunks).toString('utf8');
        if (!verifyWebhookSignature(this.secret, String(req.headers['x-slrt-signature'] ?? ''), body)) {
          this.badSignatures++;
          res.writeHead(401).end();
          return;
        }
        const status = this.plan.shift() ?? 200;
        if (status < 0) {
          req.socket.destroy(); // a network error: the connection drops without an answer
          return;
        }
        if (status >= 200 && status < 300) {
          const id = String(req.headers['x-slrt-message-id']);
          this.accepted.push(id);
          const envelope = JSON.parse(body) as { id: string; subject: string; data: Record<string, unknown> };
          expect(envelope.id).toBe(id);
          expect(req.headers['x-slrt-subject']).toBe(envelope.subject);
          this.bodies.set(id, envelope);
        }
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/slrt/webhook`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

describe('referral: webhook delivery of the owner channel (signed POSTs, retries, restarts)', () => {
  let stack: ReferralStack;
  let nats: TestNatsServer;
  let env: ReferralEnv;
  let referral: NestFastifyApplication | null = null;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  const receiver = new Receiver();

  // On the same schema and bus; the stack stops the last one started.
  const startReferral = () => stack.restartReferral();
  const { call, fail } = assertedCalls(() => rpc);
  /** Writes owner-out messages as the referral service does: through its outbox, in one transaction. */
  const writeOwnerMessages = (n: number) =>
    referral!.get(DataSource).transaction(async (m) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const e = await referral!
          .get(OutboxPublisher)
          .publishToOwner(m, 'slrt.owner.*.referral.withdrawn.v1', 'kemensos-pkh', {
            referralId: uuidv7(),
            kabKotaCode: '62.71',
            reason: `Pengaduan ditarik ${i}`,
            withdrawnAt: new Date().toISOString(),
          });
        ids.push(e.id);
      }
      return ids;
    });
  const deliveries = async (status?: string) =>
    (
      await db.query(
        `SELECT id, status, attempts, last_error FROM webhook_delivery ${status ? 'WHERE status = $1' : ''} ORDER BY created_at`,
        status ? [status] : [],
      )
    ).rows;

  beforeAll(async () => {
    await receiver.start();
    stack = await startReferralStack('refwh', {
      // A receiver on this machine (loopback) and short backoffs; production refuses private addresses.
      REFERRAL_WEBHOOK_ALLOW_PRIVATE: '1',
      REFERRAL_WEBHOOK_POLL_MS: '100',
      REFERRAL_WEBHOOK_BACKOFF_BASE_MS: '50',
      REFERRAL_WEBHOOK_BACKOFF_MAX_MS: '200',
      REFERRAL_WEBHOOK_MAX_ATTEMPTS: '4',
      REFERRAL_WEBHOOK_TIMEOUT_MS: '3000',
    });
    ({ nats, env, referral, intake, db, rpc } = stack);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await receiver.stop();
  });

  it('lets only a kab/kota-wide ADMIN configure a webhook; the secret is shown once; bad URLs are refused in Indonesian', async () => {
    expect(
      await fail(
        'slrt.rpc.referral.save-owner-webhook.v1',
        { ownerCode: 'kemensos-pkh', url: receiver.url, active: true },
        bo,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      await fail(
        'slrt.rpc.referral.save-owner-webhook.v1',
        { ownerCode: 'kemensos-pkh', url: receiver.url, active: true },
        adminKecamatan,
      ),
    ).toMatchObject({ code: 'FORBIDDEN', reason: 'KAB_KOTA_ADMIN_REQUIRED' });
    expect(
      await fail('slrt.rpc.referral.list-webhook-deliveries.v1', { page: 1, pageSize: 10 }, ownerClient),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const bad = await fail(
      'slrt.rpc.referral.save-owner-webhook.v1',
      { ownerCode: 'kemensos-pkh', url: 'ftp://pkh.example.go.id/in', active: true },
      admin,
    );
    expect(bad).toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldErrors: [{ field: 'url', messages: ['Hanya URL http atau https.'] }],
    });
    expect(
      await fail(
        'slrt.rpc.referral.save-owner-webhook.v1',
        { ownerCode: 'tidak-ada', url: receiver.url, active: true },
        admin,
      ),
    ).toMatchObject({ code: 'NOT_FOUND' });
    const saved = await call(
      'slrt.rpc.referral.save-owner-webhook.v1',
      { ownerCode: 'kemensos-pkh', url: receiver.url, active: true },
      admin,
    );
    expect(saved.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(saved.secretHint).toBe(saved.secret!.slice(-4));
    receiver.secret = saved.secret!;
    const again = await call(
      'slrt.rpc.referral.save-owner-webhook.v1',
      { ownerCode: 'kemensos-pkh', url: receiver.url, active: true },
      admin,
    );
    expect(again.secret).toBeUndefined(); // never shown again
    expect(again.secretHint).toBe(saved.secretHint);
    const listed = await call('slrt.rpc.referral.list-owner-webhooks.v1', {}, admin);
    expect(listed.items).toEqual([
      expect.objectContaining({ ownerCode: 'kemensos-pkh', url: receiver.url, active: true }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(saved.secret!);
  });

  it('POSTs a referral sent by the BO, signed; the owner answers over the HTTP API and the case moves; feedback on a NATS answer is POSTed too', async () => {
    const complaintId = uuidv7();
    await intake.get(DataSource).transaction((m) =>
      intake.get(OutboxPublisher).publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
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
      }),
    );
    const c = await waitFor(
      async () =>
        (await db.query(`SELECT id FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0] as
          { id: string } | undefined,
      { message: 'case opened' },
    );
    await call('slrt.rpc.referral.act-on-case.v1', { caseId: c.id, action: 'forward', expectedVersion: 1 }, spv);
    await call('slrt.rpc.referral.act-on-case.v1', { caseId: c.id, action: 'approve', expectedVersion: 2 }, mj);
    const sent = await call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: c.id, action: 'send', expectedVersion: 3, note: 'Mohon cek penyaluran PKH.' },
      bo,
    );
    const referralId = sent.referrals![0]!.referralId;
    const id = await waitFor(
      () =>
        [...receiver.bodies.entries()].find(
          ([, e]) => e.subject === 'slrt.owner.kemensos-pkh.referral.sent.v1' && e.data.referralId === referralId,
        )?.[0],
      { message: 'referral POSTed to the webhook' },
    );
    expect(receiver.badSignatures).toBe(0);
    // The owner answers over HTTP (here its request as the gateway sends it), keyed by the message id: a repeat changes nothing.
    const answer = { referralId, responseId: `wh-${id}`, answer: 'accepted', note: 'Diterima untuk ditindaklanjuti' };
    expect(await call('slrt.rpc.referral.respond-to-referral.v1', answer, ownerClient)).toMatchObject({
      status: 'accepted',
      repeated: false,
    });
    expect(await call('slrt.rpc.referral.respond-to-referral.v1', answer, ownerClient)).toMatchObject({
      repeated: true,
    });
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: c.id }, mj)).state).toBe('owner-accepted');
    // An answer over NATS gets its feedback on the owner channel, and so on the webhook too.
    const pkh = await connectDirectPublisher({
      ...nats.credentials('kemensos-pkh'),
      service: 'kemensos-pkh',
      kabKotaCode: env.KAB_KOTA_CODE,
    });
    try {
      const resolved = await pkh.publishToOwner('slrt.owner.*.response.resolved.v1', 'kemensos-pkh', {
        referralId,
        outcome: 'Bantuan disalurkan ulang.',
        respondedAt: new Date().toISOString(),
      });
      const feedback = await waitFor(
        () =>
          [...receiver.bodies.values()].find(
            (e) =>
              e.subject === 'slrt.owner.kemensos-pkh.feedback.answer-applied.v1' && e.data.answerId === resolved.id,
          ),
        { message: 'feedback POSTed to the webhook' },
      );
      expect(feedback.data).toMatchObject({ referralId, outcome: 'applied', caseState: 'resolved' });
    } finally {
      await pkh.close();
    }
  });

  it('retries 5xx and network errors with backoff, keeps the order, and delivers each message once across a restart of the dispatcher', async () => {
    const before = receiver.accepted.length;
    const requestsBefore = receiver.requests;
    receiver.plan = [503, -1, 500]; // the receiver is down for three attempts (one of them a dropped connection)
    const first = await writeOwnerMessages(5);
    // Mid-way: the first attempt refused (the owner's messages wait in order behind it), then the
    // service stops and starts again; stopping at a refusal, not after a delivery, keeps work left
    // at the restart however fast this machine delivers.
    await waitFor(() => receiver.requests > requestsBefore, { message: 'a first attempt' });
    await referral!.close();
    referral = null;
    const second = [...first];
    const pendingAtStop = (await deliveries('pending')).length;
    referral = await startReferral();
    second.push(...(await writeOwnerMessages(5)));
    await waitFor(async () => (await deliveries('pending')).length === 0, {
      message: 'every delivery done',
      timeoutMs: 20_000,
    });
    const got = receiver.accepted.slice(before);
    expect(got).toEqual(second); // all ten, each once, in the order written
    expect(new Set(got).size).toBe(got.length);
    expect(receiver.badSignatures).toBe(0);
    const rows = (
      await db.query(`SELECT id, status, attempts FROM webhook_delivery WHERE id = ANY($1::uuid[])`, [second])
    ).rows as Array<{ status: string; attempts: number }>;
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(10 + 3); // three refused attempts, then one each
    expect(pendingAtStop).toBeGreaterThan(0); // the restart happened with work left
  }, 60_000);

  it('shares the work between two referral instances: every message once, in order', async () => {
    const second = await stack.startInstance();
    try {
      const before = receiver.accepted.length;
      receiver.plan = [503];
      const ids = [...(await writeOwnerMessages(10)), ...(await writeOwnerMessages(10))];
      await waitFor(() => receiver.accepted.length - before >= ids.length, {
        message: 'twenty deliveries',
        timeoutMs: 20_000,
      });
      await new Promise((r) => setTimeout(r, 300)); // room for a double to show up
      expect(receiver.accepted.slice(before)).toEqual(ids);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('marks a delivery failed after the attempt limit (visible to the ADMIN with attempts and last error) and redelivers it on request', async () => {
    receiver.plan = [502, 502, 502, 502];
    const [id] = await writeOwnerMessages(1);
    await waitFor(async () => (await deliveries('failed')).some((d: { id: string }) => d.id === id), {
      message: 'delivery failed',
      timeoutMs: 20_000,
    });
    const failed = await call(
      'slrt.rpc.referral.list-webhook-deliveries.v1',
      { ownerCode: 'kemensos-pkh', status: 'failed', page: 1, pageSize: 10 },
      admin,
    );
    expect(failed.items).toEqual([
      expect.objectContaining({
        id,
        status: 'failed',
        attempts: 4,
        lastStatus: 502,
        lastError: 'HTTP 502',
        nextAttemptAt: null,
      }),
    ]);
    expect(receiver.accepted).not.toContain(id);
    const webhook = (await call('slrt.rpc.referral.list-owner-webhooks.v1', { ownerCode: 'kemensos-pkh' }, admin))
      .items[0]!;
    expect(webhook.failed).toBe(1);
    expect(
      await call(
        'slrt.rpc.referral.redeliver-webhook-delivery.v1',
        { deliveryId: id, ownerCode: 'kemensos-pkh' },
        admin,
      ),
    ).toMatchObject({ id, status: 'pending' });
    await waitFor(() => receiver.accepted.includes(id!), { message: 'redelivered' });
    expect(
      (
        await call(
          'slrt.rpc.referral.list-webhook-deliveries.v1',
          { ownerCode: 'kemensos-pkh', status: 'delivered', page: 1, pageSize: 200 },
          admin,
        )
      ).items.find((d) => d.id === id),
    ).toMatchObject({ attempts: 5, lastStatus: 200 });
  }, 60_000);

  it('queues nothing while the webhook is inactive, and refuses a receiver that answers with a redirect without following it', async () => {
    await call(
      'slrt.rpc.referral.save-owner-webhook.v1',
      { ownerCode: 'kemensos-pkh', url: receiver.url, active: false },
      admin,
    );
    const [quiet] = await writeOwnerMessages(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM webhook_delivery WHERE id = $1`, [quiet])).rows[0].n).toBe(
      0,
    );
    await call(
      'slrt.rpc.referral.save-owner-webhook.v1',
      { ownerCode: 'kemensos-pkh', url: receiver.url, active: true },
      admin,
    );
    receiver.plan = [302];
    const [redirected] = await writeOwnerMessages(1);
    await waitFor(async () => (await deliveries('failed')).some((d: { id: string }) => d.id === redirected), {
      message: 'redirect refused',
    });
  });
});
