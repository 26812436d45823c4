/* eslint-disable max-lines -- integration spec of referral: outcome verification after an owner’s "resolved": its tests share one booted stack, which takes seconds to start */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '@slrt/contracts';
import { OutboxPublisher, assertedCalls, type RpcClient } from '@slrt/messaging';
import { waitFor } from '@slrt/testing';
import { OutcomeVerificationTask } from '../src/outcome/outcome-verification.task.js';
import { startReferralStack, type ReferralStack } from './support/referral-stack.js';

const user = (roles: Actor['roles'], scope: string[], id = `u-${roles[0]}`, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const spv = user(['SPV'], ['62.71.01']);
const mj = user(['MJ'], ['62.71']);
const bo = user(['BO'], ['62.71']);
const fo = user(['FO'], ['62.71.01.1001']);
const fs = user(['FS'], ['62.71.01.1001'], 'fs-1');
const foElsewhere = user(['FO'], ['62.71.02.1001'], 'fo-2');
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const DAY = 24 * 3600_000;

describe('referral: outcome verification after an owner\u2019s "resolved"', () => {
  let stack: ReferralStack;
  let referral: NestFastifyApplication;
  let intake: NestFastifyApplication;
  let notification: NestFastifyApplication;
  let db: pg.Client;
  let rpc: RpcClient;
  const { call, fail } = assertedCalls(() => rpc);
  const via =
    (app: NestFastifyApplication) =>
    (fn: (p: OutboxPublisher, m: Parameters<OutboxPublisher['publish']>[0]) => Promise<unknown>) =>
      app.get(DataSource).transaction((m) => fn(app.get(OutboxPublisher), m));
  const count = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0].n as number;

  /** A complaint through the review chain to the PKH owner, who says it is resolved. */
  const resolvedReferral = async (desaCode = '62.71.01.1001') => {
    const complaintId = uuidv7();
    await via(intake)((p, m) =>
      p.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', {
        complaintId,
        receiptNumber: '6271-2611-000123',
        desaCode,
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
      async () => (await db.query(`SELECT id FROM referral_case WHERE complaint_id = $1`, [complaintId])).rows[0],
      { message: 'case opened' },
    );
    const spvHere = user(['SPV'], [desaCode.slice(0, 8)]);
    await call('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'forward', expectedVersion: 1 }, spvHere);
    await call('slrt.rpc.referral.act-on-case.v1', { caseId: id, action: 'approve', expectedVersion: 2 }, mj);
    const sent = await call(
      'slrt.rpc.referral.act-on-case.v1',
      { caseId: id, action: 'send', expectedVersion: 3, note: 'Mohon cek penyaluran PKH.' },
      bo,
    );
    const referralId = sent.referrals![0]!.referralId;
    await call(
      'slrt.rpc.referral.respond-to-referral.v1',
      {
        referralId,
        responseId: `pkh-${referralId}`,
        answer: 'resolved',
        note: 'Bantuan PKH tahap IV sudah disalurkan ke rekening KKS.',
      },
      poPkh,
    );
    // A repeated answer (same responseId) schedules nothing more.
    await call(
      'slrt.rpc.referral.respond-to-referral.v1',
      {
        referralId,
        responseId: `pkh-${referralId}`,
        answer: 'resolved',
        note: 'Bantuan PKH tahap IV sudah disalurkan ke rekening KKS.',
      },
      poPkh,
    );
    const [v] = (
      await db.query(`SELECT id, status, ask_at, version FROM outcome_verification WHERE referral_id = $1`, [
        referralId,
      ])
    ).rows;
    return { complaintId, caseId: id as string, referralId, verificationId: v.id as string, askAt: new Date(v.ask_at) };
  };
  const requested = (verificationId: string) =>
    count(
      `SELECT count(*)::int AS n FROM outbox WHERE subject = 'slrt.evt.referral.outcome-verification.requested.v1' AND envelope->'data'->>'verificationId' = $1`,
      [verificationId],
    );
  const completed = (verificationId: string) =>
    db
      .query(
        `SELECT envelope->'data' AS data FROM outbox WHERE subject = 'slrt.evt.referral.outcome-verification.completed.v1' AND envelope->'data'->>'verificationId' = $1`,
        [verificationId],
      )
      .then((r) => r.rows.map((x) => x.data));
  const reply = (verificationId: string, complaintId: string, answer: 'ya' | 'tidak') => ({
    verificationId,
    complaintId,
    answer,
    via: 'sms' as const,
    receivedAt: new Date().toISOString(),
  });

  beforeAll(async () => {
    // The task's own timer never fires in the test: rounds are run by hand with a chosen clock.
    stack = await startReferralStack(
      'out',
      {
        REFERRAL_OUTCOME_VERIFY_INTERVAL_MS: '86400000',
        REFERRAL_OUTCOME_VERIFY_AFTER_DAYS: '15',
        REFERRAL_OUTCOME_ANSWER_DAYS: '10',
      },
      { doubles: ['notification'] },
    );
    ({ referral, intake, db, rpc } = stack);
    // Notification's stand-in: publishes the households' replies through its outbox, as notification does.
    notification = stack.doubles.notification!;
  }, 60_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('schedules one verification per resolved referral, asked only once the working-day delay has passed (clock moved, no sleep)', async () => {
    const r = await resolvedReferral();
    expect(
      await count(`SELECT count(*)::int AS n FROM outcome_verification WHERE referral_id = $1`, [r.referralId]),
    ).toBe(1);
    // 15 working days: at least three calendar weeks later.
    expect(r.askAt.getTime()).toBeGreaterThanOrEqual(Date.now() + 20 * DAY);
    const task = referral.get(OutcomeVerificationTask);
    await task.runOnce(new Date(r.askAt.getTime() - 60_000));
    expect(await requested(r.verificationId)).toBe(0);
    const seen = await call(
      'slrt.rpc.referral.list-outcome-verifications.v1',
      { status: 'scheduled', page: 1, pageSize: 50 },
      fo,
    );
    expect(seen.items.find((i) => i.verificationId === r.verificationId)).toMatchObject({
      status: 'scheduled',
      ownerCode: 'kemensos-pkh',
      ownerAnswer: 'Bantuan PKH tahap IV sudah disalurkan ke rekening KKS.',
    });
    await task.runOnce(new Date(r.askAt.getTime() + 60_000));
    expect(await requested(r.verificationId)).toBe(1);
    await task.runOnce(new Date(r.askAt.getTime() + 120_000));
    expect(await requested(r.verificationId)).toBe(1);
    const [row] = (
      await db.query(`SELECT status, asked_at, expires_at FROM outcome_verification WHERE id = $1`, [r.verificationId])
    ).rows;
    expect(row.status).toBe('asked');
    expect(new Date(row.expires_at).getTime()).toBeGreaterThan(new Date(row.asked_at).getTime() + 13 * DAY);
  });

  it('asks exactly once across a restart and two instances running rounds at the same time', async () => {
    const r = await resolvedReferral();
    await referral.close();
    referral = await stack.restartReferral();
    const second = await stack.startInstance();
    try {
      const later = new Date(r.askAt.getTime() + 60_000);
      await Promise.all([
        referral.get(OutcomeVerificationTask).runOnce(later),
        second.get(OutcomeVerificationTask).runOnce(later),
        referral.get(OutcomeVerificationTask).runOnce(later),
        second.get(OutcomeVerificationTask).runOnce(later),
      ]);
    } finally {
      await second.close();
    }
    expect(await requested(r.verificationId)).toBe(1);
  });

  it('"tidak" reopens the case once under repeated replies, with the owner\u2019s answer attached and the household\u2019s as the reason', async () => {
    const r = await resolvedReferral();
    await referral.get(OutcomeVerificationTask).runOnce(new Date(r.askAt.getTime() + 60_000));
    // The same reply three times (a provider retrying its webhook, the citizen sending twice).
    await via(notification)(async (p, m) => {
      for (let i = 0; i < 3; i++)
        await p.publish(
          m,
          'slrt.evt.notification.outcome-answer.received.v1',
          reply(r.verificationId, r.complaintId, 'tidak'),
        );
    });
    await waitFor(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-outcome-answer'`)).rows[0].n >=
        3,
      { message: 'replies handled' },
    );
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: r.caseId }, spv);
    expect(view.state).toBe('awaiting-supervisor');
    const reopens = view.history!.filter((h) => h.action === 'reopen');
    expect(reopens).toHaveLength(1);
    expect(reopens[0]).toMatchObject({ actorRole: 'SYSTEM', from: 'resolved', to: 'awaiting-supervisor' });
    expect(reopens[0]!.note).toContain('rumah tangga menjawab TIDAK (SMS');
    expect(reopens[0]!.note).toContain('Bantuan PKH tahap IV sudah disalurkan ke rekening KKS.');
    const transitions = (
      await db.query(
        `SELECT envelope->'data' AS d FROM outbox WHERE subject = 'slrt.evt.referral.case.transitioned.v1' AND envelope->'data'->>'caseId' = $1 AND envelope->'data'->>'action' = 'reopen'`,
        [r.caseId],
      )
    ).rows;
    expect(transitions).toHaveLength(1);
    expect(transitions[0].d.reasonCode).toBe('OUTCOME_DISPUTED');
    expect(await completed(r.verificationId)).toEqual([
      expect.objectContaining({ outcome: 'disputed', via: 'sms', ownerCode: 'kemensos-pkh', previousStatus: 'asked' }),
    ]);
    // A "ya" arriving after the "tidak" changes nothing either.
    await via(notification)((p, m) =>
      p.publish(m, 'slrt.evt.notification.outcome-answer.received.v1', reply(r.verificationId, r.complaintId, 'ya')),
    );
    await waitFor(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-outcome-answer'`)).rows[0].n >=
        4,
      { message: 'late reply handled' },
    );
    expect(
      (await db.query(`SELECT status, answer FROM outcome_verification WHERE id = $1`, [r.verificationId])).rows[0],
    ).toEqual({ status: 'disputed', answer: 'tidak' });
    expect(await completed(r.verificationId)).toHaveLength(1);
  });

  it('"ya" verifies; no answer in time ends "tidak terverifikasi"; a reply for a verification not asked changes nothing', async () => {
    const yes = await resolvedReferral();
    const silent = await resolvedReferral();
    const notYet = await resolvedReferral();
    const task = referral.get(OutcomeVerificationTask);
    const askedAt = new Date(Math.max(yes.askAt.getTime(), silent.askAt.getTime()) + 60_000);
    // notYet is asked later than the others: its ask time moved on.
    await db.query(`UPDATE outcome_verification SET ask_at = $2 WHERE id = $1`, [
      notYet.verificationId,
      new Date(askedAt.getTime() + 365 * DAY),
    ]);
    await task.runOnce(askedAt);
    const handledBefore = await count(
      `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-outcome-answer'`,
    );
    await via(notification)(async (p, m) => {
      await p.publish(
        m,
        'slrt.evt.notification.outcome-answer.received.v1',
        reply(yes.verificationId, yes.complaintId, 'ya'),
      );
      await p.publish(
        m,
        'slrt.evt.notification.outcome-answer.received.v1',
        reply(notYet.verificationId, notYet.complaintId, 'tidak'),
      );
    });
    await waitFor(
      async () =>
        (await db.query(`SELECT status FROM outcome_verification WHERE id = $1`, [yes.verificationId])).rows[0]
          .status === 'verified',
      { message: 'verified' },
    );
    await waitFor(
      async () =>
        (await count(`SELECT count(*)::int AS n FROM inbox WHERE consumer = 'referral-outcome-answer'`)) ===
        handledBefore + 2,
      { message: 'both replies handled' },
    );
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: yes.caseId }, spv)).state).toBe('resolved');
    // The reply to a verification that was never asked is ignored: still scheduled, the case still resolved.
    expect(
      (await db.query(`SELECT status FROM outcome_verification WHERE id = $1`, [notYet.verificationId])).rows[0].status,
    ).toBe('scheduled');
    expect((await call('slrt.rpc.referral.get-case.v1', { caseId: notYet.caseId }, spv)).state).toBe('resolved');
    // Ten working days later the silent household's verification ends unverified, once.
    const expiry = new Date(askedAt.getTime() + 20 * DAY);
    await task.runOnce(expiry);
    await task.runOnce(expiry);
    expect(
      (await db.query(`SELECT status FROM outcome_verification WHERE id = $1`, [silent.verificationId])).rows[0].status,
    ).toBe('unverified');
    expect(await completed(silent.verificationId)).toEqual([
      expect.objectContaining({ outcome: 'unverified', via: null }),
    ]);
    expect(await completed(yes.verificationId)).toEqual([expect.objectContaining({ outcome: 'verified', via: 'sms' })]);
  });

  it('staff record an answer given at the counter or to the FS: roles, region, version and the reason for "tidak" enforced', async () => {
    const r = await resolvedReferral();
    const v = (
      await call(
        'slrt.rpc.referral.list-outcome-verifications.v1',
        { receiptNumber: '6271-2611-000123', status: 'scheduled', page: 1, pageSize: 200 },
        fo,
      )
    ).items.find((i) => i.verificationId === r.verificationId)!;
    const body = {
      verificationId: r.verificationId,
      answer: 'tidak' as const,
      via: 'counter' as const,
      note: 'Dana PKH tahap IV belum masuk ke rekening.',
      expectedVersion: v.version,
    };
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', body, mj)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', body, poPkh)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', body, foElsewhere)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      (
        await call('slrt.rpc.referral.list-outcome-verifications.v1', { page: 1, pageSize: 200 }, foElsewhere)
      ).items.map((i) => i.verificationId),
    ).not.toContain(r.verificationId);
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', { ...body, note: ' ' }, fo)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', { ...body, via: 'fs-visit' }, fo)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await fail('slrt.rpc.referral.record-outcome-answer.v1', { ...body, answer: 'mungkin' }, fo)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      await fail('slrt.rpc.referral.record-outcome-answer.v1', { ...body, expectedVersion: v.version + 5 }, fo),
    ).toMatchObject({ code: 'CONFLICT' });
    const recorded = await call('slrt.rpc.referral.record-outcome-answer.v1', body, fo);
    expect(recorded).toMatchObject({
      status: 'disputed',
      answer: 'tidak',
      answeredVia: 'counter',
      statusText: expect.stringContaining('Dibuka kembali'),
    });
    // The same answer again (a double click) is accepted without a second reopen; another answer is refused.
    expect(await call('slrt.rpc.referral.record-outcome-answer.v1', body, fo)).toMatchObject({ status: 'disputed' });
    expect(
      await fail(
        'slrt.rpc.referral.record-outcome-answer.v1',
        { ...body, answer: 'ya', expectedVersion: recorded.version },
        fs,
      ),
    ).toMatchObject({ code: 'CONFLICT', reason: 'ANSWER_ALREADY_RECORDED' });
    const view = await call('slrt.rpc.referral.get-case.v1', { caseId: r.caseId }, spv);
    expect(view.history!.filter((h) => h.action === 'reopen')).toHaveLength(1);
    expect(view.history!.find((h) => h.action === 'reopen')!.note).toContain(
      'Dana PKH tahap IV belum masuk ke rekening.',
    );
    // The FS records a "ya" heard at home for another household.
    const other = await resolvedReferral();
    const atHome = await call(
      'slrt.rpc.referral.record-outcome-answer.v1',
      { verificationId: other.verificationId, answer: 'ya', via: 'fs-visit', expectedVersion: 1 },
      fs,
    );
    expect(atHome).toMatchObject({ status: 'verified', answeredVia: 'fs-visit' });
  });

  it('cancels a verification whose case was reopened by staff before the household was asked', async () => {
    const r = await resolvedReferral();
    const c = await call('slrt.rpc.referral.get-case.v1', { caseId: r.caseId }, spv);
    await call(
      'slrt.rpc.referral.act-on-case.v1',
      {
        caseId: r.caseId,
        action: 'reopen',
        expectedVersion: c.version,
        note: 'Warga datang lagi: bantuan belum diterima.',
      },
      spv,
    );
    await referral.get(OutcomeVerificationTask).runOnce(new Date(r.askAt.getTime() + 60_000));
    expect(
      (await db.query(`SELECT status FROM outcome_verification WHERE id = $1`, [r.verificationId])).rows[0].status,
    ).toBe('cancelled');
    expect(await requested(r.verificationId)).toBe(0);
  });
});
