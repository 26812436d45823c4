import type { Actor, CaseDeadlineEscalatedV1, CaseTransitionedV1, ImportCompletedV1 } from '@slrt/contracts';
import { InboxRules } from './inbox-rules.js';

const rules = new InboxRules('Asia/Jakarta');
const base = {
  caseId: '019a9c3e-6000-7000-8000-0000000000c1',
  complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6',
  receiptNumber: '6271-2611-000123',
  desaCode: '62.71.01.1001',
};
const moved = (
  action: CaseTransitionedV1['action'],
  from: CaseTransitionedV1['from'],
  to: CaseTransitionedV1['to'],
  extra: Partial<CaseTransitionedV1> = {},
): CaseTransitionedV1 => ({
  ...base,
  action,
  from,
  to,
  actorRole: 'SPV',
  ownerCodes: [],
  dueAt: '2026-11-24T09:00:00.000Z',
  at: '2026-11-20T03:00:00.000Z',
  ...extra,
});
const escalated = (
  notify: string,
  level: 'at-risk' | 'breached',
  state: CaseDeadlineEscalatedV1['state'] = 'awaiting-supervisor',
): CaseDeadlineEscalatedV1 => ({
  caseId: base.caseId,
  receiptNumber: base.receiptNumber,
  desaCode: base.desaCode,
  state,
  level,
  notify,
  ...(/^[a-z]/.test(notify) ? { ownerCode: notify } : {}),
  dueAt: '2026-12-08T09:00:00.000Z',
  at: '2026-12-08T09:05:00.000Z',
});

describe('staff inbox rules', () => {
  it('puts an opened case in the kecamatan supervisor\u2019s queue, with the due date in the deployment\u2019s zone', () => {
    const [item, ...rest] = rules.caseOpened({
      ...base,
      category: 'non-kepesertaan',
      programmeCodes: ['PKH'],
      state: 'awaiting-supervisor',
      dueAt: '2026-11-24T09:00:00.000Z',
      openedAt: '2026-11-20T02:16:00.000Z',
    });
    expect(rest).toHaveLength(0);
    expect(item).toMatchObject({
      kind: 'case-queued',
      to: { role: 'SPV', region: '62.71.01.1001' },
      caseState: 'awaiting-supervisor',
      programmeCodes: ['PKH'],
    });
    expect(item!.body).toBe(
      'Kasus 6271-2611-000123 (PKH, desa 62.71.01.1001) menunggu tinjauan supervisor. Tenggat: 24 November 2026 16.00 WIB.',
    );
    expect(new InboxRules('Asia/Jayapura').formatDate('2026-11-24T09:00:00.000Z')).toBe('24 November 2026 18.00 WIT');
  });

  it('follows the case through the queues: MJ, BO, the FO/FS side on return, SPV again on resubmit', () => {
    expect(
      rules.caseTransitioned(moved('forward', 'awaiting-supervisor', 'awaiting-manager'), []).map((d) => d.to),
    ).toEqual([{ role: 'MJ', region: '62.71.01.1001' }]);
    expect(rules.caseTransitioned(moved('approve', 'awaiting-manager', 'approved'), []).map((d) => d.to)).toEqual([
      { role: 'BO', region: '62.71.01.1001' },
    ]);
    const returned = rules.caseTransitioned(moved('return', 'awaiting-supervisor', 'returned-for-info'), ['PKH']);
    expect(returned.map((d) => [d.kind, d.to])).toEqual([
      ['case-returned', { role: 'FO', region: '62.71.01.1001' }],
      ['case-returned', { role: 'FS', region: '62.71.01.1001' }],
    ]);
    expect(returned[0]!.body).toContain('dikembalikan oleh SPV');
    expect(
      rules.caseTransitioned(moved('resubmit', 'returned-for-info', 'awaiting-supervisor'), []).map((d) => d.to),
    ).toEqual([{ role: 'SPV', region: '62.71.01.1001' }]);
    // Moves into no one's queue make no item.
    expect(rules.caseTransitioned(moved('send', 'approved', 'referred'), [])).toEqual([]);
    expect(rules.caseTransitioned(moved('resolve-locally', 'awaiting-supervisor', 'resolved'), [])).toEqual([]);
  });

  it('tells the back office of every owner answer', () => {
    const [item, ...rest] = rules.caseTransitioned(
      moved('owner-resolve', 'referred', 'resolved', { actorRole: 'PO', ownerCodes: ['kemensos-pkh'], dueAt: null }),
      ['PKH'],
    );
    expect(rest).toHaveLength(0);
    expect(item).toMatchObject({
      kind: 'owner-answered',
      to: { role: 'BO', region: '62.71.01.1001' },
      caseState: 'resolved',
    });
    expect(item!.body).toBe(
      'kemensos-pkh menyelesaikan rujukan untuk kasus 6271-2611-000123 (PKH, desa 62.71.01.1001). Status kasus: selesai.',
    );
    expect(
      rules
        .caseTransitioned(
          moved('owner-request-review', 'referred', 'owner-review-requested', {
            actorRole: 'PO',
            ownerCodes: ['kemensos-pkh'],
          }),
          [],
        )
        .map((d) => [d.kind, d.to]),
    ).toEqual([['owner-answered', { role: 'BO', region: '62.71.01.1001' }]]);
  });

  it('addresses escalations as referral did: the step\u2019s role, FO to the FO/FS side, an owner to its PO users and the back office', () => {
    expect(rules.deadlineEscalated(escalated('SPV', 'at-risk'), []).map((d) => [d.kind, d.to])).toEqual([
      ['deadline-at-risk', { role: 'SPV', region: '62.71.01.1001' }],
    ]);
    expect(rules.deadlineEscalated(escalated('MJ', 'breached'), []).map((d) => [d.kind, d.to])).toEqual([
      ['deadline-breached', { role: 'MJ', region: '62.71.01.1001' }],
    ]);
    expect(rules.deadlineEscalated(escalated('FO', 'at-risk', 'returned-for-info'), []).map((d) => d.to)).toEqual([
      { role: 'FO', region: '62.71.01.1001' },
      { role: 'FS', region: '62.71.01.1001' },
    ]);
    const owner = rules.deadlineEscalated(escalated('kemensos-pkh', 'at-risk', 'referred'), ['PKH']);
    expect(owner.map((d) => d.to)).toEqual([
      { role: 'PO', ownerCode: 'kemensos-pkh' },
      { role: 'BO', region: '62.71.01.1001' },
    ]);
    expect(owner[0]!.body).toBe(
      'Kasus 6271-2611-000123 (PKH, desa 62.71.01.1001) harus ditindaklanjuti sebelum 8 Desember 2026 16.00 WIB (langkah "dirujuk ke pengelola program", pengelola program kemensos-pkh).',
    );
    expect(rules.deadlineEscalated(escalated('MJ', 'breached', 'awaiting-manager'), [])[0]!.body).toBe(
      'Kasus 6271-2611-000123 (desa 62.71.01.1001) melewati tenggat 8 Desember 2026 16.00 WIB pada langkah "menunggu persetujuan manajer".',
    );
  });

  it('sends an import\u2019s end to the user who started it, or to the kab/kota\u2019s administrators when the platform did', () => {
    const done: ImportCompletedV1 = {
      jobId: '019a9c3e-9000-7000-8000-0000000000b1',
      dataPeriod: '2026-09',
      rowsRead: 1000,
      rowsAccepted: 998,
      rowsRejected: 2,
      status: 'succeeded',
      error: null,
      finishedAt: '2026-11-20T01:00:05.000Z',
    };
    const user = { kind: 'user', id: 'u-admin', roles: ['ADMIN'], regionScope: ['62.71'] } as Actor;
    expect(rules.importCompleted(done, user, '62.71')).toEqual([
      expect.objectContaining({ kind: 'import-succeeded', to: { userId: 'u-admin' }, jobId: done.jobId }),
    ]);
    const failed = rules.importCompleted(
      { ...done, status: 'failed', error: 'Kolom NIK tidak ada di berkas.' },
      null,
      '62.71',
    );
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'import-failed',
        to: { role: 'ADMIN', region: '62.71' },
        body: 'Data periode sebelumnya tetap berlaku. Sebab: Kolom NIK tidak ada di berkas.',
      }),
    ]);
  });

  it('tells the kecamatan supervisor of an FS submission to check (and of an answer), and the Fasilitator of a returned one', () => {
    const requested = {
      complaintId: base.complaintId,
      receiptNumber: base.receiptNumber,
      desaCode: base.desaCode,
      officerId: 'fs-1',
      round: 1,
      requestedAt: '2026-11-20T03:00:00.000Z',
    };
    const [queued] = rules.fieldCheckRequested(requested);
    expect(queued).toMatchObject({
      kind: 'field-check-queued',
      title: 'Ada kiriman FS untuk diperiksa: 6271-2611-000123',
      to: { role: 'SPV', region: '62.71.01.1001' },
      receiptNumber: base.receiptNumber,
    });
    expect(rules.fieldCheckRequested({ ...requested, round: 2 })[0]!.title).toBe(
      'Jawaban FS untuk kiriman 6271-2611-000123 siap diperiksa',
    );
    const [returned] = rules.fieldCheckReturned({
      complaintId: base.complaintId,
      receiptNumber: base.receiptNumber,
      desaCode: base.desaCode,
      officerId: 'fs-1',
      returnedAt: '2026-11-20T04:00:00.000Z',
    });
    expect(returned).toMatchObject({ kind: 'field-check-returned', to: { userId: 'fs-1' } });
    expect(returned!.body).toContain('jawab');
  });
});
