import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CASE_STATES, type CaseState } from '../referral/case-states.js';
import { MESSAGE_ID } from '../../envelope/envelope.js';
import { Nullable } from '../../nullable.js';

/**
 * Why an owner's answer was refused. WIRE-STABLE (owners branch on it):
 * - `MALFORMED_MESSAGE`: the body is not a JSON envelope the platform can read (not JSON, or an
 *   envelope field is missing or invalid: `id`, `subject`, `occurredAt`, `producer`, …);
 * - `INVALID_PAYLOAD`: the envelope is readable but `data` does not satisfy the answer's schema
 *   (`fieldErrors` name each field);
 * - `OWNER_MISMATCH`: the envelope names another owner (`producer: owner:<other>`, the actor's
 *   owner code) than the subject it was published on;
 * - `UNKNOWN_REFERRAL`: no referral has this `referralId` in this kab/kota;
 * - `NOT_YOUR_REFERRAL`: the referral was sent to another owner;
 * - `REFERRAL_WITHDRAWN`: the SLRT withdrew the referral (`referral.withdrawn.v1`); no answer is expected;
 * - `TRANSITION_NOT_ALLOWED`: the case is in a state this answer cannot move (`caseState` says
 *   which; e.g. an accept arriving after the resolve, or any answer after the case ended);
 * - `UNKNOWN_TARGET_OWNER`: a `forwarded` answer names a target owner that is not in the directory (or not active);
 * - `TARGET_NOT_HIGHER_LEVEL`: a `forwarded` answer names an owner at the same or a lower level (a referral goes up:
 *   desa → kab/kota → province → centre);
 * - `TARGET_PARTNERSHIP_INVALID`: the target is a non-government partner without an agreement in force for the programme;
 * - `TARGET_ALREADY_REFERRED`: the target already has an open referral for this case (it was referred there too).
 */
export const OWNER_ANSWER_REFUSALS = [
  'MALFORMED_MESSAGE',
  'INVALID_PAYLOAD',
  'OWNER_MISMATCH',
  'UNKNOWN_REFERRAL',
  'NOT_YOUR_REFERRAL',
  'REFERRAL_WITHDRAWN',
  'TRANSITION_NOT_ALLOWED',
  'UNKNOWN_TARGET_OWNER',
  'TARGET_NOT_HIGHER_LEVEL',
  'TARGET_PARTNERSHIP_INVALID',
  'TARGET_ALREADY_REFERRED',
] as const;
export type OwnerAnswerRefusal = (typeof OWNER_ANSWER_REFUSALS)[number];

/** A reason in both languages of the channel. */
export class FeedbackReasonV1 {
  /** Bahasa Indonesia (what the ministry's staff read). */
  @IsString() @MaxLength(1000) id!: string;
  /** English (for the ministry's developers and logs). */
  @IsString() @MaxLength(1000) en!: string;
}

/** A field of the answer that was missing or invalid. */
export class FeedbackFieldErrorV1 {
  /** Path in the envelope, e.g. `data.referralId` or `id`; empty for the body as a whole. */
  @IsString() @MaxLength(200) path!: string;
  /** In Bahasa Indonesia; a missing field is named as missing ("wajib ada"). */
  @IsString() @MaxLength(1000) message!: string;
}

/**
 * What became of one answer an owner published (`slrt.owner.<code>.feedback.answer-applied.v1`
 * or `…answer-refused.v1`, stream `SLRT_OWNER_OUT`, durable `owner-<code>-feedback`). Exactly one
 * per answer envelope id: a replay of the same id gets none. WIRE-STABLE.
 */
export class OwnerAnswerFeedbackV1 {
  /** The envelope `id` of the answer; null when the envelope could not be read. */
  @Nullable() @Matches(MESSAGE_ID) answerId!: string | null;
  /** The subject the answer was published on. */
  @IsString() @MaxLength(255) answerSubject!: string;
  /** The `referralId` the answer quoted; null when it quoted none readable. */
  @Nullable() @Matches(MESSAGE_ID) referralId!: string | null;
  @IsIn(['applied', 'refused']) outcome!: 'applied' | 'refused';
  /** Why it was refused (`OWNER_ANSWER_REFUSALS`); null when applied. */
  @Nullable() @IsIn([...OWNER_ANSWER_REFUSALS]) code!: OwnerAnswerRefusal | null;
  /** The refusal in Bahasa Indonesia and English; null when applied. */
  @Nullable() @IsObject() @ValidateNested() @Type(() => FeedbackReasonV1) reason!: FeedbackReasonV1 | null;
  /** Fields of the answer that were missing or invalid (empty unless `INVALID_PAYLOAD` / `MALFORMED_MESSAGE`). */
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FeedbackFieldErrorV1)
  fieldErrors!: FeedbackFieldErrorV1[];
  /** The case's state after the answer (applied) or when it was refused; null when no case was found. */
  @Nullable() @IsIn([...CASE_STATES]) caseState!: CaseState | null;
  /** When referral first received the answer. */
  @IsISO8601({ strict: true }) receivedAt!: string;
  /** When it was applied or refused. */
  @IsISO8601({ strict: true }) decidedAt!: string;
}
