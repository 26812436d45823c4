import type { EntityManager } from 'typeorm';
import type { Actor, ComplaintStep, EventPayload } from '@slrt/contracts';
import type { OutboxPublisher } from '@slrt/messaging';

/** Steps after which the complaint is no longer open (duplicate detection, notifications). */
export const FINAL_STEPS: readonly ComplaintStep[] = ['resolved', 'rejected', 'withdrawn', 'closed'];

/**
 * How far along the usual path a step is. A step that arrives late (its fact happened before the
 * current step's) and lies behind it is superseded and not recorded: the public status never goes
 * back because events from different streams crossed.
 */
const RANK: Record<ComplaintStep, number> = {
  received: 0,
  'registry-checked': 1,
  'in-review': 2,
  'awaiting-verivali': 2,
  referred: 3,
  answered: 4,
  resolved: 9,
  rejected: 9,
  withdrawn: 9,
  closed: 9,
};

/** One step to enter into a complaint's public timeline. */
export interface StepEntry {
  step: ComplaintStep;
  ownerCode?: string | null;
  reasonCode?: string | null;
  /** The reason in plain Indonesian (published): never free text typed by staff or owners. */
  reasonText?: string | null;
  /** A finer explanation for the public page only (not published), e.g. what "resolved" meant. */
  detail?: string | null;
  /** When the causing fact happened. */
  occurredAt: Date;
  /** The causing fact, unique per complaint: `intake:<fact>` or `nats:<envelope id>[:<owner>]`. */
  source: string;
  /** A case reopened: `in-review` may follow a final step (only when it happened after it). */
  reopen?: boolean;
}

/** A recorded step of a complaint's timeline. */
export interface StatusRow {
  sequence: number;
  step: ComplaintStep;
  ownerCode: string | null;
  reasonCode: string | null;
  reasonText: string | null;
  detail: string | null;
  occurredAt: Date;
}

const STATUS_COLUMNS = `sequence, step, owner_code AS "ownerCode", reason_code AS "reasonCode", reason_text AS "reasonText", detail, occurred_at AS "occurredAt"`;

export async function statusHistory(m: EntityManager, complaintId: string): Promise<StatusRow[]> {
  return m.query(`SELECT ${STATUS_COLUMNS} FROM complaint_status WHERE complaint_id = $1 ORDER BY sequence`, [
    complaintId,
  ]);
}

/** Whether a step is recorded, given the timeline so far (see RANK and FINAL_STEPS). */
export function admits(rows: readonly StatusRow[], e: StepEntry): boolean {
  const last = rows.at(-1);
  if (!last) return e.step === 'received';
  const owner = e.ownerCode ?? null;
  if (FINAL_STEPS.includes(last.step))
    return Boolean(e.reopen) && e.step === 'in-review' && e.occurredAt.getTime() >= new Date(last.occurredAt).getTime();
  if (last.step === e.step && (last.ownerCode ?? null) === owner) return false;
  // Each step once per complaint (and owner), except review, which a returned or reopened case re-enters.
  if (e.step !== 'in-review' && rows.some((r) => r.step === e.step && (r.ownerCode ?? null) === owner)) return false;
  if (
    !FINAL_STEPS.includes(e.step) &&
    RANK[e.step] < RANK[last.step] &&
    e.occurredAt.getTime() < new Date(last.occurredAt).getTime()
  )
    return false;
  return true;
}

/**
 * Enters a step into the complaint's public timeline and publishes
 * `slrt.evt.intake.complaint.status-changed.v1` through the outbox, in `m`'s transaction. The
 * complaint row is locked first, so concurrent consumers number steps one after another; a step
 * the timeline does not admit, or a source already recorded (a redelivered event), changes
 * nothing and publishes nothing. Returns whether the step was entered.
 */
export async function enterStep(
  outbox: OutboxPublisher,
  m: EntityManager,
  complaintId: string,
  e: StepEntry,
  actor: Actor | null = null,
): Promise<boolean> {
  const [c] = (await m.query(
    `SELECT receipt_number AS "receiptNumber", desa_code AS "desaCode" FROM complaint WHERE id = $1 FOR UPDATE`,
    [complaintId],
  )) as Array<{ receiptNumber: string; desaCode: string }>;
  if (!c) return false;
  const rows = await statusHistory(m, complaintId);
  if (!admits(rows, e)) return false;
  const sequence = (rows.at(-1)?.sequence ?? 0) + 1;
  const inserted = (await m.query(
    `INSERT INTO complaint_status (complaint_id, sequence, step, owner_code, reason_code, reason_text, detail, occurred_at, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (complaint_id, source) DO NOTHING RETURNING 1`,
    [
      complaintId,
      sequence,
      e.step,
      e.ownerCode ?? null,
      e.reasonCode ?? null,
      e.reasonText ?? null,
      e.detail ?? null,
      e.occurredAt,
      e.source,
    ],
  )) as unknown[];
  if (inserted.length === 0) return false;
  await m.query(`UPDATE complaint SET current_step = $2, current_step_at = $3 WHERE id = $1`, [
    complaintId,
    e.step,
    e.occurredAt,
  ]);
  await outbox.publish(
    m,
    'slrt.evt.intake.complaint.status-changed.v1',
    statusChangedPayload({ complaintId, ...c }, sequence, e, rows.at(-1)?.step ?? null),
    actor ? { actor } : {},
  );
  return true;
}

/** The payload of `slrt.evt.intake.complaint.status-changed.v1` for a step entered as `sequence`. */
export function statusChangedPayload(
  c: { complaintId: string; receiptNumber: string; desaCode: string },
  sequence: number,
  e: StepEntry,
  previousStep: ComplaintStep | null,
): EventPayload<'slrt.evt.intake.complaint.status-changed.v1'> {
  return {
    complaintId: c.complaintId,
    receiptNumber: c.receiptNumber,
    desaCode: c.desaCode,
    sequence,
    step: e.step,
    previousStep,
    ownerCode: e.ownerCode ?? null,
    reasonCode: e.reasonCode ?? null,
    reasonText: e.reasonText ?? null,
    occurredAt: e.occurredAt.toISOString(),
  };
}

/**
 * The household confirmed the benefit arrived (outcome verification, `outcome-verification.completed`
 * with `verified`): a line "Hasil diverifikasi" under the resolved step of the public timeline, when
 * the complaint is still resolved. Not published as a status change: the citizen was told "selesai"
 * already (notification) and reporting counts the resolution once; the verification itself is
 * counted from referral's event. Idempotent per source (redelivery) like every step.
 */
export async function enterOutcomeVerified(
  m: EntityManager,
  complaintId: string,
  occurredAt: Date,
  source: string,
  detail: string,
): Promise<boolean> {
  const [c] = (await m.query(`SELECT id FROM complaint WHERE id = $1 FOR UPDATE`, [complaintId])) as Array<{
    id: string;
  }>;
  if (!c) return false;
  const rows = await statusHistory(m, complaintId);
  const last = rows.at(-1);
  if (!last || last.step !== 'resolved' || last.reasonCode === 'OUTCOME_VERIFIED') return false;
  const inserted = (await m.query(
    `INSERT INTO complaint_status (complaint_id, sequence, step, owner_code, reason_code, reason_text, detail, occurred_at, source)
     VALUES ($1, $2, 'resolved', $3, 'OUTCOME_VERIFIED', NULL, $4, $5, $6) ON CONFLICT (complaint_id, source) DO NOTHING RETURNING 1`,
    [complaintId, last.sequence + 1, last.ownerCode, detail, occurredAt, source],
  )) as unknown[];
  return inserted.length > 0;
}
