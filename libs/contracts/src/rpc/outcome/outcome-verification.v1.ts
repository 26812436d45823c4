import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { Role } from '../../envelope/roles.js';
import {
  OUTCOME_ANSWERS,
  OUTCOME_VERIFICATION_STATUSES,
  type OutcomeAnswer,
  type OutcomeVerificationStatus,
} from '../../events/outcome/outcome-verification.v1.js';

/** Who may list verifications and record a household's answer (region scope applies). */
export const OUTCOME_VERIFICATION_READ_ROLES = [
  'FO',
  'FS',
  'SPV',
  'MJ',
  'BO',
  'SEKRETARIAT',
] as const satisfies readonly Role[];
/** The answer is recorded by who met the household: at the counter (FO, BO) or at home (FS), or the supervisor. */
export const OUTCOME_VERIFICATION_RECORD_ROLES = ['FO', 'FS', 'SPV', 'BO'] as const satisfies readonly Role[];

/** `slrt.rpc.referral.list-outcome-verifications.v1`: verifications in the caller's region. */
export class ListOutcomeVerificationsRequestV1 {
  @IsOptional() @IsIn([...OUTCOME_VERIFICATION_STATUSES]) status?: OutcomeVerificationStatus;
  @IsOptional() @IsString() @MaxLength(60) ownerCode?: string;
  @IsOptional()
  @Matches(/^\d{4}-\d{4}-\d{6}$/, { message: 'Nomor pengaduan berformat 0000-0000-000000.' })
  receiptNumber?: string;
  @Type(() => Number) @IsInt() @Min(1) page: number = 1;
  @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize: number = 50;
}

/** One verification as staff see it (no personal data: the household is reached through notification). */
export class OutcomeVerificationViewV1 {
  @IsUUID() verificationId!: string;
  @IsUUID() caseId!: string;
  @IsUUID() complaintId!: string;
  @IsUUID() referralId!: string;
  @IsString() receiptNumber!: string;
  @IsString() desaCode!: string;
  @IsString() ownerCode!: string;
  /** What the owner said when it resolved the referral. */
  @ValidateIf((o: OutcomeVerificationViewV1) => o.ownerAnswer !== null) @IsString() ownerAnswer!: string | null;
  @IsISO8601() resolvedAt!: string;
  @IsIn([...OUTCOME_VERIFICATION_STATUSES]) status!: OutcomeVerificationStatus;
  /** When the household is (or was) asked. */
  @IsISO8601() askAt!: string;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.askedAt !== null) @IsISO8601() askedAt!: string | null;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.expiresAt !== null) @IsISO8601() expiresAt!: string | null;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.answer !== null)
  @IsIn([...OUTCOME_ANSWERS])
  answer!: OutcomeAnswer | null;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.answeredVia !== null) @IsString() answeredVia!: string | null;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.answerNote !== null) @IsString() answerNote!: string | null;
  @ValidateIf((o: OutcomeVerificationViewV1) => o.answeredAt !== null) @IsISO8601() answeredAt!: string | null;
  /** The status in words for the operator. */
  @IsString() statusText!: string;
  @Type(() => Number) @IsInt() version!: number;
}

export class ListOutcomeVerificationsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OutcomeVerificationViewV1)
  items!: OutcomeVerificationViewV1[];
  @Type(() => Number) @IsInt() total!: number;
  @Type(() => Number) @IsInt() page!: number;
  @Type(() => Number) @IsInt() pageSize!: number;
}

/**
 * `slrt.rpc.referral.record-outcome-answer.v1`: the household's answer given at the counter or to
 * the FS at home. `expectedVersion` guards against two operators recording at once.
 */
export class RecordOutcomeAnswerRequestV1 {
  @IsUUID() verificationId!: string;
  @IsIn([...OUTCOME_ANSWERS], { message: 'Jawaban harus "ya" (manfaat sudah diterima) atau "tidak".' })
  answer!: OutcomeAnswer;
  @IsIn(['counter', 'fs-visit'], { message: 'Cara menjawab: "counter" (di loket) atau "fs-visit" (kunjungan FS).' })
  via!: 'counter' | 'fs-visit';
  /** What the household said, in the operator's words (required for "tidak": the reason the case is reopened). */
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @Type(() => Number) @IsInt() @Min(1) expectedVersion!: number;
}
