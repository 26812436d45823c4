import type { CaseTransitionedV1, ProposalStatusChangedV1 } from '@slrt/contracts';
import { stepsOfCaseOpened, stepsOfCaseTransition, stepsOfProposalStatus } from './step-mapping.js';

const move = (action: CaseTransitionedV1['action'], over: Partial<CaseTransitionedV1> = {}): CaseTransitionedV1 => ({
  caseId: '019a9c3e-6000-7000-8000-0000000000c1',
  complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6',
  receiptNumber: '6271-2611-000123',
  desaCode: '62.71.01.1001',
  action,
  from: 'approved',
  to: 'referred',
  actorRole: 'BO',
  ownerCodes: [],
  dueAt: null,
  at: '2026-11-24T03:00:00.000Z',
  ...over,
});
const proposal = (
  toStatus: ProposalStatusChangedV1['toStatus'],
  kind: ProposalStatusChangedV1['kind'] = 'prelist',
): ProposalStatusChangedV1 => ({
  proposalId: '019a9c3e-6000-7000-8000-0000000000d1',
  kind,
  complaintId: '019a9c3e-5b1a-7c2d-8e4f-a1b2c3d4e5f6',
  desaCode: '62.71.01.1001',
  fromStatus: null,
  toStatus,
  action: 'create',
  reason: 'Catatan operator dengan nama Bu Sari',
  batchId: null,
  changedAt: '2026-11-24T03:00:00.000Z',
});

describe('which events become steps of the public timeline', () => {
  it('a send becomes one referred step per owner, each with its own source', () => {
    expect(
      stepsOfCaseTransition(move('send', { ownerCodes: ['kemensos-pkh', 'kemenag'] }), 'nats:e1').map((s) => [
        s.step,
        s.ownerCode,
        s.source,
      ]),
    ).toEqual([
      ['referred', 'kemensos-pkh', 'nats:e1:kemensos-pkh'],
      ['referred', 'kemenag', 'nats:e1:kemenag'],
    ]);
  });

  it('a referral to a desa service and an owner\u2019s forward up a level read as "referred" to the new owner (issue #19)', () => {
    expect(
      stepsOfCaseTransition(move('refer-desa', { ownerCodes: ['pkk-kel-1001'] }), 'e2').map((s) => [
        s.step,
        s.ownerCode,
      ]),
    ).toEqual([['referred', 'pkk-kel-1001']]);
    expect(
      stepsOfCaseTransition(
        move('owner-forward', { from: 'referred', ownerCodes: ['kemensos-pkh'], actorRole: 'PO' }),
        'e3',
      ).map((s) => [s.step, s.ownerCode, s.source]),
    ).toEqual([['referred', 'kemensos-pkh', 'e3:kemensos-pkh']]);
  });

  it('an owner\u2019s rejection reads in plain words; an unknown or missing code falls back to OTHER', () => {
    expect(
      stepsOfCaseTransition(move('owner-reject', { ownerCodes: ['kemensos-pkh'], reasonCode: 'NOT_ELIGIBLE' }), 's')[0],
    ).toMatchObject({
      step: 'rejected',
      reasonCode: 'NOT_ELIGIBLE',
      reasonText: expect.stringContaining('belum memenuhi syarat'),
    });
    expect(stepsOfCaseTransition(move('owner-reject', { ownerCodes: ['kemensos-pkh'] }), 's')[0]).toMatchObject({
      reasonCode: 'OTHER',
    });
    expect(
      stepsOfCaseTransition(
        move('owner-reject', { ownerCodes: ['kemensos-pkh'], reasonCode: 'SOMETHING_NEW' }),
        's',
      )[0],
    ).toMatchObject({ reasonCode: 'OTHER' });
  });

  it('internal moves and referral\u2019s registry moves make no step', () => {
    for (const action of [
      'forward',
      'return',
      'approve',
      'answer-owner',
      'record-follow-up',
      'owner-request-review',
      'registry-update',
      'registry-accept',
      'registry-reject',
    ] as const) {
      expect(stepsOfCaseTransition(move(action), 's')).toEqual([]);
    }
    expect(stepsOfCaseTransition(move('reopen'), 's')[0]).toMatchObject({ step: 'in-review', reopen: true });
  });

  it('a case opened for the registry waits for verivali; otherwise it is in review', () => {
    const opened = {
      caseId: 'c',
      complaintId: 'x',
      receiptNumber: 'r',
      desaCode: 'd',
      category: 'kepesertaan' as const,
      programmeCodes: [],
      dueAt: null,
      openedAt: '2026-11-24T03:00:00.000Z',
    };
    expect(stepsOfCaseOpened({ ...opened, state: 'awaiting-registry' }, 's')[0]!.step).toBe('awaiting-verivali');
    expect(stepsOfCaseOpened({ ...opened, state: 'awaiting-supervisor' }, 's')[0]!.step).toBe('in-review');
  });

  it('a proposal waits, then resolves or rejects with fixed words, never the operator\u2019s note', () => {
    expect(stepsOfProposalStatus(proposal('draft'), 's')[0]!.step).toBe('awaiting-verivali');
    expect(stepsOfProposalStatus(proposal('accepted'), 's')[0]).toMatchObject({
      step: 'resolved',
      detail: 'Rumah tangga Anda sudah masuk Data Terpadu (DTKS/DTSEN).',
    });
    expect(stepsOfProposalStatus(proposal('rejected'), 's')[0]).toMatchObject({
      step: 'rejected',
      reasonCode: 'VERIVALI_REJECTED',
    });
    expect(stepsOfProposalStatus(proposal('declined'), 's')[0]).toMatchObject({
      step: 'rejected',
      reasonCode: 'MUSDES_DECLINED',
    });
    expect(stepsOfProposalStatus(proposal('withdrawn'), 's')).toEqual([]);
    expect(
      JSON.stringify(
        ['draft', 'accepted', 'rejected', 'declined'].map((s) => stepsOfProposalStatus(proposal(s as never), 's')),
      ),
    ).not.toContain('Sari');
  });
});
