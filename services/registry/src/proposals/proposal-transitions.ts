import type { EntityManager } from 'typeorm';
import type { Actor, ProposalKind, ProposalStatus } from '@slrt/contracts';

/** Outcome of one member of a prelist household in verivali (field or ministry). WIRE-STABLE. */
export const MEMBER_VERIFICATION_OUTCOMES = [
  'confirmed',
  'not-confirmed',
  'duplicate',
  'deceased',
  'moved',
  'no-civil-documents',
] as const;
export type MemberVerificationOutcome = (typeof MEMBER_VERIFICATION_OUTCOMES)[number];

/** Dukcapil matching of a member's NIK/KK: *padan*, *tidak padan*, or in repair. WIRE-STABLE. */
export const DUKCAPIL_MATCH_STATUSES = ['padan', 'tidak-padan', 'dalam-perbaikan'] as const;
export type DukcapilMatchStatus = (typeof DUKCAPIL_MATCH_STATUSES)[number];

/** A proposal ready for (or already in) a SIKS-NG export batch. */
export interface ExportableProposal {
  proposalId: string;
  kind: ProposalKind;
  desaCode: string;
  status: ProposalStatus;
}

/** One result line of a verivali file, already parsed and checked for shape by the SIKS module. */
export interface VerivaliResult {
  kind: ProposalKind;
  proposalId: string;
  /** `ratified`, `accepted` or `rejected`. */
  status: Extract<ProposalStatus, 'ratified' | 'accepted' | 'rejected'>;
  /** Why, as the ministry wrote it (Bahasa Indonesia); null when none. */
  reason: string | null;
  /** Per-member outcomes of a prelist household, keyed by the member id exported in the batch. */
  members: Array<{ memberId: string; outcome: MemberVerificationOutcome | null; dukcapil: DukcapilMatchStatus | null }>;
}

/**
 * What the SIKS-NG exchange (services/registry/src/siks) needs from the proposals module. Every
 * method runs inside the caller's transaction (`manager`) and publishes
 * `slrt.evt.registry.proposal.status-changed.v1` through the outbox for each transition, so a batch
 * and its proposals' new statuses commit together.
 */
export interface ProposalTransitions {
  /** Moves each proposal into `submitted` as part of `batchId`; refuses (DomainError CONFLICT) any not in an exportable status. */
  markSubmitted(
    manager: EntityManager,
    proposals: Array<{ kind: ProposalKind; proposalId: string }>,
    batchId: string,
    actor: Actor,
  ): Promise<void>;
  /**
   * Applies one verivali result. Idempotent: a result already applied (same status) changes nothing
   * and returns `unchanged`; a result that the state machine does not allow returns `refused` with
   * the reason (Bahasa Indonesia) for the import's error report.
   */
  applyVerivaliResult(
    manager: EntityManager,
    result: VerivaliResult,
    batchId: string,
    actor: Actor,
  ): Promise<{ outcome: 'applied' | 'unchanged' | 'refused'; reason?: string }>;
}

/** Nest injection token of the `ProposalTransitions` implementation (exported by the proposals module). */
export const PROPOSAL_TRANSITIONS = Symbol('PROPOSAL_TRANSITIONS');
