import { IsIn, IsISO8601, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { DESA_CODE } from '../intake/complaint-registered.v1.js';

/**
 * What the SLRT proposes to SIKS-NG (WIRE-STABLE: stored in registry tables and switched on by
 * referral and reporting; do not change without a migration plan):
 * `prelist` (a household not in DTKS/DTSEN, *daftar awal*), `data-change` (*perubahan data* of a
 * registered person or household), `ppks` (a person needing social welfare services, PPKS/PMKS).
 */
export const PROPOSAL_KINDS = ['prelist', 'data-change', 'ppks'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/**
 * Statuses of a proposal (WIRE-STABLE, see above). Not every kind uses every status:
 * - prelist: `draft` → `deliberated` (musdes/muskel agreed) | `declined` (musdes did not) →
 *   `verified` (field verivali recorded) → `submitted` (in a SIKS-NG export batch) → `ratified`
 *   (by the Bupati/Wali Kota) → `accepted` (entered DTKS/DTSEN) | `rejected` (by the ministry);
 * - data-change: `draft` → `approved` | `declined` → `submitted` → `accepted` | `rejected`;
 * - ppks: `recorded` → `submitted` → `accepted` | `rejected`;
 * - any kind not yet `submitted` → `withdrawn` (e.g. the complaint behind it was withdrawn).
 * `declined`, `accepted`, `rejected` and `withdrawn` are final.
 */
export const PROPOSAL_STATUSES = [
  'draft',
  'recorded',
  'deliberated',
  'declined',
  'approved',
  'verified',
  'submitted',
  'ratified',
  'accepted',
  'rejected',
  'withdrawn',
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Final statuses: the proposal's outcome is known and a linked complaint can be answered. */
export const FINAL_PROPOSAL_STATUSES: readonly ProposalStatus[] = ['declined', 'accepted', 'rejected', 'withdrawn'];

/**
 * A registry proposal changed status (`slrt.evt.registry.proposal.status-changed.v1`), including
 * its creation (`fromStatus` null). Every transition is published, so referral can follow the
 * case of a linked complaint and reporting can count proposals. Carries no personal data.
 */
export class ProposalStatusChangedV1 {
  /** Id of the prelist entry, data-change proposal or PPKS record (UUIDv7). */
  @IsUUID('7') proposalId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  /** The complaint that led to this proposal, if any (intake's complaint id). */
  @ValidateIf((o: ProposalStatusChangedV1) => o.complaintId !== null) @IsUUID('7') complaintId!: string | null;
  /** Desa/kelurahan of the household or person: drives region scope downstream. */
  @Matches(DESA_CODE) desaCode!: string;
  /** Status before the transition; null when the proposal was created. */
  @ValidateIf((o: ProposalStatusChangedV1) => o.fromStatus !== null)
  @IsIn([...PROPOSAL_STATUSES])
  fromStatus!: ProposalStatus | null;
  @IsIn([...PROPOSAL_STATUSES]) toStatus!: ProposalStatus;
  /** The action that caused it, e.g. `create`, `record-musdes`, `record-verification`, `submit`, `apply-verivali`, `withdraw`. */
  @Matches(/^[a-z][a-z-]{1,40}$/) action!: string;
  /** Reason or decision note for operators (Bahasa Indonesia, no personal data); null when none. */
  @ValidateIf((o: ProposalStatusChangedV1) => o.reason !== null) @IsString() @MaxLength(500) reason!: string | null;
  /** The SIKS-NG export batch involved (on `submitted` and verivali outcomes), null otherwise. */
  @ValidateIf((o: ProposalStatusChangedV1) => o.batchId !== null) @IsUUID('7') batchId!: string | null;
  @IsISO8601({ strict: true }) changedAt!: string;
}
