import type { EntityManager } from 'typeorm';
import type { Actor, EventPayload, ReviewStep } from '@slrt/contracts';
import type { OutboxPublisher } from '@slrt/messaging';
import type { ComplaintRecord } from '../complaints/complaint.records.js';
import { chainOf, readSettings, type FieldCheckSettings } from './field-check-settings.js';

/**
 * Where the supervisor check meets registration. A complaint submitted by a Fasilitator (its
 * recording officer's role is FS) is held for the kecamatan SPV when the kab/kota requires it:
 * `holdForFieldCheck` records the hold and announces it instead of the registration; while held
 * (`awaiting`, `returned`) or after a merge, `reviewRouting` answers null and no
 * `registry-checked` leaves intake, so referral opens no case and registry drafts no prelist.
 */

/** Holds an FS submission for the SPV's check when the kab/kota requires it; true when held. In `m`'s transaction. */
export async function holdForFieldCheck(
  outbox: OutboxPublisher,
  m: EntityManager,
  c: ComplaintRecord,
  actor: Actor,
): Promise<boolean> {
  if (c.officerRole !== 'FS') return false;
  if (!heldForFieldCheck(c.officerRole, await readSettings(m, c.kabKotaCode))) return false;
  await m.query(
    `INSERT INTO field_check (complaint_id, desa_code, officer_id, state, submitted_at) VALUES ($1, $2, $3, 'awaiting', $4)`,
    [c.id, c.desaCode, c.officerId, c.registeredAt],
  );
  await m.query(
    `INSERT INTO field_check_entry (complaint_id, kind, actor_id, actor_role, version, at) VALUES ($1, 'submitted', $2, 'FS', 1, $3)`,
    [c.id, c.officerId, c.registeredAt],
  );
  await outbox.publish(m, 'slrt.evt.intake.field-check.requested.v1', fieldCheckRequestedPayload(c), { actor });
  return true;
}

/** Whether a new complaint recorded by an officer of `officerRole` is held for the SPV's check under `settings`. */
export function heldForFieldCheck(officerRole: string, settings: FieldCheckSettings): boolean {
  return officerRole === 'FS' && settings.supervisorCheckRequired;
}

/** The payload of the first `slrt.evt.intake.field-check.requested.v1` of a held complaint. */
export function fieldCheckRequestedPayload(
  c: Pick<ComplaintRecord, 'id' | 'receiptNumber' | 'desaCode' | 'officerId' | 'registeredAt'>,
): EventPayload<'slrt.evt.intake.field-check.requested.v1'> {
  return {
    complaintId: c.id,
    receiptNumber: c.receiptNumber,
    desaCode: c.desaCode,
    officerId: c.officerId,
    round: 1,
    requestedAt: new Date(c.registeredAt).toISOString(),
  };
}

/** How a case follows a complaint: carried by `registry-checked` (see `reviewRouting`). */
export interface ReviewRouting {
  intakePoint: string;
  reviewChain: ReviewStep[];
  supervisorChecked: boolean;
  supervisorCheckedBy: string | null;
}

/** The routing of a complaint just registered and not held (no check of the SPV exists for it). */
export function newComplaintRouting(settings: FieldCheckSettings, channel: string): ReviewRouting {
  return {
    intakePoint: channel,
    reviewChain: chainOf(settings, channel),
    supervisorChecked: false,
    supervisorCheckedBy: null,
  };
}

/** The check's state of a complaint; null when it was never held. */
export async function fieldCheckState(
  m: EntityManager,
  complaintId: string,
): Promise<'awaiting' | 'returned' | 'approved' | 'merged' | null> {
  const [row] = (await m.query(`SELECT state FROM field_check WHERE complaint_id = $1`, [complaintId])) as Array<{
    state: 'awaiting' | 'returned' | 'approved' | 'merged';
  }>;
  return row?.state ?? null;
}

/**
 * What the case of a complaint follows (carried by `registry-checked`): its intake point, the
 * review chain configured for it, and whether the SPV already checked it here. Null while the
 * complaint is held by the supervisor check or was merged: nothing may leave intake for it.
 */
export async function reviewRouting(
  m: EntityManager,
  c: Pick<ComplaintRecord, 'id' | 'channel' | 'kabKotaCode'>,
): Promise<ReviewRouting | null> {
  const [check] = (await m.query(`SELECT state, decided_by AS "decidedBy" FROM field_check WHERE complaint_id = $1`, [
    c.id,
  ])) as Array<{ state: string; decidedBy: string | null }>;
  if (check && check.state !== 'approved') return null;
  const settings = await readSettings(m, c.kabKotaCode);
  return {
    intakePoint: c.channel,
    reviewChain: chainOf(settings, c.channel),
    supervisorChecked: Boolean(check),
    supervisorCheckedBy: check?.decidedBy ?? null,
  };
}
