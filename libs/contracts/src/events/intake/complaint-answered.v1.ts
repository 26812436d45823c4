import { IsIn, IsInt, IsISO8601, IsUUID, Matches, Min } from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from './complaint-registered.v1.js';
import { CONTACT_TYPES, type ContactType } from './complaint-vocabulary.js';

/**
 * How a direct answer reached the citizen. WIRE-STABLE (stored with the answer, carried in events):
 * at the counter, by phone, WhatsApp or SMS, by letter, or during the Fasilitator's visit.
 */
export const ANSWER_CHANNELS = ['langsung', 'telepon', 'whatsapp', 'sms', 'surat', 'kunjungan'] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

/**
 * A question or suggestion was answered directly by the FO or SPV, without the review chain
 * (`slrt.evt.intake.complaint.answered.v1`). Counted by reporting; no personal data and not the
 * answer's text (it may name people): consumers that need it ask intake.
 */
export class ComplaintAnsweredV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  /** `pertanyaan` or `saran` (DIRECT_ANSWER_CONTACT_TYPES). */
  @IsIn([...CONTACT_TYPES]) contactType!: ContactType;
  /** Role of the officer who answered (`FO` or `SPV`). */
  @IsIn(['FO', 'SPV']) answeredByRole!: 'FO' | 'SPV';
  @IsIn([...ANSWER_CHANNELS]) channel!: AnswerChannel;
  @IsISO8601({ strict: true }) answeredAt!: string;
  /** Whole minutes from registration to the answer (0 for an answer given at the counter at once). */
  @IsInt() @Min(0) minutesToAnswer!: number;
}
