import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { addWorkingDays } from '../calendar/working-days.js';
import type { ReferralEnv } from '../config/referral.env.js';

/** What an owner's "resolved" leaves for the outcome verification. */
export interface ResolvedReferral {
  referralId: string;
  caseId: string;
  complaintId: string;
  receiptNumber: string;
  desaCode: string;
  ownerCode: string;
  /** The owner's own words (outcome or note) when it resolved. */
  ownerAnswer: string | null;
  resolvedAt: Date;
}

/**
 * Schedules the verification of one resolved referral, in the transaction of the owner's answer:
 * asked `REFERRAL_OUTCOME_VERIFY_AFTER_DAYS` working days later (weekends and the holiday
 * calendar skipped). Exactly one per referral (`referral_id` unique); the case row is locked by
 * the caller, so the complaint's ordinal is not raced. Returns whether a row was written.
 */
export async function scheduleOutcomeVerification(
  m: EntityManager,
  env: ReferralEnv,
  holidays: Set<string>,
  r: ResolvedReferral,
): Promise<boolean> {
  const askAt = addWorkingDays(r.resolvedAt, env.REFERRAL_OUTCOME_VERIFY_AFTER_DAYS, holidays, env.SLRT_TIME_ZONE);
  const rows = (await m.query(
    `INSERT INTO outcome_verification (id, referral_id, case_id, complaint_id, receipt_number, desa_code, owner_code, owner_answer, resolved_at, ordinal, ask_at, status)
     SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, COALESCE((SELECT max(ordinal) FROM outcome_verification WHERE complaint_id = $4), 0) + 1, $10, 'scheduled'
     ON CONFLICT (referral_id) DO NOTHING RETURNING 1`,
    [
      uuidv7(),
      r.referralId,
      r.caseId,
      r.complaintId,
      r.receiptNumber,
      r.desaCode,
      r.ownerCode,
      r.ownerAnswer?.slice(0, 2000) ?? null,
      r.resolvedAt,
      askAt,
    ],
  )) as unknown[];
  return rows.length === 1;
}
