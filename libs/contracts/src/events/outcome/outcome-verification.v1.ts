import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from '../intake/complaint-registered.v1.js';

/**
 * Outcome verification (★, issue 19): some weeks after a programme owner said "resolved", the
 * household is asked whether the benefit really arrived. Ids, codes and the answer only: no
 * personal data (the phone number stays in notification's schema).
 */
export const OUTCOME_ANSWERS = ['ya', 'tidak'] as const;
export type OutcomeAnswer = (typeof OUTCOME_ANSWERS)[number];

/** How the household's answer reached the platform. */
export const OUTCOME_ANSWER_CHANNELS = ['sms', 'whatsapp', 'fs-visit', 'counter'] as const;
export type OutcomeAnswerChannel = (typeof OUTCOME_ANSWER_CHANNELS)[number];

/** What became of a verification: asked and waiting, confirmed, disputed (case reopened), no answer in time. */
export const OUTCOME_VERIFICATION_STATUSES = [
  'scheduled',
  'asked',
  'verified',
  'disputed',
  'unverified',
  'cancelled',
] as const;
export type OutcomeVerificationStatus = (typeof OUTCOME_VERIFICATION_STATUSES)[number];

/** Final outcomes counted per owner. */
export const OUTCOME_RESULTS = ['verified', 'disputed', 'unverified'] as const;
export type OutcomeResult = (typeof OUTCOME_RESULTS)[number];

/** Referral asks: the time has come to ask the household (`slrt.evt.referral.outcome-verification.requested.v1`). */
export class OutcomeVerificationRequestedV1 {
  @IsUUID('7') verificationId!: string;
  @IsUUID('7') caseId!: string;
  @IsUUID('7') complaintId!: string;
  @IsUUID('7') referralId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() @MaxLength(60) ownerCode!: string;
  /** The n-th verification of this complaint (1, 2, … after a reopened case is resolved again). */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) ordinal!: number;
  @IsISO8601({ strict: true }) askedAt!: string;
  /** After this the verification ends "tidak terverifikasi". */
  @IsISO8601({ strict: true }) expiresAt!: string;
}

/**
 * Notification received the household's reply to the question (`slrt.evt.notification.outcome-answer.received.v1`):
 * "YA" or "TIDAK" by SMS/WhatsApp from the phone that was asked.
 */
export class OutcomeAnswerReceivedV1 {
  @IsUUID('7') verificationId!: string;
  @IsUUID('7') complaintId!: string;
  @IsIn([...OUTCOME_ANSWERS]) answer!: OutcomeAnswer;
  @IsIn([...OUTCOME_ANSWER_CHANNELS]) via!: OutcomeAnswerChannel;
  @IsISO8601({ strict: true }) receivedAt!: string;
}

/** A verification ended (`slrt.evt.referral.outcome-verification.completed.v1`): counted per owner, shown on the public timeline. */
export class OutcomeVerificationCompletedV1 {
  @IsUUID('7') verificationId!: string;
  @IsUUID('7') caseId!: string;
  @IsUUID('7') complaintId!: string;
  @IsUUID('7') referralId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() @MaxLength(60) ownerCode!: string;
  @IsIn([...OUTCOME_RESULTS]) outcome!: OutcomeResult;
  /** How the answer came; null for `unverified` (no answer in time). */
  @ValidateIf((o: OutcomeVerificationCompletedV1) => o.via !== null)
  @IsIn([...OUTCOME_ANSWER_CHANNELS])
  via!: OutcomeAnswerChannel | null;
  /** When the owner said resolved. */
  @IsISO8601({ strict: true }) resolvedAt!: string;
  @IsISO8601({ strict: true }) completedAt!: string;
  @IsOptional() @IsIn(['scheduled', 'asked']) previousStatus?: 'scheduled' | 'asked';
}
