/**
 * States of a case. WIRE-STABLE: stored, carried in events and shown in queues.
 * - `awaiting-supervisor`: opened from a registry-checked complaint, in the kecamatan supervisor's queue
 * - `awaiting-registry`: opened from a complaint of a person not in DTKS/DTSEN; waits for the
 *   registry's prelist proposal (musdes, verivali, SIKS-NG) — `registry-accept` resolves it,
 *   `registry-reject` ends it as rejected
 * - `returned-for-info`: sent back to FO/FS with questions
 * - `awaiting-manager`: forwarded by the supervisor, in the kab/kota manager's queue
 * - `approved`: referral approved, waiting for the back office to send it
 * - `referred`: sent to the programme owner(s), waiting for their answer
 * - `owner-accepted`, `owner-review-requested`, `rejected-by-owner`: the owner's answer
 * - `resolved`: the owner resolved it, or the Puskesos resolved it locally
 * - `closed`, `withdrawn`: ended without referral outcome
 */
export const CASE_STATES = [
  'awaiting-supervisor',
  'awaiting-registry',
  'returned-for-info',
  'awaiting-manager',
  'approved',
  'referred',
  'owner-accepted',
  'owner-review-requested',
  'rejected-by-owner',
  'resolved',
  'closed',
  'withdrawn',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/**
 * What an operator (or an owner, or the platform) can do to a case. WIRE-STABLE. The `registry-*`
 * actions are the platform's, from the registry's proposal events for the complaint:
 * `registry-update` records a step (submitted to SIKS-NG, ratified, …) without moving the case,
 * `registry-accept` resolves it (the household entered DTKS/DTSEN), `registry-reject` ends it as
 * rejected (declined in musdes, or rejected by the ministry, with the reason).
 */
export const CASE_ACTIONS = [
  'forward',
  'return',
  'resubmit',
  'resolve-locally',
  'approve',
  'close',
  'send',
  'answer-owner',
  'record-follow-up',
  'withdraw',
  'reopen',
  'owner-accept',
  'owner-reject',
  'owner-request-review',
  'owner-resolve',
  'registry-update',
  'registry-accept',
  'registry-reject',
  // A Puskesos BO/SPV refers the case to a desa-level service (owners of level `desa` serving its desa).
  'refer-desa',
  // An owner passed its referral on to a higher-level owner (province or centre), with a reason.
  'owner-forward',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Deadline state of a case's current step. */
export const DEADLINE_STATES = ['on-track', 'at-risk', 'breached'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];
