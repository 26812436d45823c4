import { FINAL_PROPOSAL_STATUSES, PROPOSAL_KINDS, PROPOSAL_STATUSES } from '@slrt/contracts';
import {
  PROPOSAL_TRANSITION_TABLE,
  allowedProposalActions,
  exportableStatuses,
  proposalTransitionFor,
  targetStatus,
} from './proposal-state-machine.js';

describe('proposal state machine', () => {
  it('follows the flows of proposal-status.v1.ts for each kind', () => {
    const edges = (kind: string) =>
      PROPOSAL_TRANSITION_TABLE.filter((t) => t.kind === kind && t.to !== 'same')
        .flatMap((t) => t.from.flatMap((f) => (t.to as readonly string[]).map((to) => `${f ?? '∅'}→${to}`)))
        .sort();
    expect(edges('prelist')).toEqual(
      [
        '∅→draft',
        'draft→deliberated',
        'draft→declined',
        'deliberated→verified',
        'verified→submitted',
        'submitted→ratified',
        'submitted→accepted',
        'submitted→rejected',
        'ratified→accepted',
        'ratified→rejected',
        'draft→withdrawn',
        'deliberated→withdrawn',
        'verified→withdrawn',
      ].sort(),
    );
    expect(edges('data-change')).toEqual(
      [
        '∅→draft',
        'draft→approved',
        'draft→declined',
        'approved→submitted',
        'submitted→accepted',
        'submitted→rejected',
        'draft→withdrawn',
        'approved→withdrawn',
      ].sort(),
    );
    expect(edges('ppks')).toEqual(
      ['∅→recorded', 'recorded→submitted', 'submitted→accepted', 'submitted→rejected', 'recorded→withdrawn'].sort(),
    );
  });

  it('leaves no way out of a final status, and never withdraws what was submitted', () => {
    for (const kind of PROPOSAL_KINDS) {
      for (const s of FINAL_PROPOSAL_STATUSES)
        expect(
          allowedProposalActions(kind, s, ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN', 'SYSTEM']),
        ).toEqual([]);
      for (const s of ['submitted', 'ratified'] as const)
        expect(proposalTransitionFor(kind, 'withdraw', s)).toBeUndefined();
    }
  });

  it('uses only statuses of the contract', () => {
    for (const t of PROPOSAL_TRANSITION_TABLE) {
      for (const f of t.from) if (f !== null) expect(PROPOSAL_STATUSES).toContain(f);
      if (t.to !== 'same') for (const s of t.to) expect(PROPOSAL_STATUSES).toContain(s);
    }
  });

  it('gives the actions per role: field work by FO/FS/BO, decisions by MJ/SEKRETARIAT only', () => {
    expect(allowedProposalActions('prelist', 'draft', ['FO'])).toEqual(['update', 'record-musdes', 'withdraw']);
    expect(allowedProposalActions('prelist', 'draft', ['BO'])).toEqual(['record-musdes', 'withdraw']);
    expect(allowedProposalActions('prelist', 'draft', ['SEKRETARIAT'])).toEqual([]);
    expect(allowedProposalActions('data-change', 'draft', ['SEKRETARIAT'])).toEqual(['approve', 'decline']);
    expect(allowedProposalActions('data-change', 'draft', ['FO'])).toEqual(['withdraw']);
    expect(allowedProposalActions('prelist', 'submitted', ['SYSTEM'])).toEqual(['apply-verivali']);
  });

  it('picks the target of a many-outcome action only among its outcomes', () => {
    const musdes = proposalTransitionFor('prelist', 'record-musdes', 'draft')!;
    expect(targetStatus(musdes, 'draft', 'declined')).toBe('declined');
    expect(targetStatus(musdes, 'draft', 'verified')).toBeNull();
    expect(targetStatus(musdes, 'draft')).toBeNull();
    const dukcapil = proposalTransitionFor('prelist', 'record-dukcapil-match', 'verified')!;
    expect(targetStatus(dukcapil, 'verified')).toBe('verified');
    expect(proposalTransitionFor('prelist', 'record-dukcapil-match', 'draft')).toBeUndefined();
  });

  it('names the statuses a batch may take for each kind', () => {
    expect(exportableStatuses('prelist')).toEqual(['verified']);
    expect(exportableStatuses('data-change')).toEqual(['approved']);
    expect(exportableStatuses('ppks')).toEqual(['recorded']);
  });
});
