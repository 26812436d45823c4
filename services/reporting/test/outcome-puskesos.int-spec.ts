import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, EventPayload, OutcomeVerificationCompletedV1 } from '@slrt/contracts';
import { childrenOf } from '@slrt/domain';
import { startReportingStack, type ReportingStack } from './support/reporting-stack.js';

const user = (roles: Actor['roles'], scope: string[], id: string, ownerCode?: string): Actor =>
  ({ kind: 'user', id, roles, regionScope: scope, ...(ownerCode ? { ownerCode } : {}) }) as Actor;
const mj = user(['MJ'], ['62.71'], 'mj');
const sekretariat = user(['SEKRETARIAT'], ['62.71'], 'sek');
const spv = user(['SPV'], ['62.71.01'], 'spv-01');
const fo = user(['FO'], ['62.71.01.1001'], 'fo-1001');
const poPkh = user(['PO'], [], 'po-pkh', 'kemensos-pkh');
const DESA_A = '62.71.01.1001';
const DESA_A2 = '62.71.01.1002';
const DESA_B = '62.71.02.1002';
const OTHER_KAB = '62.72.01.2001';

describe('reporting: outcome verification per owner, Puskesos monitoring', () => {
  let stack: ReportingStack;
  let intake: NestFastifyApplication;
  let referral: NestFastifyApplication;
  let notification: NestFastifyApplication;
  const call: ReportingStack['call'] = (s, d, a) => stack.call(s, d, a);
  const fail: ReportingStack['fail'] = (s, d, a) => stack.fail(s, d, a);
  const publish: ReportingStack['publish'] = (from, s, d) => stack.publish(from, s, d);
  const caughtUp = () => stack.caughtUp();
  let seq = 500;
  /** A complaint registered in `desa` at `at`, its case opened; closed at `closedAt` when given. */
  async function complaint(desa: string, at: string, o: { channel?: string; closedAt?: string; dueAt?: string } = {}) {
    const complaintId = uuidv7();
    const caseId = uuidv7();
    const receiptNumber = `6271-2611-000${seq++}`;
    const base = { complaintId, receiptNumber, desaCode: desa };
    await publish(intake, 'slrt.evt.intake.complaint.registered.v1', {
      ...base,
      channel: o.channel ?? 'PUSKESOS_FO',
      category: 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      recordedAt: at,
      registryCheck: 'in-registry',
      subjectHasNik: true,
      possibleDuplicateOf: null,
    } as EventPayload<'slrt.evt.intake.complaint.registered.v1'>);
    await publish(referral, 'slrt.evt.referral.case.opened.v1', {
      caseId,
      complaintId,
      receiptNumber,
      desaCode: desa,
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: o.dueAt ?? '2027-06-10T02:00:00.000Z',
      openedAt: at,
    });
    if (o.closedAt) {
      await publish(intake, 'slrt.evt.intake.complaint.status-changed.v1', {
        ...base,
        sequence: 2,
        step: 'resolved',
        previousStep: 'received',
        ownerCode: null,
        reasonCode: null,
        reasonText: null,
        occurredAt: o.closedAt,
      });
      await publish(referral, 'slrt.evt.referral.case.transitioned.v1', {
        caseId,
        complaintId,
        receiptNumber,
        desaCode: desa,
        action: 'resolve-locally',
        from: 'awaiting-supervisor',
        to: 'resolved',
        actorRole: 'SPV',
        ownerCodes: [],
        dueAt: null,
        at: o.closedAt,
      });
    }
    return { complaintId, caseId };
  }
  const outcome = (
    o: Partial<OutcomeVerificationCompletedV1> & Pick<OutcomeVerificationCompletedV1, 'outcome' | 'completedAt'>,
  ): OutcomeVerificationCompletedV1 => ({
    verificationId: uuidv7(),
    caseId: uuidv7(),
    complaintId: uuidv7(),
    referralId: uuidv7(),
    receiptNumber: '6271-2611-000123',
    desaCode: DESA_A,
    ownerCode: 'kemensos-pkh',
    via: o.outcome === 'unverified' ? null : 'sms',
    resolvedAt: '2026-10-12T02:00:00.000Z',
    ...o,
  });

  beforeAll(async () => {
    // Intake's, referral's and notification's stand-ins share one schema (one outbox, each publishing under its own NATS user).
    stack = await startReportingStack('rptout', {
      doubles: { intake: [], referral: [], notification: [] },
      sharedOutbox: true,
    });
    intake = stack.doubles.intake!;
    referral = stack.doubles.referral!;
    notification = stack.doubles.notification!;
  }, 60_000);

  afterAll(() => stack?.close());

  it('counts the households\u2019 verdicts per owner on the SLA board: verified, disputed, unverified; a later counter answer replaces "unverified"; replays count once; region scope holds', async () => {
    const late = outcome({ outcome: 'unverified', completedAt: '2026-11-20T02:00:00.000Z' });
    const events = [
      outcome({ outcome: 'verified', completedAt: '2026-11-03T02:00:00.000Z' }),
      outcome({ outcome: 'verified', completedAt: '2026-11-04T02:00:00.000Z', via: 'fs-visit' }),
      outcome({ outcome: 'disputed', completedAt: '2026-11-05T02:00:00.000Z' }),
      outcome({ outcome: 'unverified', completedAt: '2026-11-06T02:00:00.000Z' }),
      late,
      { ...late, outcome: 'verified' as const, via: 'counter' as const, completedAt: '2026-11-25T02:00:00.000Z' },
      outcome({ outcome: 'disputed', completedAt: '2026-11-07T02:00:00.000Z', ownerCode: 'dinsos', desaCode: DESA_B }),
      outcome({ outcome: 'verified', completedAt: '2026-11-07T02:00:00.000Z', desaCode: OTHER_KAB }),
      outcome({ outcome: 'verified', completedAt: '2026-10-07T02:00:00.000Z' }),
    ];
    for (const e of events) await publish(referral, 'slrt.evt.referral.outcome-verification.completed.v1', e);
    // The same verification's event published again (a relay retry with a new envelope id).
    await publish(referral, 'slrt.evt.referral.outcome-verification.completed.v1', events[0]!);
    await caughtUp();
    const board = await call('slrt.rpc.reporting.get-owner-board.v1', { fromMonth: '2026-11', toMonth: '2026-11' }, mj);
    expect(board.rows.find((r) => r.ownerCode === 'kemensos-pkh')!.outcomes).toEqual({
      verified: 3,
      disputed: 1,
      unverified: 1,
      verifiedRate: 0.75,
    });
    expect(board.rows.find((r) => r.ownerCode === 'dinsos')!.outcomes).toEqual({
      verified: 0,
      disputed: 1,
      unverified: 0,
      verifiedRate: 0,
    });
    // The kecamatan's supervisor sees its kecamatan only; the owner its own line, wherever it came from.
    const kec = await call('slrt.rpc.reporting.get-owner-board.v1', { fromMonth: '2026-11', toMonth: '2026-11' }, spv);
    expect(kec.rows.map((r) => r.ownerCode)).toEqual(['kemensos-pkh']);
    const own = await call(
      'slrt.rpc.reporting.get-owner-board.v1',
      { fromMonth: '2026-10', toMonth: '2026-11' },
      poPkh,
    );
    expect(own.rows.map((r) => [r.ownerCode, r.outcomes.verified])).toEqual([['kemensos-pkh', 5]]);
    expect(
      await fail(
        'slrt.rpc.reporting.get-owner-board.v1',
        { fromMonth: '2026-11', toMonth: '2026-11', ownerCode: 'dinsos' },
        poPkh,
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('monitors every Puskesos of the caller\u2019s region: the month\u2019s complaints, backlog at start and end, open and overdue cases, last activity, flags', async () => {
    // Desa A: one complaint from September still open, two in November (one by the FS), one of them closed.
    await complaint(DESA_A, '2026-09-15T02:00:00.000Z', { dueAt: '2026-10-01T02:00:00.000Z' });
    await complaint(DESA_A, '2026-11-10T02:00:00.000Z', { channel: 'FASILITATOR_VISIT' });
    await complaint(DESA_A, '2026-11-12T02:00:00.000Z', { closedAt: '2026-11-20T02:00:00.000Z' });
    // Desa B (another kecamatan): one complaint in October, closed in November.
    await complaint(DESA_B, '2026-10-05T02:00:00.000Z', { closedAt: '2026-11-02T02:00:00.000Z' });
    await complaint(OTHER_KAB, '2026-11-05T02:00:00.000Z');
    // Citizens informed at desa A in November: an SMS delivered, an FS visit done; a failed SMS and an October letter do not count as delivered.
    const informed = (
      channel: 'sms' | 'letter' | 'fs-visit',
      outcome: 'delivered' | 'failed' | 'undeliverable',
      at: string,
    ) =>
      publish(notification, 'slrt.evt.notification.message.outcome.v1', {
        messageId: uuidv7(),
        complaintId: uuidv7(),
        desaCode: DESA_A,
        channel,
        step: 'received',
        recipient: 'subject',
        outcome,
        at,
      });
    await informed('sms', 'delivered', '2026-11-11T02:00:00.000Z');
    await informed('fs-visit', 'delivered', '2026-11-13T02:00:00.000Z');
    await informed('sms', 'failed', '2026-11-14T02:00:00.000Z');
    await informed('letter', 'delivered', '2026-10-14T02:00:00.000Z');
    await caughtUp();
    const all = await call('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11' }, sekretariat);
    const expectedDesa = childrenOf('62.71').flatMap((k) => childrenOf(k.code)).length;
    expect(all.rows).toHaveLength(expectedDesa);
    expect(all.citizensInformedCounted).toBe(true);
    const a = all.rows.find((r) => r.desaCode === DESA_A)!;
    expect(a).toMatchObject({
      kecamatanCode: '62.71.01',
      complaintsReceived: 2,
      complaintsByFs: 1,
      backlogAtStart: 1,
      backlogAtEnd: 2,
      casesOpen: 2,
      casesOverdue: 1,
      complaintsClosed: 1,
      fsVisitsDone: 1,
      messagesDelivered: 1,
      flags: ['growing-backlog'],
    });
    expect(a.lastActivityAt).toBe('2026-11-20T02:00:00.000Z');
    expect(a.desaName).toMatch(/\w/);
    expect(all.rows.find((r) => r.desaCode === DESA_B)).toMatchObject({
      complaintsReceived: 0,
      backlogAtStart: 1,
      backlogAtEnd: 0,
      complaintsClosed: 1,
      flags: [],
    });
    expect(all.rows.find((r) => r.desaCode === DESA_A2)).toMatchObject({
      complaintsReceived: 0,
      lastActivityAt: null,
      flags: ['no-activity'],
    });
    expect(all.rows.some((r) => r.desaCode === OTHER_KAB)).toBe(false);
    // October: desa A had the September complaint only (no activity in October), desa B received one.
    const oct = await call('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-10' }, mj);
    expect(oct.rows.find((r) => r.desaCode === DESA_A)).toMatchObject({
      complaintsReceived: 0,
      backlogAtStart: 1,
      backlogAtEnd: 1,
      messagesDelivered: 1,
      fsVisitsDone: 0,
      flags: ['no-activity'],
    });
    expect(oct.rows.find((r) => r.desaCode === DESA_B)).toMatchObject({
      complaintsReceived: 1,
      flags: ['growing-backlog'],
    });
    // The kecamatan's supervisor: its kecamatan only; filtering by a kecamatan narrows the table.
    const kec = await call('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11' }, spv);
    expect(new Set(kec.rows.map((r) => r.kecamatanCode))).toEqual(new Set(['62.71.01']));
    expect(
      (
        await call('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11', kecamatanCode: '62.71.02' }, mj)
      ).rows.every((r) => r.kecamatanCode === '62.71.02'),
    ).toBe(true);
    expect(
      await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11', kecamatanCode: '62.71.02' }, spv),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11' }, fo)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11' }, poPkh)).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-13' }, mj)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2099-01' }, mj)).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      await fail('slrt.rpc.reporting.get-puskesos-activity.v1', { month: '2026-11', kecamatanCode: '62.71.99' }, mj),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
