import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RECEIPT_NUMBER } from '../intake/complaint-registered.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../identifiers.js';

/**
 * The person a referral is about, limited to the fields the owner's directory entry asks for:
 * each field is present only when the owner needs it. Personal data.
 */
export class ReferralPersonV1 {
  @IsOptional() @IsString() @MaxLength(120) name?: string;
  @IsOptional() @IsNik() nik?: string;
  @IsOptional() @IsNoKk() noKk?: string;
  @IsOptional() @IsIsoDate() birthDate?: string;
  @IsOptional() @IsString() @MaxLength(400) address?: string;
  @IsOptional() @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/) desaCode?: string;
  @IsOptional() @Matches(/^\+62\d{6,13}$/) phone?: string;
}

/**
 * A referral to a programme owner (`slrt.owner.<owner-code>.referral.sent.v1`), on stream
 * `SLRT_OWNER_OUT`. WIRE-STABLE: ministries consume it. Answer with the `referralId` on
 * `slrt.owner.<owner-code>.response.<event>.v1`.
 */
export class OwnerReferralSentV1 {
  /** Id to quote in every answer. */
  @IsUUID('7') referralId!: string;
  /** Complaint receipt number, as the citizen knows it. */
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  /** Kemendagri code of the referring kab/kota, e.g. `62.71`. */
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/) ownerCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan']) category!: 'kepesertaan' | 'non-kepesertaan';
  @IsArray() @ArrayMaxSize(20) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeCodes!: string[];
  /** One line naming the complaint (receipt number, category, programmes), in Bahasa Indonesia. */
  @IsString() @MaxLength(4000) summary!: string;
  /**
   * What is wrong, as the citizen told it to the Front Office or Fasilitator (Bahasa Indonesia,
   * free text: may hold personal data). Present only when the owner's directory entry lists
   * `description` among the fields it receives.
   */
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  /**
   * Documents the Puskesos has received from the citizen (codes such as `KTP`, `KK`, `KKS`),
   * limited to those the owner's directory entry requires; the owner may ask for the others.
   */
  @IsArray() @ArrayMaxSize(30) @Matches(/^[A-Z][A-Z0-9_]*$/, { each: true }) documentsReceived!: string[];
  /** The back office's note to the owner (its recommendation), or a standard request to examine and act. */
  @IsString() @MaxLength(2000) recommendation!: string;
  @IsObject() @ValidateNested() @Type(() => ReferralPersonV1) subject!: ReferralPersonV1;
  /** The owner's answer is due by then (working days from the owner's directory entry). */
  @IsISO8601({ strict: true }) dueAt!: string;
  @IsISO8601({ strict: true }) sentAt!: string;
}

/** The SLRT answered the owner's questions or updated the referral (`…referral.updated.v1`). */
export class OwnerReferralUpdatedV1 {
  @IsUUID('7') referralId!: string;
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @IsString() @MinLength(3) @MaxLength(4000) note!: string;
  @IsISO8601({ strict: true }) dueAt!: string;
  @IsISO8601({ strict: true }) updatedAt!: string;
}

/** The SLRT withdrew the referral (`…referral.withdrawn.v1`); no answer is expected any more. */
export class OwnerReferralWithdrawnV1 {
  @IsUUID('7') referralId!: string;
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @IsString() @MaxLength(500) reason!: string;
  @IsISO8601({ strict: true }) withdrawnAt!: string;
}

/** Reasons an owner gives when rejecting. WIRE-STABLE. */
export const OWNER_REJECTION_REASONS = [
  'NOT_ELIGIBLE',
  'ALREADY_RECIPIENT',
  'INCOMPLETE_DATA',
  'NOT_OUR_PROGRAMME',
  'DUPLICATE',
  'OTHER',
] as const;
export type OwnerRejectionReason = (typeof OWNER_REJECTION_REASONS)[number];

/** The owner accepted the referral for handling (`slrt.owner.<code>.response.accepted.v1`). */
export class OwnerResponseAcceptedV1 {
  @IsUUID('7') referralId!: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}

/** The owner rejected it (`…response.rejected.v1`), with a reason code. */
export class OwnerResponseRejectedV1 {
  @IsUUID('7') referralId!: string;
  @IsIn([...OWNER_REJECTION_REASONS]) reasonCode!: OwnerRejectionReason;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}

/** The owner needs more before deciding (`…response.review-requested.v1`). */
export class OwnerResponseReviewRequestedV1 {
  @IsUUID('7') referralId!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  questions!: string[];
  @IsISO8601({ strict: true }) respondedAt!: string;
}

/** The owner acted and the matter is settled (`…response.resolved.v1`). */
export class OwnerResponseResolvedV1 {
  @IsUUID('7') referralId!: string;
  /** What was done, in words the citizen can be told (Bahasa Indonesia). */
  @IsString() @MinLength(3) @MaxLength(2000) outcome!: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}

/**
 * The owner passes the referral on to a higher-level owner (`…response.forwarded.v1`): a kab/kota
 * office to the province or the centre, a desa service to the kab/kota. The SLRT closes this
 * referral as `forwarded` and sends a new one to `targetOwnerCode` (exactly once per answer id);
 * the feedback says `applied` or `refused` (`UNKNOWN_TARGET_OWNER`, `TARGET_NOT_HIGHER_LEVEL`, …).
 */
export class OwnerResponseForwardedV1 {
  @IsUUID('7') referralId!: string;
  /** Directory code of the higher-level owner, e.g. `kemensos-pkh`. */
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/) targetOwnerCode!: string;
  /** Why it goes up a level, in Bahasa Indonesia (shown to the SLRT staff and to the new owner). */
  @IsString() @MinLength(3) @MaxLength(2000) reason!: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}
