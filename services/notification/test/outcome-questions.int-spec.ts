import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  systemActor,
  type Actor,
  type OutcomeVerificationCompletedV1,
  type OutcomeVerificationRequestedV1,
} from '@slrt/contracts';
import { OutboxPublisher, assertedCalls, type RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { replyAnswer } from '../src/outcome/outcome-questions.js';
import { IntakeDoubleModule, contactsOf } from './support/intake-double.js';
import { startGenericProvider } from './support/fake-providers.js';
import { startNotificationStack, type NotificationStack } from './support/notification-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const fs = user(['FS'], ['62.71.01']);
const admin = user(['ADMIN'], ['62.71']);
const gw = systemActor('gateway');
const TOKEN = 'test-provider-token';
const DESA = '62.71.01.1001';

describe('notification: the outcome verification question and the household\u2019s reply', () => {
  let stack: NotificationStack;
  let referral: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  let provider: Awaited<ReturnType<typeof startGenericProvider>>;
  const { call, fail } = assertedCalls(() => rpc);
  /** Publishes as referral does: through its outbox, relayed to JetStream. */
  const fromReferral = (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>) =>
    referral.get(DataSource).transaction((m) => fn(referral.get(OutboxPublisher), m));
  const household = (phone: string | null, consent = true) => {
    const id = uuidv7();
    contactsOf.set(id, {
      receiptNumber: '6271-2611-000123',
      trackingCode: 'K7PQ-4QX2',
      anonymous: false,
      contacts: [
        {
          role: 'subject',
          name: 'Siti Aminah',
          phone,
          email: null,
          consent,
          desaCode: DESA,
          address: 'Jl. Contoh 1 RT 002 RW 003',
        },
      ],
    });
    return id;
  };
  const requested = (complaintId: string, ordinal = 1): OutcomeVerificationRequestedV1 => ({
    verificationId: uuidv7(),
    caseId: uuidv7(),
    complaintId,
    referralId: uuidv7(),
    receiptNumber: '6271-2611-000123',
    desaCode: DESA,
    ownerCode: 'kemensos-pkh',
    ordinal,
    askedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 14 * 24 * 3600_000).toISOString(),
  });
  const question = (verificationId: string) =>
    waitFor(
      async () =>
        (
          await db.query(
            `SELECT q.*, m.channel AS m_channel, m.body, m.status AS m_status, m.sequence FROM outcome_question q LEFT JOIN message m ON m.id = q.message_id WHERE q.verification_id = $1`,
            [verificationId],
          )
        ).rows[0],
      { message: 'question planned' },
    );
  const answers = async () =>
    (
      await referral
        .get(DataSource)
        .query(
          `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.evt.notification.outcome-answer.received.v1'`,
        )
    ).map((r: { d: unknown }) => r.d);
  const answersIn = async () =>
    (
      await db.query(
        `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.evt.notification.outcome-answer.received.v1'`,
      )
    ).rows.map((r) => r.d);
  const inbound = (from: string, text: string) =>
    call(
      'slrt.rpc.notification.provider-callback.v1',
      { provider: 'http', kind: 'inbound', body: JSON.stringify({ from, text }) },
      gw,
    );

  beforeAll(async () => {
    provider = await startGenericProvider(TOKEN);
    // Referral's double publishes its events through an outbox; intake's double answers contacts.
    stack = await startNotificationStack('ntfo', {
      env: () => ({
        NOTIFY_SMS_PROVIDER: JSON.stringify({ kind: 'http', url: provider.url, token: TOKEN }),
        NOTIFY_DISPATCH_INTERVAL_MS: '200',
      }),
      doubles: { referral: [], intake: [IntakeDoubleModule] },
    });
    ({ db, rpc } = stack);
    referral = stack.doubles.referral!;
    await call('slrt.rpc.notification.save-settings.v1', { quietStart: '00:00', quietEnd: '00:00' }, admin);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
    await provider?.close();
  });

  it('reads YA/TIDAK (and their usual forms) from a reply, nothing else', () => {
    expect(['YA', 'ya', ' Iya sudah', 'y', 'Sudah terima'].map(replyAnswer)).toEqual(['ya', 'ya', 'ya', 'ya', 'ya']);
    expect(['TIDAK', 'tdk', 'Belum', 'tidak, belum cair'].map(replyAnswer)).toEqual([
      'tidak',
      'tidak',
      'tidak',
      'tidak',
    ]);
    expect(['STOP', 'halo', 'yang mana?', ''].map(replyAnswer)).toEqual([null, null, null, null]);
  });

  it('asks a household with a phone by SMS once (repeated request), takes its reply from that phone only, and relays it to referral once', async () => {
    const complaintId = household('+6281298765401');
    const e = requested(complaintId);
    await fromReferral(async (p, m) => {
      await p.publish(m, 'slrt.evt.referral.outcome-verification.requested.v1', e);
      await p.publish(m, 'slrt.evt.referral.outcome-verification.requested.v1', e); // re-published (new envelope id)
    });
    const q = await question(e.verificationId);
    expect(q).toMatchObject({ channel: 'sms', m_channel: 'sms', sequence: -1, status: 'open' });
    expect(q.body).toBe(
      'SLRT Kota Palangkaraya: Kementerian Sosial (PKH) menyatakan pengaduan 6271-2611-000123 selesai. Apakah manfaatnya sudah Anda terima? Balas YA atau TIDAK.',
    );
    await waitFor(
      () => provider.calls.some((c) => c.to === '+6281298765401' && c.text.includes('Balas YA atau TIDAK')),
      { message: 'SMS handed over' },
    );
    expect(
      (await db.query(`SELECT count(*)::int AS n FROM message WHERE complaint_id = $1`, [complaintId])).rows[0].n,
    ).toBe(1);
    // A phone that was not asked answers: ignored.
    expect(await inbound('6281200000999', 'TIDAK')).toEqual({ accepted: true, updated: 0 });
    // Something that is not an answer: ignored, the question stays open.
    expect(await inbound('6281298765401', 'kapan cair?')).toEqual({ accepted: true, updated: 0 });
    expect(await inbound('6281298765401', 'Tidak, belum masuk')).toEqual({ accepted: true, updated: 1 });
    // The provider retries its webhook: the question was answered, nothing more is relayed.
    expect(await inbound('6281298765401', 'Tidak, belum masuk')).toEqual({ accepted: true, updated: 0 });
    expect((await answersIn()).filter((a) => a.verificationId === e.verificationId)).toEqual([
      expect.objectContaining({ answer: 'tidak', via: 'sms', complaintId }),
    ]);
    expect(
      (await db.query(`SELECT status, answer FROM outcome_question WHERE verification_id = $1`, [e.verificationId]))
        .rows[0],
    ).toEqual({ status: 'answered', answer: 'tidak' });
    void answers;
  });

  it('asks a household without a phone through an FS visit, closed as done when the FS records the answer; a text still queued is cancelled when settled otherwise', async () => {
    const complaintId = household(null);
    const e = requested(complaintId);
    await fromReferral((p, m) => p.publish(m, 'slrt.evt.referral.outcome-verification.requested.v1', e));
    const q = await question(e.verificationId);
    expect(q).toMatchObject({ channel: 'fs-visit', m_channel: 'fs-visit', m_status: 'queued' });
    expect(q.body).toContain('tanyakan: apakah manfaat dari Kementerian Sosial (PKH) untuk pengaduan 6271-2611-000123');
    // In the FS's task queue.
    const tasks = await call(
      'slrt.rpc.notification.list-messages.v1',
      { channel: 'fs-visit', status: 'queued', page: 1, pageSize: 100 },
      fs,
    );
    expect(tasks.items.map((t) => t.messageId)).toContain(q.message_id);
    const done: OutcomeVerificationCompletedV1 = {
      verificationId: e.verificationId,
      caseId: e.caseId,
      complaintId,
      referralId: e.referralId,
      receiptNumber: e.receiptNumber,
      desaCode: DESA,
      ownerCode: e.ownerCode,
      outcome: 'verified',
      via: 'fs-visit',
      resolvedAt: new Date().toISOString(),
      completedAt: new Date().toISOString(),
    };
    await fromReferral((p, m) => p.publish(m, 'slrt.evt.referral.outcome-verification.completed.v1', done));
    await waitFor(
      async () =>
        (await db.query(`SELECT status FROM message WHERE id = $1`, [q.message_id])).rows[0].status === 'delivered',
      { message: 'visit recorded done' },
    );
    expect((await db.query(`SELECT status, status_reason FROM message WHERE id = $1`, [q.message_id])).rows[0]).toEqual(
      { status: 'delivered', status_reason: 'jawaban rumah tangga dicatat oleh FS' },
    );
    // An opted-out phone is asked in person, not by SMS.
    await db.query(
      `INSERT INTO opt_out (address, source, recorded_by) VALUES ('+6281298765402', 'reply', 'test') ON CONFLICT DO NOTHING`,
    );
    const optedOut = requested(household('+6281298765402'));
    await fromReferral((p, m) => p.publish(m, 'slrt.evt.referral.outcome-verification.requested.v1', optedOut));
    expect(await question(optedOut.verificationId)).toMatchObject({ channel: 'fs-visit', address: null });
    // No consent: no message at all; staff record the answer at the counter.
    const noConsent = requested(household('+6281298765403', false));
    await fromReferral((p, m) => p.publish(m, 'slrt.evt.referral.outcome-verification.requested.v1', noConsent));
    expect(await question(noConsent.verificationId)).toMatchObject({ channel: 'none', message_id: null });
    expect(
      await fail(
        'slrt.rpc.notification.provider-callback.v1',
        { provider: 'http', kind: 'inbound', body: '{"from":"6281298765401","text":"YA"}' },
        fs,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });
});
