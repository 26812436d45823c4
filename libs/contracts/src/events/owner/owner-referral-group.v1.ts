import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { OWNER_REJECTION_REASONS, type OwnerRejectionReason } from './owner-referral.v1.js';
import { IsIsoDate } from '../../identifiers.js';

/** Most member referrals one group message lists. */
export const MAX_GROUP_REFERRALS = 500;

/**
 * A grouped referral (`slrt.owner.<owner-code>.referral.group-sent.v1`, stream `SLRT_OWNER_OUT`):
 * many complaints about one programme in one desa (or kecamatan) in one period — a mass issue, e.g.
 * a missed disbursement — that the kab/kota confirmed as one pattern. Every member referral is ALSO
 * sent on its own as `referral.sent.v1` (before this message), so an owner that ignores groups loses
 * nothing. An owner that reads groups may answer once for all on `…response.group-answered.v1`; the
 * answer applies to each member referral exactly once, each with its own feedback message. A later
 * message with the same `groupId` lists the group as it is then (members added since). WIRE-STABLE.
 * Holds no personal data: ids, region codes, programme, category, period and counts.
 */
export class OwnerReferralGroupSentV1 {
  /** Id of the group to quote in a group answer. */
  @IsUUID('7') groupId!: string;
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/) ownerCode!: string;
  /** The desa (`62.71.01.1001`) or kecamatan (`62.71.01`) where the complaints come from. */
  @Matches(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/) areaCode!: string;
  @Matches(/^[A-Z][A-Z0-9_-]*$/) programmeCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan']) category!: 'kepesertaan' | 'non-kepesertaan';
  /** First and last day (local) a member complaint's case opened. */
  @IsIsoDate() periodFrom!: string;
  @IsIsoDate() periodTo!: string;
  /** One line describing the pattern, in Bahasa Indonesia. */
  @IsString() @MaxLength(500) title!: string;
  /** How many complaints the group has in all (including those referred to other owners). */
  @IsInt() @Min(1) memberCount!: number;
  /** This owner's member referrals (each also sent as `referral.sent.v1`). */
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_GROUP_REFERRALS) @IsUUID('7', { each: true }) referralIds!: string[];
  @IsISO8601({ strict: true }) sentAt!: string;
}

export const GROUP_ANSWERS = ['accepted', 'rejected', 'review-requested', 'resolved'] as const;
export type GroupAnswer = (typeof GROUP_ANSWERS)[number];

/**
 * One answer for every member referral of a group (`slrt.owner.<owner-code>.response.group-answered.v1`,
 * stream `SLRT_OWNER_IN`): applied to each member referral of this owner exactly once, as if answered
 * one by one; each member gets its own feedback (`feedback.answer-applied.v1` or `…answer-refused.v1`,
 * `answerId` = this message's id, `referralId` = the member), so a member already answered or withdrawn
 * is refused alone while the others are applied. Fields as in the single answers: `reasonCode` for
 * `rejected`, `questions` for `review-requested`, `outcome` for `resolved`.
 */
export class OwnerResponseGroupAnsweredV1 {
  @IsUUID('7') groupId!: string;
  @IsIn([...GROUP_ANSWERS]) answer!: GroupAnswer;
  @ValidateIf((o: OwnerResponseGroupAnsweredV1) => o.answer === 'rejected' || o.reasonCode !== undefined)
  @IsIn([...OWNER_REJECTION_REASONS])
  reasonCode?: OwnerRejectionReason;
  @ValidateIf((o: OwnerResponseGroupAnsweredV1) => o.answer === 'review-requested' || o.questions !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  questions?: string[];
  @ValidateIf((o: OwnerResponseGroupAnsweredV1) => o.answer === 'resolved' || o.outcome !== undefined)
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  outcome?: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsISO8601({ strict: true }) respondedAt!: string;
}
