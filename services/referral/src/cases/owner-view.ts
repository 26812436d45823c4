import type { OwnerReferralViewV1 } from '@slrt/contracts';
import type { ReferralRecord } from './cases.repository.js';

/**
 * What stays of a referral's owner payload once the owner's access has ended: ids, dates,
 * category and programmes. Everything else (the person's fields, the summary, the recommendation
 * and whatever else a referral carries for the owner) is removed — a whitelist, so a field added
 * to referrals later is purged too.
 */
export const OWNER_PAYLOAD_KEPT = [
  'referralId',
  'receiptNumber',
  'kabKotaCode',
  'ownerCode',
  'category',
  'programmeCodes',
  'dueAt',
  'sentAt',
] as const;

const DAY_MS = 24 * 3600 * 1000;

interface OwnerPayload {
  receiptNumber: string;
  kabKotaCode: string;
  category?: string;
  programmeCodes: string[];
  summary?: string;
  description?: string;
  documentsReceived?: string[];
  subject?: Record<string, string>;
}

/** A summary without personal data: receipt number, category and programmes. */
export function neutralSummary(p: { receiptNumber: string; category?: string; programmeCodes: string[] }): string {
  return `Pengaduan ${p.receiptNumber} (${[p.category, p.programmeCodes.join(', ')].filter(Boolean).join(', ')})`;
}

/** Until when the owner sees the person's data of this referral: its closing + the grace period; null while open. */
export function personalDataUntil(r: Pick<ReferralRecord, 'closedAt'>, graceDays: number): Date | null {
  return r.closedAt ? new Date(new Date(r.closedAt).getTime() + graceDays * DAY_MS) : null;
}

/**
 * A referral as its owner sees it. While open and during the grace period after closing: the
 * person's fields the owner receives, the description (if the owner receives it), the documents
 * received and the summary. After it (whether or not the sweep has
 * purged the stored payload yet): no personal data, only ids, status, dates and programmes.
 */
export function ownerReferralView(r: ReferralRecord, graceDays: number, now = new Date()): OwnerReferralViewV1 {
  const p = r.payload as unknown as OwnerPayload;
  const until = personalDataUntil(r, graceDays);
  const removed = r.purgedAt !== null || (until !== null && until.getTime() <= now.getTime());
  return {
    referralId: r.id,
    receiptNumber: p.receiptNumber,
    kabKotaCode: p.kabKotaCode,
    status: r.status,
    programmeCodes: p.programmeCodes,
    summary: removed ? neutralSummary(p) : (p.summary ?? r.summary),
    subject: removed ? {} : (p.subject ?? {}),
    // Stored already minimised for this owner when sent (its personal fields and required documents).
    ...(!removed && p.description ? { description: p.description } : {}),
    documentsReceived: removed ? [] : (p.documentsReceived ?? []),
    sentAt: new Date(r.sentAt).toISOString(),
    dueAt: new Date(r.dueAt).toISOString(),
    closedAt: r.closedAt ? new Date(r.closedAt).toISOString() : null,
    personalDataUntil: until ? until.toISOString() : null,
    personalDataRemoved: removed,
  };
}
