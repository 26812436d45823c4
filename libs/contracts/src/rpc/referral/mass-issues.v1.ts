import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
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
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OWNER_REJECTION_REASONS, type OwnerRejectionReason } from '../../events/owner/owner-referral.v1.js';
import { GROUP_ANSWERS, type GroupAnswer } from '../../events/owner/owner-referral-group.v1.js';
import { IsIsoDate } from '../../identifiers.js';

/** Most member cases of one mass issue. */
export const MAX_MASS_ISSUE_MEMBERS = 500;
const AREA = /^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/;
const PROGRAMME = /^[A-Z][A-Z0-9_-]{1,30}$/;

/** Detection thresholds of a kab/kota: at least `minComplaints` open cases of one programme and category in one `area` within `windowDays` days. */
export class MassIssueThresholdV1 {
  @Matches(/^\d{2}\.\d{2}$/, { message: 'Kode kabupaten/kota tidak valid (contoh 62.71)' }) kabKotaCode!: string;
  @Type(() => Number)
  @IsInt({ message: 'Harus bilangan bulat' })
  @Min(2, { message: 'Paling sedikit 2 pengaduan' })
  @Max(1000, { message: 'Paling banyak 1000 pengaduan' })
  minComplaints!: number;
  @Type(() => Number)
  @IsInt({ message: 'Harus bilangan bulat' })
  @Min(1, { message: 'Paling sedikit 1 hari' })
  @Max(180, { message: 'Paling lama 180 hari' })
  windowDays!: number;
  @IsIn(['desa', 'kecamatan'], { message: 'Wilayah pengelompokan: desa atau kecamatan' }) area!: 'desa' | 'kecamatan';
  /** Who saved it last (`default` when never saved). */
  @IsOptional() @IsString() updatedBy?: string;
  @IsOptional() @IsISO8601() updatedAt?: string;
}

/** A member case of a mass issue (no personal data: receipt number, state, dates). */
export class MassIssueMemberV1 {
  @IsUUID() caseId!: string;
  @IsString() receiptNumber!: string;
  @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/) desaCode!: string;
  @IsString() state!: string;
  @IsISO8601() openedAt!: string;
  /** The referrals of the case (one per owner), once sent. */
  @IsArray() @IsUUID('all', { each: true }) referralIds!: string[];
}

/** A suggested (detected, not decided), confirmed or dismissed mass issue. */
export class MassIssueViewV1 {
  /** Null for a suggestion (not stored until confirmed or dismissed). */
  @ValidateIf((o: MassIssueViewV1) => o.id !== null) @IsUUID() id!: string | null;
  @IsIn(['suggested', 'confirmed', 'dismissed']) status!: 'suggested' | 'confirmed' | 'dismissed';
  /** Stable key of the pattern: area, programme, category and first day; confirming the same key twice gives one group. */
  @IsString() key!: string;
  @Matches(AREA) areaCode!: string;
  @IsIn(['desa', 'kecamatan']) areaLevel!: 'desa' | 'kecamatan';
  @IsString() programmeCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan']) category!: 'kepesertaan' | 'non-kepesertaan';
  @IsIsoDate() periodFrom!: string;
  @IsIsoDate() periodTo!: string;
  @IsInt() count!: number;
  @IsString() title!: string;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MassIssueMemberV1)
  members!: MassIssueMemberV1[];
  /** Owners a grouped referral went to (confirmed groups that were referred). */
  @IsArray() @IsString({ each: true }) referredTo!: string[];
  @ValidateIf((o: MassIssueViewV1) => o.decidedBy !== null) @IsString() decidedBy!: string | null;
  @ValidateIf((o: MassIssueViewV1) => o.decidedAt !== null) @IsISO8601() decidedAt!: string | null;
  @ValidateIf((o: MassIssueViewV1) => o.note !== null) @IsString() note!: string | null;
  @IsInt() version!: number;
}

/** `slrt.rpc.referral.list-mass-issues.v1` (SPV, MJ, BO, SEKRETARIAT, ADMIN): suggestions and decided groups in the caller's scope. */
export class ListMassIssuesRequestV1 {
  @IsOptional()
  @IsIn(['suggested', 'confirmed', 'dismissed'], { message: 'Status: suggested, confirmed atau dismissed' })
  status?: 'suggested' | 'confirmed' | 'dismissed';
  @IsOptional() @Matches(AREA, { message: 'Kode wilayah tidak valid' }) regionCode?: string;
}
export class ListMassIssuesResponseV1 {
  @IsObject() @ValidateNested() @Type(() => MassIssueThresholdV1) threshold!: MassIssueThresholdV1;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MassIssueViewV1)
  items!: MassIssueViewV1[];
}

/** `slrt.rpc.referral.confirm-mass-issue.v1` (SPV, MJ, BO): staff confirm a suggestion with the member cases they chose. */
export class ConfirmMassIssueRequestV1 {
  @Matches(AREA, { message: 'Kode desa atau kecamatan tidak valid' }) areaCode!: string;
  @Matches(PROGRAMME, { message: 'Kode program tidak valid' }) programmeCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan'], { message: 'Kategori: kepesertaan atau non-kepesertaan' }) category!:
    'kepesertaan' | 'non-kepesertaan';
  @IsArray({ message: 'Daftar kasus' })
  @ArrayMinSize(2, { message: 'Pilih paling sedikit 2 kasus' })
  @ArrayMaxSize(MAX_MASS_ISSUE_MEMBERS, { message: `Paling banyak ${MAX_MASS_ISSUE_MEMBERS} kasus` })
  @ArrayUnique({ message: 'Kasus tidak boleh berulang' })
  @IsUUID('all', { each: true, message: 'Id kasus tidak valid' })
  caseIds!: string[];
  @IsOptional() @IsString() @MaxLength(500, { message: 'Paling panjang 500 huruf' }) title?: string;
  @IsOptional() @IsString() @MaxLength(2000, { message: 'Paling panjang 2000 huruf' }) note?: string;
}

/** `slrt.rpc.referral.dismiss-mass-issue.v1` (SPV, MJ, BO): not a mass issue; its cases are not suggested again. */
export class DismissMassIssueRequestV1 {
  @Matches(AREA, { message: 'Kode desa atau kecamatan tidak valid' }) areaCode!: string;
  @Matches(PROGRAMME, { message: 'Kode program tidak valid' }) programmeCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan'], { message: 'Kategori: kepesertaan atau non-kepesertaan' }) category!:
    'kepesertaan' | 'non-kepesertaan';
  @IsArray({ message: 'Daftar kasus' })
  @ArrayMinSize(1, { message: 'Pilih paling sedikit 1 kasus' })
  @ArrayMaxSize(MAX_MASS_ISSUE_MEMBERS)
  @ArrayUnique({ message: 'Kasus tidak boleh berulang' })
  @IsUUID('all', { each: true, message: 'Id kasus tidak valid' })
  caseIds!: string[];
  @IsString({ message: 'Alasan wajib diisi' })
  @MinLength(3, { message: 'Tuliskan alasannya (paling sedikit 3 huruf)' })
  @MaxLength(2000)
  note!: string;
}

/** `slrt.rpc.referral.change-mass-issue-members.v1` (SPV, MJ, BO): add or remove cases of a confirmed group. */
export class ChangeMassIssueMembersRequestV1 {
  @IsUUID('all', { message: 'Id masalah massal tidak valid' }) massIssueId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MASS_ISSUE_MEMBERS)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'Id kasus tidak valid' })
  add?: string[];
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_MASS_ISSUE_MEMBERS)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'Id kasus tidak valid' })
  remove?: string[];
}

/**
 * `slrt.rpc.referral.refer-mass-issue.v1` (BO): the grouped referral. Every member case waiting for
 * the back office (`approved`) is sent as usual (its owners get `referral.sent.v1`), then each owner
 * gets one `referral.group-sent.v1` listing its member referrals. Safe to call again (resumes; each
 * member referral is announced in a group message once; members added later are announced then).
 */
export class ReferMassIssueRequestV1 {
  @IsUUID('all', { message: 'Id masalah massal tidak valid' }) massIssueId!: string;
  @IsOptional() @IsString() @MaxLength(2000, { message: 'Paling panjang 2000 huruf' }) note?: string;
}
export class ReferMassIssueResponseV1 {
  @IsObject() @ValidateNested() @Type(() => MassIssueViewV1) massIssue!: MassIssueViewV1;
  /** Member cases sent now. */
  @IsArray() @IsUUID('all', { each: true }) sent!: string[];
  /** Member cases not sent (not approved yet, or already ended), with their state. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MassIssueSkippedV1)
  skipped!: MassIssueSkippedV1[];
  /** Owners that got a group message now. */
  @IsArray() @IsString({ each: true }) announcedTo!: string[];
}
export class MassIssueSkippedV1 {
  @IsUUID() caseId!: string;
  @IsString() state!: string;
}

/** `slrt.rpc.referral.save-mass-issue-threshold.v1` (ADMIN of the kab/kota). */
export class SaveMassIssueThresholdRequestV1 {
  @Type(() => Number)
  @IsInt({ message: 'Harus bilangan bulat' })
  @Min(2, { message: 'Paling sedikit 2 pengaduan' })
  @Max(1000, { message: 'Paling banyak 1000 pengaduan' })
  minComplaints!: number;
  @Type(() => Number)
  @IsInt({ message: 'Harus bilangan bulat' })
  @Min(1, { message: 'Paling sedikit 1 hari' })
  @Max(180, { message: 'Paling lama 180 hari' })
  windowDays!: number;
  @IsIn(['desa', 'kecamatan'], { message: 'Wilayah pengelompokan: desa atau kecamatan' }) area!: 'desa' | 'kecamatan';
}

// ── the owner's side over HTTP ───────────────────────────────────────────────────────────────

/** A group as its owner sees it: the pattern and this owner's member referrals. */
export class OwnerReferralGroupViewV1 {
  @IsUUID() groupId!: string;
  @IsString() areaCode!: string;
  @IsString() programmeCode!: string;
  @IsString() category!: string;
  @IsString() periodFrom!: string;
  @IsString() periodTo!: string;
  @IsString() title!: string;
  @IsInt() memberCount!: number;
  @IsArray() @IsUUID('all', { each: true }) referralIds!: string[];
  /** This owner's member referrals still waiting for an answer (status `sent`). */
  @IsInt() awaiting!: number;
  @IsISO8601() sentAt!: string;
}
/** `slrt.rpc.referral.list-owner-referral-groups.v1` (PO user or owner API key). */
export class ListOwnerReferralGroupsRequestV1 {
  @IsOptional() @IsBoolean() awaitingOnly?: boolean;
}
export class ListOwnerReferralGroupsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OwnerReferralGroupViewV1)
  items!: OwnerReferralGroupViewV1[];
}

/** `slrt.rpc.referral.respond-to-referral-group.v1` (PO): one answer for each member referral, idempotent per `responseId`. */
export class RespondToReferralGroupRequestV1 {
  @IsUUID('all', { message: 'Id kelompok tidak valid' }) groupId!: string;
  @IsString({ message: 'responseId wajib diisi' })
  @MinLength(8, { message: 'responseId paling sedikit 8 huruf' })
  @MaxLength(120)
  responseId!: string;
  @IsIn([...GROUP_ANSWERS], { message: 'Jawaban: accepted, rejected, review-requested atau resolved' })
  answer!: GroupAnswer;
  @IsOptional()
  @IsIn([...OWNER_REJECTION_REASONS], { message: 'Kode alasan tidak dikenal' })
  reasonCode?: OwnerRejectionReason;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(500, { each: true })
  questions?: string[];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}
export class GroupMemberResultV1 {
  @IsUUID() referralId!: string;
  @IsIn(['applied', 'repeated', 'refused']) result!: 'applied' | 'repeated' | 'refused';
  @ValidateIf((o: GroupMemberResultV1) => o.refusal !== null) @IsString() refusal!: string | null;
}
export class RespondToReferralGroupResponseV1 {
  @IsUUID() groupId!: string;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => GroupMemberResultV1)
  members!: GroupMemberResultV1[];
}
