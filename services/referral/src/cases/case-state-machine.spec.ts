import { CASE_ACTIONS, CASE_STATES } from '@slrt/contracts';
import {
  TRANSITIONS,
  allowedActions,
  isEnded,
  reviewEntryState,
  statesAwaiting,
  targetOf,
  transitionFor,
} from './case-state-machine.js';

describe('case state machine', () => {
  it('uses only declared states and actions, and every action has a transition', () => {
    for (const t of TRANSITIONS) {
      expect(CASE_ACTIONS).toContain(t.action);
      expect(CASE_STATES).toContain(t.to);
      t.from.forEach((s) => expect(CASE_STATES).toContain(s));
    }
    expect(new Set(TRANSITIONS.map((t) => t.action))).toEqual(new Set(CASE_ACTIONS));
  });

  it('is deterministic: one transition per action and state', () => {
    for (const action of CASE_ACTIONS)
      for (const state of CASE_STATES) {
        expect(TRANSITIONS.filter((t) => t.action === action && t.from.includes(state)).length).toBeLessThanOrEqual(1);
      }
  });

  it('leads from a new case to a referral only through supervisor, manager and back office', () => {
    expect(transitionFor('forward', 'awaiting-supervisor')?.by).toEqual(['SPV']);
    expect(transitionFor('approve', 'awaiting-manager')?.by).toEqual(['MJ']);
    expect(transitionFor('send', 'approved')?.by).toEqual(['BO']);
    expect(transitionFor('send', 'awaiting-manager')).toBeUndefined();
    expect(transitionFor('approve', 'awaiting-supervisor')).toBeUndefined();
  });

  it('tells each role what it may do now, and what waits for it', () => {
    expect(allowedActions('awaiting-supervisor', ['SPV']).sort()).toEqual([
      'forward',
      'refer-desa',
      'resolve-locally',
      'return',
      'withdraw',
    ]);
    // A Puskesos BO may settle the case itself or refer it to a desa service, but it is not in the BO's queue for that.
    expect(allowedActions('awaiting-supervisor', ['BO']).sort()).toEqual(['refer-desa', 'resolve-locally']);
    expect(statesAwaiting(['BO'])).not.toContain('awaiting-supervisor');
    expect(allowedActions('referred', ['OWNER']).sort()).toEqual([
      'owner-accept',
      'owner-forward',
      'owner-reject',
      'owner-request-review',
      'owner-resolve',
    ]);
    expect(statesAwaiting(['MJ']).sort()).toEqual(['awaiting-manager', 'owner-accepted', 'rejected-by-owner'].sort());
    expect(statesAwaiting(['FO'])).toEqual(['returned-for-info']);
  });

  it('lets only the platform apply registry outcomes: final ones end an open case, steps are recorded in place', () => {
    expect(transitionFor('registry-accept', 'awaiting-supervisor')).toMatchObject({ to: 'resolved', by: ['SYSTEM'] });
    expect(transitionFor('registry-accept', 'referred')?.to).toBe('resolved');
    expect(transitionFor('registry-reject', 'approved')?.to).toBe('rejected-by-owner');
    expect(transitionFor('registry-accept', 'closed')).toBeUndefined();
    expect(transitionFor('registry-reject', 'resolved')).toBeUndefined();
    for (const s of CASE_STATES) expect(transitionFor('registry-update', s)?.to).toBe(s);
    for (const s of CASE_STATES)
      expect(
        allowedActions(s, ['SPV', 'MJ', 'BO', 'FO', 'FS', 'OWNER']).filter((a) => a.startsWith('registry-')),
      ).toEqual([]);
  });

  it('lets a prelist complaint\u2019s case wait for the registry: its outcome moves it, operators only withdraw or close', () => {
    expect(transitionFor('registry-update', 'awaiting-registry')).toMatchObject({
      to: 'awaiting-registry',
      by: ['SYSTEM'],
    });
    expect(transitionFor('registry-accept', 'awaiting-registry')).toMatchObject({ to: 'resolved', by: ['SYSTEM'] });
    expect(transitionFor('registry-reject', 'awaiting-registry')).toMatchObject({
      to: 'rejected-by-owner',
      by: ['SYSTEM'],
    });
    expect(transitionFor('withdraw', 'awaiting-registry')?.to).toBe('withdrawn');
    expect(transitionFor('close', 'awaiting-registry')).toMatchObject({ to: 'closed', by: ['MJ'] });
    expect(allowedActions('awaiting-registry', ['SPV'])).toEqual(['withdraw']);
    expect(allowedActions('awaiting-registry', ['MJ']).sort()).toEqual(['close', 'withdraw']);
    expect(allowedActions('awaiting-registry', ['BO'])).toEqual([]);
    expect(allowedActions('awaiting-registry', ['SYSTEM']).sort()).toEqual([
      'registry-accept',
      'registry-reject',
      'registry-update',
      'withdraw',
    ]);
    for (const a of ['forward', 'return', 'resolve-locally', 'approve', 'send'] as const)
      expect(transitionFor(a, 'awaiting-registry')).toBeUndefined();
    // nobody's "mine" queue: its next move is the registry's
    for (const r of ['SPV', 'MJ', 'BO', 'FO', 'FS', 'OWNER'] as const)
      expect(statesAwaiting([r])).not.toContain('awaiting-registry');
    expect(isEnded('awaiting-registry')).toBe(false);
  });

  it('ends cases only in ended states, which can be reopened', () => {
    for (const s of CASE_STATES)
      expect(isEnded(s)).toBe(['resolved', 'closed', 'withdrawn', 'rejected-by-owner'].includes(s));
    expect(transitionFor('reopen', 'resolved')?.to).toBe('awaiting-supervisor');
  });

  it('follows the review chain as data: without SPV the review (re)starts at the manager and the supervisor has no step', () => {
    expect(reviewEntryState(['SPV', 'MJ', 'BO'])).toBe('awaiting-supervisor');
    expect(reviewEntryState(['MJ', 'BO'])).toBe('awaiting-manager');
    expect(targetOf(transitionFor('resubmit', 'returned-for-info', ['MJ', 'BO'])!, ['MJ', 'BO'])).toBe(
      'awaiting-manager',
    );
    expect(targetOf(transitionFor('reopen', 'closed', ['MJ', 'BO'])!, ['MJ', 'BO'])).toBe('awaiting-manager');
    expect(targetOf(transitionFor('resubmit', 'returned-for-info')!)).toBe('awaiting-supervisor');
    expect(targetOf(transitionFor('approve', 'awaiting-manager', ['MJ', 'BO'])!, ['MJ', 'BO'])).toBe('approved');
    expect(transitionFor('resolve-locally', 'returned-for-info', ['MJ', 'BO'])).toBeUndefined();
    expect(allowedActions('returned-for-info', ['SPV'], ['MJ', 'BO'])).toEqual(['withdraw']);
    expect(allowedActions('returned-for-info', ['SPV']).sort()).toEqual(['refer-desa', 'resolve-locally', 'withdraw']);
  });
});
