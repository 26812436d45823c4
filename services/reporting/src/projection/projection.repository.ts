import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CaseDeadlineEscalatedV1,
  CaseOpenedV1,
  CaseTransitionedV1,
  ComplaintCorrectedV1,
  ComplaintRegisteredV1,
  ComplaintRegistryCheckedV1,
  ComplaintStatusChangedV1,
  MessageOutcomeV1,
  OutcomeVerificationCompletedV1,
  ProposalStatusChangedV1,
} from '@slrt/contracts';

/** Prefix of the shadow tables a rebuild fills before they replace the live ones. */
export const REBUILD_PREFIX = 'rb_';

/** Owner answers (case actions) and the referral outcome each records. */
const OWNER_OUTCOME: Record<string, 'accepted' | 'rejected' | 'review-requested' | 'resolved'> = {
  'owner-accept': 'accepted',
  'owner-reject': 'rejected',
  'owner-request-review': 'review-requested',
  'owner-resolve': 'resolved',
};
/** Case states that end a case (no deadline, its referrals closed). */
const ENDED_STATES = ['resolved', 'closed', 'withdrawn', 'rejected-by-owner'];
/** Timeline steps that end a complaint (first one counts as its close). */
const FINAL_STEPS = ['resolved', 'rejected', 'withdrawn', 'closed'];

/**
 * Writes of the read model, one method per event, each idempotent in effect and indifferent to the
 * order in which different durables deliver (first-time columns take the earliest instant, states
 * move only forward in time). Always called in the consumer's inbox transaction.
 */
@Injectable()
export class ProjectionRepository {
  /** Prefix of the read model's tables: empty for the live ones, `rb_` while a rebuild fills its shadow copies. */
  protected p = '';

  /** The same writes into the shadow tables of a rebuild (`rb_rpt_…`). */
  static forRebuild(): ProjectionRepository {
    const r = new ProjectionRepository();
    r.p = REBUILD_PREFIX;
    return r;
  }

  async complaintRegistered(m: EntityManager, d: ComplaintRegisteredV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_complaint (complaint_id, desa_code, channel, category, programme_codes, registered_at, auto_triaged)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (complaint_id) DO UPDATE SET desa_code = EXCLUDED.desa_code, channel = EXCLUDED.channel,
         category = COALESCE(${this.p}rpt_complaint.category, EXCLUDED.category),
         programme_codes = CASE WHEN cardinality(${this.p}rpt_complaint.programme_codes) = 0 THEN EXCLUDED.programme_codes ELSE ${this.p}rpt_complaint.programme_codes END,
         registered_at = EXCLUDED.registered_at, auto_triaged = EXCLUDED.auto_triaged`,
      [d.complaintId, d.desaCode, d.channel, d.category, d.programmeCodes, d.recordedAt, d.registryCheck !== 'pending'],
    );
  }

  async complaintChecked(m: EntityManager, d: ComplaintRegistryCheckedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_complaint (complaint_id, desa_code, category, programme_codes, triaged_at, triage_outcome)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (complaint_id) DO UPDATE SET
         triaged_at = LEAST(COALESCE(${this.p}rpt_complaint.triaged_at, EXCLUDED.triaged_at), EXCLUDED.triaged_at),
         triage_outcome = CASE WHEN ${this.p}rpt_complaint.triaged_at IS NULL OR EXCLUDED.triaged_at <= ${this.p}rpt_complaint.triaged_at THEN EXCLUDED.triage_outcome ELSE ${this.p}rpt_complaint.triage_outcome END,
         category = COALESCE(${this.p}rpt_complaint.category, EXCLUDED.category),
         programme_codes = CASE WHEN cardinality(${this.p}rpt_complaint.programme_codes) = 0 THEN EXCLUDED.programme_codes ELSE ${this.p}rpt_complaint.programme_codes END`,
      [d.complaintId, d.desaCode, d.category, d.programmeCodes, d.checkedAt, d.outcome],
    );
  }

  async complaintCorrected(m: EntityManager, d: ComplaintCorrectedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_complaint (complaint_id, desa_code, category, programme_codes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (complaint_id) DO UPDATE SET desa_code = EXCLUDED.desa_code, programme_codes = EXCLUDED.programme_codes,
         category = COALESCE(EXCLUDED.category, ${this.p}rpt_complaint.category)`,
      [d.complaintId, d.desaCode, d.category ?? null, d.programmeCodes],
    );
  }

  async complaintStep(m: EntityManager, d: ComplaintStatusChangedV1) {
    const column =
      d.step === 'registry-checked'
        ? 'triaged_at'
        : d.step === 'referred'
          ? 'referred_at'
          : d.step === 'answered'
            ? 'answered_at'
            : FINAL_STEPS.includes(d.step)
              ? 'closed_at'
              : null;
    await m.query(
      `INSERT INTO ${this.p}rpt_complaint (complaint_id, desa_code) VALUES ($1, $2) ON CONFLICT (complaint_id) DO NOTHING`,
      [d.complaintId, d.desaCode],
    );
    if (!column) return;
    if (column === 'closed_at') {
      await m.query(
        `UPDATE ${this.p}rpt_complaint SET closed_at = $2, final_step = $3, final_reason_code = $4
          WHERE complaint_id = $1 AND (closed_at IS NULL OR closed_at > $2)`,
        [d.complaintId, d.occurredAt, d.step, d.reasonCode],
      );
      return;
    }
    await m.query(
      `UPDATE ${this.p}rpt_complaint SET ${column} = LEAST(COALESCE(${column}, $2), $2) WHERE complaint_id = $1`,
      [d.complaintId, d.occurredAt],
    );
  }

  async caseOpened(m: EntityManager, d: CaseOpenedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_case (case_id, complaint_id, desa_code, state, due_at, opened_at, last_at) VALUES ($1, $2, $3, $4, $5, $6, $6)
       ON CONFLICT (case_id) DO UPDATE SET opened_at = EXCLUDED.opened_at`,
      [d.caseId, d.complaintId, d.desaCode, d.state, d.dueAt, d.openedAt],
    );
  }

  async caseTransitioned(m: EntityManager, d: CaseTransitionedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_case (case_id, complaint_id, desa_code, state, due_at, last_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (case_id) DO UPDATE SET state = EXCLUDED.state, due_at = EXCLUDED.due_at, last_at = EXCLUDED.last_at, desa_code = EXCLUDED.desa_code
         WHERE ${this.p}rpt_case.last_at <= EXCLUDED.last_at`,
      [d.caseId, d.complaintId, d.desaCode, d.to, d.dueAt, d.at],
    );
    if (d.action === 'resolve-locally') {
      await m.query(
        `UPDATE ${this.p}rpt_case SET resolved_locally_at = COALESCE(resolved_locally_at, $2) WHERE case_id = $1`,
        [d.caseId, d.at],
      );
    }
    // A Puskesos's referral to a desa service and an owner's forward up a level are referrals to their owners too.
    if (d.action === 'send' || d.action === 'refer-desa' || d.action === 'owner-forward') {
      for (const owner of d.ownerCodes) {
        await m.query(
          `INSERT INTO ${this.p}rpt_referral (complaint_id, owner_code, case_id, desa_code, sent_at, due_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (complaint_id, owner_code) DO NOTHING`,
          [d.complaintId, owner, d.caseId, d.desaCode, d.at, d.dueAt],
        );
      }
    }
    // The owner passed its referral up a level: its part ends now (its answer was the forward).
    if (d.action === 'owner-forward' && d.forwardedFrom) {
      await m.query(
        `UPDATE ${this.p}rpt_referral SET first_answer_at = LEAST(COALESCE(first_answer_at, $3), $3), closed_at = COALESCE(closed_at, $3) WHERE complaint_id = $1 AND owner_code = $2`,
        [d.complaintId, d.forwardedFrom, d.at],
      );
    }
    const outcome = OWNER_OUTCOME[d.action];
    if (outcome) {
      for (const owner of d.ownerCodes) {
        await m.query(
          `UPDATE ${this.p}rpt_referral SET first_answer_at = LEAST(COALESCE(first_answer_at, $3), $3),
             outcome = $4, outcome_at = $3, reason_code = $5, due_at = COALESCE($6, due_at)
           WHERE complaint_id = $1 AND owner_code = $2 AND (outcome_at IS NULL OR outcome_at <= $3)`,
          [
            d.complaintId,
            owner,
            d.at,
            outcome,
            outcome === 'rejected' ? (d.reasonCode ?? 'UNSPECIFIED') : null,
            d.dueAt,
          ],
        );
      }
    }
    if (ENDED_STATES.includes(d.to)) {
      await m.query(`UPDATE ${this.p}rpt_referral SET closed_at = $2 WHERE case_id = $1 AND closed_at IS NULL`, [
        d.caseId,
        d.at,
      ]);
    } else if (d.action === 'reopen') {
      await m.query(`UPDATE ${this.p}rpt_referral SET closed_at = NULL WHERE case_id = $1`, [d.caseId]);
    }
  }

  async deadlineEscalated(m: EntityManager, d: CaseDeadlineEscalatedV1) {
    // Kept per step (state and deadline): it counts only while the case is in that step; a breach is never lowered.
    await m.query(
      `INSERT INTO ${this.p}rpt_case_escalation (case_id, state, due_at, level) VALUES ($1, $2, $3, $4)
       ON CONFLICT (case_id, state, due_at) DO UPDATE SET level = CASE WHEN ${this.p}rpt_case_escalation.level = 'breached' THEN 'breached' ELSE EXCLUDED.level END`,
      [d.caseId, d.state, d.dueAt, d.level],
    );
  }

  async proposalChanged(m: EntityManager, d: ProposalStatusChangedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_proposal (proposal_id, kind, complaint_id, desa_code, status, created_at, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (proposal_id) DO UPDATE SET status = EXCLUDED.status, changed_at = EXCLUDED.changed_at,
         created_at = COALESCE(${this.p}rpt_proposal.created_at, EXCLUDED.created_at)
         WHERE ${this.p}rpt_proposal.changed_at <= EXCLUDED.changed_at`,
      [
        d.proposalId,
        d.kind,
        d.complaintId,
        d.desaCode,
        d.toStatus,
        d.fromStatus === null ? d.changedAt : null,
        d.changedAt,
      ],
    );
    // Every status reached, once, at its earliest time (the prelist pipeline).
    await m.query(
      `INSERT INTO ${this.p}rpt_proposal_step (proposal_id, status, at) VALUES ($1, $2, $3)
       ON CONFLICT (proposal_id, status) DO UPDATE SET at = LEAST(${this.p}rpt_proposal_step.at, EXCLUDED.at)`,
      [d.proposalId, d.toStatus, d.changedAt],
    );
  }

  /** A message's outcome: the latest in time wins (a failed message may be reported delivered later). */
  async messageOutcome(m: EntityManager, d: MessageOutcomeV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_message (message_id, complaint_id, desa_code, channel, step, recipient, outcome, outcome_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (message_id) DO UPDATE SET outcome = EXCLUDED.outcome, outcome_at = EXCLUDED.outcome_at
         WHERE ${this.p}rpt_message.outcome_at <= EXCLUDED.outcome_at`,
      [d.messageId, d.complaintId, d.desaCode, d.channel, d.step, d.recipient, d.outcome, d.at],
    );
  }

  /** Where the durable stands: the newest event time it applied, when, how many. */
  async advance(m: EntityManager, durable: string, occurredAt: string) {
    await m.query(
      `INSERT INTO ${this.p}rpt_projection (durable, last_occurred_at, last_applied_at, events) VALUES ($1, $2, now(), 1)
       ON CONFLICT (durable) DO UPDATE SET last_occurred_at = GREATEST(${this.p}rpt_projection.last_occurred_at, EXCLUDED.last_occurred_at),
         last_applied_at = now(), events = ${this.p}rpt_projection.events + 1`,
      [durable, occurredAt],
    );
  }

  /** A verification ended (issue 19): the newest completion of a verification wins (a counter answer after "unverified"). */
  async outcomeCompleted(m: EntityManager, d: OutcomeVerificationCompletedV1) {
    await m.query(
      `INSERT INTO ${this.p}rpt_outcome_verification (verification_id, complaint_id, owner_code, desa_code, outcome, via, resolved_at, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (verification_id) DO UPDATE SET outcome = EXCLUDED.outcome, via = EXCLUDED.via, completed_at = EXCLUDED.completed_at
       WHERE ${this.p}rpt_outcome_verification.completed_at <= EXCLUDED.completed_at`,
      [d.verificationId, d.complaintId, d.ownerCode, d.desaCode, d.outcome, d.via, d.resolvedAt, d.completedAt],
    );
  }
}
