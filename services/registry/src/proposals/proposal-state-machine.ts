import type { ProposalKind, ProposalStatus, Role } from '@slrt/contracts';

/** Who may act: an operator role, or the platform itself (intake's events, the SIKS-NG exchange). */
export type ProposalActor = Role | 'SYSTEM';

/** Actions on a proposal. WIRE-STABLE: they are the `action` of the status-changed event and of the history. */
export const PROPOSAL_ACTIONS = [
  'create',
  'update',
  'record-musdes',
  'record-verification',
  'record-dukcapil-match',
  'approve',
  'decline',
  'submit',
  'apply-verivali',
  'withdraw',
] as const;
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number];

/**
 * What an action needs besides the proposal: `note` (a reason), `profile` (the household profile
 * complete), `members` (at least one member), `member-outcomes` (a verification outcome for every
 * member), `batch` (the SIKS-NG export batch).
 */
export type ProposalRequirement = 'note' | 'profile' | 'members' | 'member-outcomes' | 'batch';

/**
 * One row of the state machine: for a kind, from which statuses an action leads to which
 * (several targets when the action's outcome decides, e.g. the musdes decision), who may take it
 * and what it needs. `to: 'same'` records data without changing the status (history only, no event).
 */
export interface ProposalTransition {
  kind: ProposalKind;
  action: ProposalAction;
  from: readonly (ProposalStatus | null)[];
  to: readonly ProposalStatus[] | 'same';
  by: readonly ProposalActor[];
  requires: readonly ProposalRequirement[];
}

const OPERATORS_IN_FIELD: readonly ProposalActor[] = ['FO', 'FS', 'BO'];
const WITHDRAWERS: readonly ProposalActor[] = ['FO', 'FS', 'BO', 'SPV', 'MJ', 'SYSTEM'];
const DECIDERS: readonly ProposalActor[] = ['MJ', 'SEKRETARIAT'];

/**
 * THE proposal lifecycle (docs/domain.md "The registry side"), as data (statuses in libs/contracts proposal-status.v1.ts).
 * Every move of a prelist entry, data change or PPKS record is checked against this table;
 * anything else answers CONFLICT with the actions allowed instead.
 */
export const PROPOSAL_TRANSITION_TABLE: readonly ProposalTransition[] = [
  // prelist (*daftar awal*): musdes/muskel → field verivali → SIKS-NG → ratification → ministry
  { kind: 'prelist', action: 'create', from: [null], to: ['draft'], by: ['FO', 'FS', 'SYSTEM'], requires: [] },
  { kind: 'prelist', action: 'update', from: ['draft'], to: 'same', by: ['FO', 'FS'], requires: [] },
  {
    kind: 'prelist',
    action: 'record-musdes',
    from: ['draft'],
    to: ['deliberated', 'declined'],
    by: OPERATORS_IN_FIELD,
    requires: ['profile', 'members'],
  },
  {
    kind: 'prelist',
    action: 'record-verification',
    from: ['deliberated'],
    to: ['verified'],
    by: OPERATORS_IN_FIELD,
    requires: ['member-outcomes'],
  },
  {
    kind: 'prelist',
    action: 'record-dukcapil-match',
    from: ['deliberated', 'verified'],
    to: 'same',
    by: OPERATORS_IN_FIELD,
    requires: ['members'],
  },
  {
    kind: 'prelist',
    action: 'submit',
    from: ['verified'],
    to: ['submitted'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'prelist',
    action: 'apply-verivali',
    from: ['submitted'],
    to: ['ratified', 'accepted', 'rejected'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'prelist',
    action: 'apply-verivali',
    from: ['ratified'],
    to: ['accepted', 'rejected'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'prelist',
    action: 'withdraw',
    from: ['draft', 'deliberated', 'verified'],
    to: ['withdrawn'],
    by: WITHDRAWERS,
    requires: ['note'],
  },
  // data change (*perubahan data*): approved by the manager or the secretariat before export
  { kind: 'data-change', action: 'create', from: [null], to: ['draft'], by: ['FO', 'FS', 'BO'], requires: [] },
  { kind: 'data-change', action: 'approve', from: ['draft'], to: ['approved'], by: DECIDERS, requires: [] },
  { kind: 'data-change', action: 'decline', from: ['draft'], to: ['declined'], by: DECIDERS, requires: ['note'] },
  {
    kind: 'data-change',
    action: 'submit',
    from: ['approved'],
    to: ['submitted'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'data-change',
    action: 'apply-verivali',
    from: ['submitted'],
    to: ['accepted', 'rejected'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'data-change',
    action: 'withdraw',
    from: ['draft', 'approved'],
    to: ['withdrawn'],
    by: WITHDRAWERS,
    requires: ['note'],
  },
  // PPKS record: recorded, then exported
  { kind: 'ppks', action: 'create', from: [null], to: ['recorded'], by: ['FO', 'FS'], requires: [] },
  {
    kind: 'ppks',
    action: 'submit',
    from: ['recorded'],
    to: ['submitted'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  {
    kind: 'ppks',
    action: 'apply-verivali',
    from: ['submitted'],
    to: ['accepted', 'rejected'],
    by: ['SYSTEM', 'BO', 'ADMIN'],
    requires: ['batch'],
  },
  { kind: 'ppks', action: 'withdraw', from: ['recorded'], to: ['withdrawn'], by: WITHDRAWERS, requires: ['note'] },
];

/** The transition `action` of a `kind` from `status`, if the table has one. */
export function proposalTransitionFor(
  kind: ProposalKind,
  action: ProposalAction,
  status: ProposalStatus | null,
): ProposalTransition | undefined {
  return PROPOSAL_TRANSITION_TABLE.find((t) => t.kind === kind && t.action === action && t.from.includes(status));
}

/** Actions someone holding `roles` may take on a proposal of `kind` in `status`. */
export function allowedProposalActions(
  kind: ProposalKind,
  status: ProposalStatus | null,
  roles: readonly ProposalActor[],
): ProposalAction[] {
  const actions = PROPOSAL_TRANSITION_TABLE.filter(
    (t) => t.kind === kind && t.from.includes(status) && t.by.some((b) => roles.includes(b)),
  ).map((t) => t.action);
  return [...new Set(actions)];
}

/** Where `action` leads from `status` when its outcome is `wanted` (the one target when there is only one). */
export function targetStatus(
  t: ProposalTransition,
  current: ProposalStatus | null,
  wanted?: ProposalStatus,
): ProposalStatus | null {
  if (t.to === 'same') return current;
  if (wanted !== undefined) return t.to.includes(wanted) ? wanted : null;
  return t.to.length === 1 ? t.to[0]! : null;
}

/** Statuses from which a proposal of `kind` can go into a SIKS-NG export batch. */
export function exportableStatuses(kind: ProposalKind): ProposalStatus[] {
  return PROPOSAL_TRANSITION_TABLE.filter((t) => t.kind === kind && t.action === 'submit').flatMap((t) =>
    t.from.filter((s): s is ProposalStatus => s !== null),
  );
}
