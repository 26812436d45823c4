import type { CaseAction, CaseState, Role } from '@slrt/contracts';

/** Who may act: operator roles, the programme owner the referral is addressed to, or the platform. */
export type CaseActor = Role | 'OWNER' | 'SYSTEM';

/** What an action needs besides the case. */
export type Requirement = 'note' | 'owners';

/** One row of the state machine: from which states an action leads where, who may take it, what it needs. */
export interface Transition {
  action: CaseAction;
  from: readonly CaseState[];
  to: CaseState;
  by: readonly CaseActor[];
  requires: readonly Requirement[];
  /** Roles for whom this move puts the case in the "mine" queue (default: `by`); an option some roles have is not a queue. */
  queueBy?: readonly CaseActor[];
}

const OPEN: readonly CaseState[] = [
  'awaiting-supervisor',
  'awaiting-registry',
  'returned-for-info',
  'awaiting-manager',
  'approved',
  'referred',
  'owner-accepted',
  'owner-review-requested',
];
const ENDED: readonly CaseState[] = ['resolved', 'closed', 'withdrawn', 'rejected-by-owner'];

/**
 * THE state machine of a case, as data. WIRE-STABLE states and actions. Every transition is
 * checked against this table; anything else answers 409 with the actions allowed instead.
 */
export const TRANSITIONS: readonly Transition[] = [
  { action: 'forward', from: ['awaiting-supervisor'], to: 'awaiting-manager', by: ['SPV'], requires: [] },
  { action: 'return', from: ['awaiting-supervisor'], to: 'returned-for-info', by: ['SPV'], requires: ['note'] },
  { action: 'return', from: ['awaiting-manager'], to: 'returned-for-info', by: ['MJ'], requires: ['note'] },
  { action: 'resubmit', from: ['returned-for-info'], to: 'awaiting-supervisor', by: ['FO', 'FS'], requires: ['note'] },
  // The Puskesos settles what it can itself (seed 001: "menangani dan menyelesaikan keluhan … sesuai kapasitas Puskesos"):
  // its SPV or BO, before or instead of a referral (resolve-at-puskesos records what was done).
  {
    action: 'resolve-locally',
    from: ['awaiting-supervisor', 'returned-for-info'],
    to: 'resolved',
    by: ['SPV', 'BO'],
    requires: ['note'],
    queueBy: ['SPV'],
  },
  { action: 'resolve-locally', from: ['approved'], to: 'resolved', by: ['BO'], requires: ['note'], queueBy: [] },
  // …or refers it to a service of its own desa/kelurahan (owners of level `desa` whose service area is the case's desa).
  {
    action: 'refer-desa',
    from: ['awaiting-supervisor', 'returned-for-info', 'approved'],
    to: 'referred',
    by: ['BO', 'SPV'],
    requires: ['owners'],
    queueBy: [],
  },
  { action: 'approve', from: ['awaiting-manager'], to: 'approved', by: ['MJ'], requires: [] },
  {
    action: 'close',
    from: ['awaiting-manager', 'rejected-by-owner', 'owner-accepted'],
    to: 'closed',
    by: ['MJ'],
    requires: ['note'],
  },
  // A prelist complaint's case waits for the registry (musdes, verivali, SIKS-NG): the registry's
  // outcome moves it (`registry-accept` / `registry-reject`, below); the manager may close it.
  { action: 'close', from: ['awaiting-registry'], to: 'closed', by: ['MJ'], requires: ['note'] },
  { action: 'send', from: ['approved'], to: 'referred', by: ['BO'], requires: ['owners'] },
  { action: 'answer-owner', from: ['owner-review-requested'], to: 'referred', by: ['BO'], requires: ['note'] },
  {
    action: 'record-follow-up',
    from: ['referred', 'owner-accepted', 'owner-review-requested'],
    to: 'referred',
    by: ['BO'],
    requires: ['note'],
  },
  { action: 'withdraw', from: OPEN, to: 'withdrawn', by: ['FO', 'FS', 'SPV', 'MJ', 'SYSTEM'], requires: ['note'] },
  // SYSTEM: the household said the benefit did not arrive (outcome verification, src/outcome/): the resolved case is reopened.
  { action: 'reopen', from: ENDED, to: 'awaiting-supervisor', by: ['SPV', 'MJ', 'SYSTEM'], requires: ['note'] },
  {
    action: 'owner-accept',
    from: ['referred', 'owner-review-requested'],
    to: 'owner-accepted',
    by: ['OWNER'],
    requires: [],
  },
  {
    action: 'owner-reject',
    from: ['referred', 'owner-accepted', 'owner-review-requested'],
    to: 'rejected-by-owner',
    by: ['OWNER'],
    requires: [],
  },
  {
    action: 'owner-request-review',
    from: ['referred', 'owner-accepted'],
    to: 'owner-review-requested',
    by: ['OWNER'],
    requires: [],
  },
  {
    action: 'owner-resolve',
    from: ['referred', 'owner-accepted', 'owner-review-requested'],
    to: 'resolved',
    by: ['OWNER'],
    requires: [],
  },
  // The owner passes its referral up a level (seed 002: "Kabupaten/Kota …, Provinsi atau Pusat"): a new referral, the case stays referred.
  {
    action: 'owner-forward',
    from: ['referred', 'owner-accepted', 'owner-review-requested'],
    to: 'referred',
    by: ['OWNER'],
    requires: [],
  },
  // The registry's outcome of a proposal (prelist, data change, PPKS) made for the complaint: a final
  // outcome ends the case wherever it is, so the citizen can be told; other steps are recorded in place.
  { action: 'registry-accept', from: OPEN, to: 'resolved', by: ['SYSTEM'], requires: ['note'] },
  { action: 'registry-reject', from: OPEN, to: 'rejected-by-owner', by: ['SYSTEM'], requires: ['note'] },
  ...[...OPEN, ...ENDED].map((s): Transition => ({
    action: 'registry-update',
    from: [s],
    to: s,
    by: ['SYSTEM'],
    requires: ['note'],
  })),
];

/**
 * The review chain a case follows (configured per intake point by the kab/kota, carried by intake's
 * `registry-checked`): `SPV` optional, then `MJ` (approves) and `BO` (sends). The table above is
 * the full chain; a chain without `SPV` skips the supervisor's state: the review (re)starts at
 * the manager, and the supervisor's own transitions do not apply. Data, not code branches.
 */
export type ReviewChain = ReadonlyArray<'SPV' | 'MJ' | 'BO'>;
export const FULL_CHAIN: ReviewChain = ['SPV', 'MJ', 'BO'];

/** The state a review starts (or restarts) in: the chain's first step. */
export function reviewEntryState(chain: ReviewChain = FULL_CHAIN): CaseState {
  return chain.includes('SPV') ? 'awaiting-supervisor' : 'awaiting-manager';
}

/** Where a transition leads for a case following `chain` (the start of the review is the chain's first step). */
export function targetOf(t: Transition, chain: ReviewChain = FULL_CHAIN): CaseState {
  return t.to === 'awaiting-supervisor' ? reviewEntryState(chain) : t.to;
}

/** Whether the transition belongs to the chain: the supervisor's own transitions only where SPV is in it. */
function inChain(t: Transition, chain: ReviewChain): boolean {
  return chain.includes('SPV') || !(t.queueBy ?? t.by).every((b) => b === 'SPV');
}

/**
 * Who may take `t` in `chain`. Without SPV in the chain the supervisor has no step of the review
 * (neither the supervisor's own steps nor the ones shared with the back office); withdrawing stays
 * open to every role that may withdraw.
 */
export function actorsIn(t: Transition, chain: ReviewChain): readonly CaseActor[] {
  return chain.includes('SPV') || t.action === 'withdraw' ? t.by : t.by.filter((b) => b !== 'SPV');
}

/** Whether a state has ended (no deadline, no queue). */
export function isEnded(state: CaseState): boolean {
  return ENDED.includes(state);
}

/** The transition `action` from `state`, if the table has one. */
export function transitionFor(
  action: CaseAction,
  state: CaseState,
  chain: ReviewChain = FULL_CHAIN,
): Transition | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from.includes(state) && inChain(t, chain));
}

/** Actions someone holding `roles` may take on a case in `state`. */
export function allowedActions(
  state: CaseState,
  roles: readonly CaseActor[],
  chain: ReviewChain = FULL_CHAIN,
): CaseAction[] {
  return TRANSITIONS.filter(
    (t) => t.from.includes(state) && inChain(t, chain) && actorsIn(t, chain).some((b) => roles.includes(b)),
  ).map((t) => t.action);
}

/** States whose next move is the platform's (the registry's outcome), never in an operator's "mine" queue. */
const WAITING_ON_PLATFORM: readonly CaseState[] = ['awaiting-registry'];

/** States whose next move is the given role's ("needs my action" queue). */
export function statesAwaiting(roles: readonly CaseActor[]): CaseState[] {
  const states = new Set<CaseState>();
  for (const t of TRANSITIONS) {
    if (t.action === 'withdraw' || t.action === 'reopen') continue;
    if (!(t.queueBy ?? t.by).some((b) => roles.includes(b))) continue;
    for (const s of t.from) if (roles.includes('SYSTEM') || !WAITING_ON_PLATFORM.includes(s)) states.add(s);
  }
  return [...states];
}
