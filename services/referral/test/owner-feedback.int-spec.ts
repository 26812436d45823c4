/* eslint-disable max-lines -- integration spec of referral: the owner channel as a ministry sees it (feedback, drift against the published AsyncAPI): its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { type Actor, type RpcResponse, type RpcSubject } from '@slrt/contracts';
import { OutboxPublisher, connectOwnerClient, type OwnerReceivedMessage } from '@slrt/messaging';
import { ownerChannelValidator, waitFor } from '@slrt/testing';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const PKH = 'kemensos-pkh';
/** Set SLRT_PRINT_OWNER_CHANNEL=1 to print what the ministry received (for the documentation). */
const print = (label: string, value: unknown) => {
  if (process.env.SLRT_PRINT_OWNER_CHANNEL) console.log(`${label}\n${JSON.stringify(value, null, 2)}`);
};

/**
 * The owner channel as a ministry sees it, against the real referral service and a private
 * nats-server with production permissions: every answer gets exactly one feedback message on the
 * owner's own feedback durable (applied, or refused with a code, an Indonesian and English reason
 * and field errors), refused answers are shown on the case, and every live message the owner
 * receives conforms to the published AsyncAPI document (validated with ajv, not the generator).
 */
describe('referral: the owner channel as a ministry sees it (feedback, drift against the published AsyncAPI)', () => {
  let stack: ReferralStack;
  let intake: NestFastifyApplication;
  let db: pg.Client;
  let call: <S extends RpcSubject>(s: S, d: unknown, a: Actor) => Promise<RpcResponse<S>>;
  let pkh: Awaited<ReturnType<typeof connectOwnerClient>>;
  const asyncapi = ownerChannelValidator();
  /** Every message the owner received, for the drift check. */
  const received: OwnerReceivedMessage[] = [];

  const act = (caseId: string, action: string, actor: Actor, version: number, extra: Record<string, unknown> = {}) =>
    call('slrt.rpc.referral.act-on-case.v1', { caseId, action, expectedVersion: version, ...extra }, actor);
  const sendCase = async (ownerCodes: string[] = [PKH]) => {
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
    const { id } = await waitFor(
      async () =>
        (await db.query(`SELECT id FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0] as
          { id: string } | undefined,
      { message: 'case opened' },
    );
    await act(id, 'forward', spv, 1);
    await act(id, 'approve', mj, 2);
    const sent = await act(
      id,
      'send',
      bo,
      3,
      ownerCodes[0] === PKH
        ? { note: 'Mohon cek penyaluran PKH tahap III.' }
        : { ownerCodes, overrideReason: 'Diuji: tujuan dipilih manual.' },
    );
    return { id, referralId: sent.referrals![0]!.referralId };
  };
  const envelope = (subject: string, data: unknown, extra: Record<string, unknown> = {}) => ({
    id: uuidv4(),
    subject,
    occurredAt: new Date().toISOString(),
    producer: `owner:${PKH}`,
    kabKotaCode: '62.71',
    correlationId: `pkh-${uuidv4()}`,
    causationId: null,
    actor: null,
    data,
    ...extra,
  });
  const subjectOf = (kind: string) => `slrt.owner.${PKH}.response.${kind}.v1`;
  /** Publishes a raw body as the ministry's system would, and returns the feedback it gets. */
  const answer = async (kind: string, body: unknown) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const id = typeof body === 'object' && body && 'id' in body ? String((body as { id: unknown }).id) : undefined;
    await pkh.publishRaw(subjectOf(kind), text, id);
    const m = await waitFor(() => pkh.next('feedback', 2000), {
      message: `feedback on a ${kind} answer`,
      timeoutMs: 30_000,
    });
    received.push(m);
    return { message: m, feedback: JSON.parse(m.body) as { data: Record<string, unknown> } & Record<string, unknown> };
  };
  const respondedAt = () => new Date().toISOString();

  beforeAll(async () => {
    stack = await startReferralStack('reffb');
    ({ intake, db, call } = stack);
    pkh = await stack.owner(PKH);
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('answers every answer with exactly one feedback on the owner\u2019s own durable, refusals with a code, reasons and field errors, and shows refusals on the case', async () => {
    const own = await sendCase();
    const others = await sendCase(['bpjs-kesehatan']);
    const ok = { referralId: own.referralId, note: 'Diterima untuk ditindaklanjuti.', respondedAt: respondedAt() };

    const notJson = await answer('accepted', 'this is { not json');
    print('MALFORMED_MESSAGE (body not JSON):', notJson.feedback.data);
    expect(notJson.feedback.data).toMatchObject({
      outcome: 'refused',
      code: 'MALFORMED_MESSAGE',
      answerId: null,
      referralId: null,
      caseState: null,
      answerSubject: subjectOf('accepted'),
    });

    const noTime = envelope(subjectOf('accepted'), ok, { occurredAt: undefined });
    const malformed = await answer('accepted', noTime);
    print('MALFORMED_MESSAGE (envelope without occurredAt):', malformed.feedback.data);
    expect(malformed.feedback.data).toMatchObject({
      code: 'MALFORMED_MESSAGE',
      answerId: noTime.id,
      referralId: own.referralId,
      caseState: 'referred',
    });
    expect(malformed.feedback.data.fieldErrors).toEqual([
      { path: 'occurredAt', message: 'Kolom "occurredAt" wajib ada, tetapi tidak ada dalam pesan.' },
    ]);

    const noOutcome = await answer(
      'resolved',
      envelope(subjectOf('resolved'), { referralId: own.referralId, respondedAt: respondedAt() }),
    );
    print('INVALID_PAYLOAD (resolved without outcome):', noOutcome.feedback.data);
    expect(noOutcome.feedback.data).toMatchObject({
      code: 'INVALID_PAYLOAD',
      caseState: 'referred',
      reason: { id: expect.stringContaining('tidak sesuai skema'), en: expect.stringContaining('does not match') },
    });
    expect(noOutcome.feedback.data.fieldErrors).toEqual([
      { path: 'data.outcome', message: 'Kolom "data.outcome" wajib ada, tetapi tidak ada dalam pesan.' },
    ]);

    const extra = await answer('accepted', envelope(subjectOf('accepted'), { ...ok, priority: 'tinggi' }));
    print('INVALID_PAYLOAD (unknown field):', extra.feedback.data);
    expect(extra.feedback.data).toMatchObject({
      code: 'INVALID_PAYLOAD',
      fieldErrors: [{ path: 'data.priority', message: 'Kolom "data.priority" tidak dikenal dan tidak boleh dikirim.' }],
    });

    const unknown = await answer('accepted', envelope(subjectOf('accepted'), { ...ok, referralId: uuidv7() }));
    print('UNKNOWN_REFERRAL:', unknown.feedback.data);
    expect(unknown.feedback.data).toMatchObject({ code: 'UNKNOWN_REFERRAL', caseState: null, fieldErrors: [] });

    const notYours = await answer(
      'accepted',
      envelope(subjectOf('accepted'), { ...ok, referralId: others.referralId }),
    );
    print('NOT_YOUR_REFERRAL:', notYours.feedback.data);
    expect(notYours.feedback.data).toMatchObject({
      code: 'NOT_YOUR_REFERRAL',
      referralId: others.referralId,
      caseState: null,
    });

    const mismatch = await answer(
      'accepted',
      envelope(subjectOf('accepted'), ok, { producer: 'owner:bpjs-kesehatan' }),
    );
    print('OWNER_MISMATCH:', mismatch.feedback.data);
    expect(mismatch.feedback.data).toMatchObject({ code: 'OWNER_MISMATCH', caseState: 'referred' });

    // Applied, once: a re-publish of the same envelope id (past JetStream's window: no Nats-Msg-Id) has no effect and no feedback.
    const accept = envelope(subjectOf('accepted'), ok);
    const applied = await answer('accepted', accept);
    print('applied (accepted):', applied.feedback.data);
    expect(applied.feedback).toMatchObject({ actor: null, causationId: accept.id, producer: 'referral' });
    expect(applied.feedback.data).toMatchObject({
      outcome: 'applied',
      code: null,
      reason: null,
      fieldErrors: [],
      answerId: accept.id,
      referralId: own.referralId,
      caseState: 'owner-accepted',
    });
    await pkh.publishRaw(subjectOf('accepted'), JSON.stringify(accept));
    const resolved = await answer(
      'resolved',
      envelope(subjectOf('resolved'), {
        referralId: own.referralId,
        outcome: 'Dana disalurkan ulang.',
        respondedAt: respondedAt(),
      }),
    );
    expect(resolved.feedback.data).toMatchObject({ outcome: 'applied', caseState: 'resolved' });

    // An accept applied after the resolve (answers of different kinds are consumed separately): refused, the case stays resolved.
    const late = await answer('accepted', envelope(subjectOf('accepted'), ok));
    print('TRANSITION_NOT_ALLOWED (accept after resolve):', late.feedback.data);
    expect(late.feedback.data).toMatchObject({
      code: 'TRANSITION_NOT_ALLOWED',
      caseState: 'resolved',
      reason: { id: 'Jawaban "accepted" tidak berlaku untuk kasus berstatus "resolved".' },
    });
    // The replay came before `late` on the same durable: it produced nothing.
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE subject LIKE 'slrt.owner.${PKH}.feedback.%' AND envelope->'data'->>'answerId' = $1`,
          [accept.id],
        )
      ).rows[0].n,
    ).toBe(1);

    const withdrawnCase = await sendCase();
    await act(withdrawnCase.id, 'withdraw', mj, 4, { note: 'Pengadu menarik pengaduan.' });
    const afterWithdrawal = await answer(
      'accepted',
      envelope(subjectOf('accepted'), { ...ok, referralId: withdrawnCase.referralId }),
    );
    print('REFERRAL_WITHDRAWN:', afterWithdrawal.feedback.data);
    expect(afterWithdrawal.feedback.data).toMatchObject({ code: 'REFERRAL_WITHDRAWN', caseState: 'withdrawn' });

    // Over HTTP the refusal is the reply (409), recorded once however often it is repeated, with no feedback message.
    const poPkh = { kind: 'user', id: 'po-pkh', roles: ['PO'], regionScope: [], ownerCode: PKH } as unknown as Actor;
    for (let i = 0; i < 2; i++) {
      await expect(
        call(
          'slrt.rpc.referral.respond-to-referral.v1',
          { referralId: own.referralId, responseId: 'pkh-http-late-1', answer: 'accepted' },
          poPkh,
        ),
      ).rejects.toMatchObject({ error: { code: 'CONFLICT' } });
    }
    expect(
      (
        await db.query(
          `SELECT count(*)::int AS n FROM outbox WHERE subject LIKE 'slrt.owner.%.feedback.%' AND envelope->'data'->>'answerId' LIKE 'http:%'`,
        )
      ).rows[0].n,
    ).toBe(0);

    // The kab/kota staff see the refused answers on the case, with code and reason.
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: own.id }, spv);
    print('refusedAnswers on the case (get-case):', view.refusedAnswers);
    expect(view.refusedAnswers!.map((r) => r.code)).toEqual([
      'MALFORMED_MESSAGE',
      'INVALID_PAYLOAD',
      'INVALID_PAYLOAD',
      'OWNER_MISMATCH',
      'TRANSITION_NOT_ALLOWED',
      'TRANSITION_NOT_ALLOWED',
    ]);
    expect(view.refusedAnswers![5]).toMatchObject({
      answerId: 'http:pkh-http-late-1',
      answerSubject: 'http:respond-to-referral:accepted',
      caseState: 'resolved',
    });
    expect(view.refusedAnswers![2]).toMatchObject({
      ownerCode: PKH,
      answerSubject: subjectOf('accepted'),
      reason: { id: expect.any(String), en: expect.any(String) },
      fieldErrors: [{ path: 'data.priority' }],
    });
    // Another owner's case does not show this owner's attempt.
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: others.id }, spv)).refusedAnswers).toEqual([]);
  }, 120_000);

  it('publishes only messages that conform to the published AsyncAPI document (payload and headers), with no staff actor', async () => {
    // sent, updated (after the owner's question), withdrawn, and the feedback of the test above.
    const c = await sendCase();
    await answer(
      'review-requested',
      envelope(subjectOf('review-requested'), {
        referralId: c.referralId,
        questions: ['Mohon nomor KKS.'],
        respondedAt: respondedAt(),
      }),
    );
    const asked = await waitFor(async () => {
      const v = await call('slrt.rpc.referral.get-case.v1', { caseId: c.id }, bo);
      return v.state === 'owner-review-requested' ? v : null;
    });
    const answered = await act(c.id, 'answer-owner', bo, asked.version, { note: 'Nomor KKS tercantum di berkas.' });
    await act(c.id, 'withdraw', mj, answered.version, { note: 'Pengadu menarik pengaduan.' });
    for (;;) {
      const m = await pkh.next('referrals', 1500);
      if (!m) break;
      received.push(m);
    }
    const kinds = new Set(received.map((m) => m.subject.split('.').slice(3, 5).join('.')));
    expect([...kinds].sort()).toEqual([
      'feedback.answer-applied',
      'feedback.answer-refused',
      'referral.sent',
      'referral.updated',
      'referral.withdrawn',
    ]);
    for (const m of received) {
      const body = JSON.parse(m.body) as { actor: unknown; subject: string };
      expect({ subject: m.subject, problems: asyncapi.payload(m.subject, body) }).toEqual({
        subject: m.subject,
        problems: [],
      });
      expect({ subject: m.subject, problems: asyncapi.headers(m.subject, m.headers) }).toEqual({
        subject: m.subject,
        problems: [],
      });
      expect(body.actor).toBeNull();
      expect(body.subject).toBe(m.subject);
    }
    const sent = received.find((m) => m.subject.endsWith('.referral.sent.v1'))!;
    print('received on slrt.owner.kemensos-pkh.referral.sent.v1 (headers, body):', {
      headers: sent.headers,
      body: JSON.parse(sent.body),
    });
    // What the owner needs to act: the description, the documents it requires that were received, the BO's note.
    expect(JSON.parse(sent.body).data).toMatchObject({
      description: 'Bantuan PKH belum diterima.',
      documentsReceived: ['KTP', 'KKS'],
      recommendation: 'Mohon cek penyaluran PKH tahap III.',
    });
    // A deliberately broken copy is refused by the same schema (the check can fail).
    const broken = { ...JSON.parse(sent.body), data: { ...JSON.parse(sent.body).data, surprise: true } };
    expect(asyncapi.payload(sent.subject, broken)).not.toEqual([]);
  }, 120_000);
});
