import type { EntityManager } from 'typeorm';
import type { Actor, EventPayload } from '@slrt/contracts';
import type { OutboxPublisher } from '@slrt/messaging';
import type { ComplaintRecord } from './complaint.records.js';

/**
 * Publishes `slrt.evt.intake.complaint.registered.v1` for a complaint, in `m`'s transaction: at
 * registration, or, for an FS submission held by the supervisor check, when the SPV approves it.
 */
export async function publishRegistered(
  outbox: OutboxPublisher,
  m: EntityManager,
  record: ComplaintRecord,
  subjectHasNik: boolean,
  actor: Actor | null,
): Promise<void> {
  await outbox.publish(m, 'slrt.evt.intake.complaint.registered.v1', registeredPayload(record, subjectHasNik), {
    ...(actor ? { actor } : {}),
  });
}

/** What a complaint's fields used by `registered`. */
export type RegisteredFields = Pick<
  ComplaintRecord,
  | 'id'
  | 'receiptNumber'
  | 'channel'
  | 'category'
  | 'contactType'
  | 'programmeCodes'
  | 'desaCode'
  | 'recordedAt'
  | 'registryCheck'
  | 'possibleDuplicateOf'
  | 'priorityGroups'
  | 'programmesNeeded'
  | 'serviceMinutes'
>;

/** The payload of `slrt.evt.intake.complaint.registered.v1` for a complaint. */
export function registeredPayload(
  record: RegisteredFields,
  subjectHasNik: boolean,
): EventPayload<'slrt.evt.intake.complaint.registered.v1'> {
  return {
    complaintId: record.id,
    receiptNumber: record.receiptNumber,
    channel: record.channel,
    category: record.category as 'kepesertaan' | 'non-kepesertaan',
    contactType: record.contactType as 'pengaduan',
    programmeCodes: record.programmeCodes,
    desaCode: record.desaCode,
    recordedAt: new Date(record.recordedAt).toISOString(),
    registryCheck: record.registryCheck,
    subjectHasNik,
    possibleDuplicateOf: record.possibleDuplicateOf,
    ...(record.priorityGroups.length ? { priorityGroups: record.priorityGroups } : {}),
    ...(record.programmesNeeded.length ? { programmesNeeded: record.programmesNeeded } : {}),
    ...(record.serviceMinutes !== null ? { serviceMinutes: record.serviceMinutes } : {}),
  };
}
