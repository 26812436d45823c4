import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { FULL_DATE_OR_INSTANT } from '../../time-formats.js';
import { VULNERABLE_GROUPS, type VulnerableGroup } from '../../events/intake/complaint-vocabulary.js';
import {
  CASE_ACTIONS,
  CASE_STATES,
  DEADLINE_STATES,
  type CaseAction,
  type CaseState,
  type DeadlineState,
} from '../../events/referral/case-states.js';
import { OWNER_REJECTION_REASONS, type OwnerRejectionReason } from '../../events/owner/owner-referral.v1.js';
import {
  FeedbackFieldErrorV1,
  FeedbackReasonV1,
  OWNER_ANSWER_REFUSALS,
  type OwnerAnswerRefusal,
} from '../../events/owner/owner-feedback.v1.js';
import { IsIsoDate } from '../../identifiers.js';

/** One step of a case's history. */
export class CaseHistoryEntryV1 {
  @IsIn([...CASE_ACTIONS]) action!: CaseAction;
  @IsIn([...CASE_STATES]) from!: CaseState;
  @IsIn([...CASE_STATES]) to!: CaseState;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @ValidateIf((o: CaseHistoryEntryV1) => o.note !== null) @IsString() note!: string | null;
  @IsArray() @IsString({ each: true }) ownerCodes!: string[];
  @IsISO8601() at!: string;
}

/** A referral of a case to one owner, with the owner's latest answer. */
export class ReferralViewV1 {
  @IsString() referralId!: string;
  @IsString() ownerCode!: string;
  @IsString() ownerName!: string;
  @IsIn(['sent', 'accepted', 'rejected', 'review-requested', 'resolved', 'withdrawn', 'forwarded']) status!: string;
  @ValidateIf((o: ReferralViewV1) => o.lastAnswer !== null) @IsString() lastAnswer!: string | null;
  @IsISO8601() sentAt!: string;
  @IsISO8601() dueAt!: string;
  @IsIn([...DEADLINE_STATES]) deadline!: DeadlineState;
}

/**
 * An owner's answer about this case that the platform refused (what the owner was told on its
 * feedback subject, or over HTTP): for the kab/kota staff following the case.
 */
export class RefusedOwnerAnswerV1 {
  @IsString() ownerCode!: string;
  /** The answer's envelope id (NATS) or `http:<responseId>`; null when unreadable. */
  @ValidateIf((o: RefusedOwnerAnswerV1) => o.answerId !== null) @IsString() answerId!: string | null;
  @IsString() answerSubject!: string;
  @ValidateIf((o: RefusedOwnerAnswerV1) => o.referralId !== null) @IsString() referralId!: string | null;
  @IsIn([...OWNER_ANSWER_REFUSALS]) code!: OwnerAnswerRefusal;
  @IsObject() @ValidateNested() @Type(() => FeedbackReasonV1) reason!: FeedbackReasonV1;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FeedbackFieldErrorV1)
  fieldErrors!: FeedbackFieldErrorV1[];
  /** The case's state when the answer was refused. */
  @ValidateIf((o: RefusedOwnerAnswerV1) => o.caseState !== null) @IsIn([...CASE_STATES]) caseState!: CaseState | null;
  @IsISO8601() receivedAt!: string;
  @IsISO8601() decidedAt!: string;
}

/** A case as queues and detail pages show it. No personal data: the complaint holds it. */
export class CaseViewV1 {
  @IsString() caseId!: string;
  @IsString() complaintId!: string;
  @IsString() receiptNumber!: string;
  @IsString() desaCode!: string;
  @IsIn(['kepesertaan', 'non-kepesertaan']) category!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsIn([...CASE_STATES]) state!: CaseState;
  /** Actions the caller may take now (by role and state). */
  @IsArray() @IsIn([...CASE_ACTIONS], { each: true }) allowedActions!: CaseAction[];
  /** Owners the routing rules suggest for this case. */
  @IsArray() @IsString({ each: true }) suggestedOwners!: string[];
  @ValidateIf((o: CaseViewV1) => o.dueAt !== null) @IsISO8601() dueAt!: string | null;
  @IsIn([...DEADLINE_STATES]) deadline!: DeadlineState;
  @IsISO8601() openedAt!: string;
  @IsISO8601() updatedAt!: string;
  @IsInt() version!: number;
  @ValidateIf((o: CaseViewV1) => o.reopenedFrom !== null) @IsString() reopenedFrom!: string | null;
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReferralViewV1)
  referrals?: ReferralViewV1[];
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CaseHistoryEntryV1)
  history?: CaseHistoryEntryV1[];
  /** Owners' answers about this case that were refused, oldest first (detail view only). */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RefusedOwnerAnswerV1)
  refusedAnswers?: RefusedOwnerAnswerV1[];
  /** Priority groups of the complaint's subject and household (shorter deadlines); referral always sends it (`[]` when none). */
  @IsOptional() @IsArray() @IsIn([...VULNERABLE_GROUPS], { each: true }) priorityGroups?: VulnerableGroup[];
  /** The review chain the case follows (`SPV` optional, `MJ`, `BO`), configured per intake point; referral always sends it. */
  @IsOptional() @IsArray() @IsIn(['SPV', 'MJ', 'BO'], { each: true }) reviewChain?: Array<'SPV' | 'MJ' | 'BO'>;
  /** Where the complaint came in (intake channel), when known. */
  @IsOptional() @IsString() intakePoint?: string;
}

/** `slrt.rpc.referral.list-cases.v1`: the caller's queues, scoped by region (and owner for PO). */
export class ListCasesRequestV1 {
  /** `mine`: cases waiting for an action of the caller's role; `overdue`: breached deadline; `all`. */
  @IsIn(['mine', 'overdue', 'all'], { message: 'Antrian: mine, overdue atau all' }) queue!: 'mine' | 'overdue' | 'all';
  @IsOptional() @IsIn([...CASE_STATES], { message: 'Status kasus tidak dikenal' }) state?: CaseState;
  @IsOptional() @Matches(/^[A-Z][A-Z0-9_-]{1,30}$/) programmeCode?: string;
  /** Only cases of a priority group (`true`) or only the others (`false`). */
  @IsOptional() @IsBoolean({ message: 'Prioritas: true atau false' }) priority?: boolean;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

export class ListCasesResponseV1 {
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => CaseViewV1) items!: CaseViewV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.referral.get-case.v1`: one case with referrals and full history. */
export class GetCaseRequestV1 {
  @IsUUID('7', { message: 'Id kasus tidak valid' }) caseId!: string;
}

/** `slrt.rpc.referral.act-on-case.v1`: one action of the state machine. */
export class ActOnCaseRequestV1 {
  @IsUUID('7', { message: 'Id kasus tidak valid' }) caseId!: string;
  @IsIn([...CASE_ACTIONS], { message: 'Tindakan tidak dikenal' }) action!: CaseAction;
  /** The version the operator saw; a newer one on the server means someone acted first (409). */
  @IsInt() @Min(1) expectedVersion!: number;
  /** Reason, outcome, questions or answer, as the action requires. */
  @IsOptional()
  @IsString()
  @MinLength(3, { message: 'Catatan paling sedikit 3 karakter' })
  @MaxLength(4000)
  note?: string;
  /** `send`: target owner codes (default: the suggested ones). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { each: true, message: 'Kode pengelola program tidak valid' })
  ownerCodes?: string[];
  /** `send` with owners other than the suggested ones: why (required then). */
  @IsOptional() @IsString() @MinLength(3) @MaxLength(1000) overrideReason?: string;
}

/** `slrt.rpc.referral.list-programme-owners.v1`. */
export class ListProgrammeOwnersRequestV1 {
  @IsOptional() @IsBoolean() includeInactive?: boolean;
}

export class ProgrammeOwnerViewV1 {
  @IsString() code!: string;
  @IsString() name!: string;
  @IsIn(['pusat', 'provinsi', 'kabkota', 'desa']) level!: string;
  @IsBoolean() nonGovernment!: boolean;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsArray() @IsString({ each: true }) serviceArea!: string[];
  @IsArray() @IsString({ each: true }) requiredDocuments!: string[];
  @IsArray() @IsString({ each: true }) personalFields!: string[];
  @IsInt() responseDays!: number;
  @ValidateIf((o: ProgrammeOwnerViewV1) => o.contact !== null) @IsString() contact!: string | null;
  @IsBoolean() active!: boolean;
}

export class ListProgrammeOwnersResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProgrammeOwnerViewV1)
  items!: ProgrammeOwnerViewV1[];
}

/** `slrt.rpc.referral.list-owner-referrals.v1`: a PO's (or owner client's) referrals. */
export class ListOwnerReferralsRequestV1 {
  @IsOptional()
  @IsIn(['sent', 'accepted', 'rejected', 'review-requested', 'resolved', 'withdrawn', 'forwarded'])
  status?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

export class OwnerReferralViewV1 {
  @IsString() referralId!: string;
  @IsString() receiptNumber!: string;
  @IsString() kabKotaCode!: string;
  @IsString() status!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsString() summary!: string;
  /** The person's fields the owner receives; `{}` once the referral has been closed longer than the grace period. */
  @IsObject() subject!: Record<string, string>;
  /**
   * What is wrong, as the citizen told it (free text: may hold personal data), as in
   * `OwnerReferralSentV1`: only for owners whose directory entry receives `description`; absent
   * once `personalDataRemoved`.
   */
  @IsOptional() @IsString() @MaxLength(4000) description?: string;
  /**
   * Documents received from the citizen that the owner's directory entry requires (codes such as
   * `KTP`, `KKS`), as in `OwnerReferralSentV1`; `[]` once `personalDataRemoved`.
   */
  @IsOptional() @IsArray() @IsString({ each: true }) documentsReceived?: string[];
  @IsISO8601() sentAt!: string;
  @IsISO8601() dueAt!: string;
  /** When the referral was closed (resolved, rejected, withdrawn, or its case ended); null while open. */
  @IsOptional() @ValidateIf((o: OwnerReferralViewV1) => o.closedAt !== null) @IsISO8601() closedAt?: string | null;
  /** Until when the owner sees the person's data (closedAt + the deployment's grace period); null while open. */
  @IsOptional() @ValidateIf((o: OwnerReferralViewV1) => o.personalDataUntil !== null) @IsISO8601() personalDataUntil?:
    string | null;
  /** True once the access has ended: only ids, status, dates and programmes are shown, and the kept payload is purged. */
  @IsOptional() @IsBoolean() personalDataRemoved?: boolean;
}

export class ListOwnerReferralsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OwnerReferralViewV1)
  items!: OwnerReferralViewV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.referral.list-owner-read-audit.v1` (ADMIN, SEKRETARIAT): which owner read which referrals, when and why. */
export class ListOwnerReadAuditRequestV1 {
  /** Only reads by this programme owner. */
  @IsOptional() @IsString() @MaxLength(60) ownerCode?: string;
  /** Only reads by this user or owner client id. */
  @IsOptional() @IsString() @MaxLength(120) actorId?: string;
  /** From this instant (inclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Waktu berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  from?: string;
  /** Before this instant (exclusive). */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Waktu berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  to?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

/** One audited read of referral data by a programme owner (a PO user or an owner API key). Holds no personal data. */
export class OwnerReadAuditEntryV1 {
  /** Sequence number of the entry. */
  @IsString() id!: string;
  @IsISO8601() at!: string;
  @IsString() actorId!: string;
  /** `user` (a PO user) or `owner-client` (an owner API key). */
  @IsString() actorKind!: string;
  @IsString() ownerCode!: string;
  /** What was read, e.g. `list-owner-referrals`. */
  @IsString() action!: string;
  /** Why: owners read referrals to handle them (`referral-handling`). */
  @IsString() purpose!: string;
  /** The referrals whose data (with the person's fields the owner receives) was returned. */
  @IsArray() @IsString({ each: true }) referralIds!: string[];
  @IsInt() @Min(0) resultCount!: number;
  @ValidateIf((o: OwnerReadAuditEntryV1) => o.correlationId !== null) @IsString() correlationId!: string | null;
}

/** Reply of `slrt.rpc.referral.list-owner-read-audit.v1`, newest first. */
export class ListOwnerReadAuditResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OwnerReadAuditEntryV1)
  items!: OwnerReadAuditEntryV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.referral.respond-to-referral.v1`: an owner's answer over HTTP (same effect as NATS). */
export class RespondToReferralRequestV1 {
  @IsUUID('7', { message: 'Id rujukan tidak valid' }) referralId!: string;
  /** Client-chosen id of this answer: repeating it changes nothing. */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'responseId 8–120 karakter' }) responseId!: string;
  @IsIn(['accepted', 'rejected', 'review-requested', 'resolved'], {
    message: 'Jawaban: accepted, rejected, review-requested atau resolved',
  })
  answer!: 'accepted' | 'rejected' | 'review-requested' | 'resolved';
  @IsOptional()
  @IsIn([...OWNER_REJECTION_REASONS], { message: 'Kode alasan penolakan tidak dikenal' })
  reasonCode?: OwnerRejectionReason;
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) questions?: string[];
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class RespondToReferralResponseV1 {
  @IsString() referralId!: string;
  @IsString() status!: string;
  /** True when this answer had been applied before (idempotent repeat). */
  @IsBoolean() repeated!: boolean;
}

/** `slrt.rpc.referral.save-programme-owner.v1`: ADMIN creates or updates a directory entry. */
export class SaveProgrammeOwnerRequestV1 {
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'Kode: huruf kecil, angka dan tanda hubung, mis. dinsos-kota' })
  code!: string;
  @IsString() @MinLength(3, { message: 'Nama paling sedikit 3 karakter' }) @MaxLength(200) name!: string;
  @IsIn(['pusat', 'provinsi', 'kabkota', 'desa'], { message: 'Tingkat: pusat, provinsi, kabkota atau desa' }) level!:
    'pusat' | 'provinsi' | 'kabkota' | 'desa';
  @IsBoolean() nonGovernment!: boolean;
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z][A-Z0-9_-]{1,30}$/, { each: true, message: 'Kode program tidak valid' })
  programmeCodes!: string[];
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, { each: true, message: 'Kode wilayah tidak valid' })
  serviceArea!: string[];
  @IsArray() @ArrayMaxSize(30) @IsString({ each: true }) requiredDocuments!: string[];
  /** Which of the person's fields the owner receives with a referral. */
  @IsArray()
  @IsIn(['name', 'nik', 'noKk', 'birthDate', 'address', 'desaCode', 'phone', 'description'], {
    each: true,
    message: 'Kolom data pribadi tidak dikenal',
  })
  personalFields!: string[];
  @IsInt() @Min(1, { message: 'Tenggat paling sedikit 1 hari kerja' }) @Max(120) responseDays!: number;
  @IsOptional() @IsString() @MaxLength(300) contact?: string;
  @IsBoolean() active!: boolean;
}

/** `slrt.rpc.referral.list-holidays.v1` / `save-holiday.v1`: the calendar deadlines skip. */
export class ListHolidaysRequestV1 {
  @IsInt() @Min(2000) @Max(2100) year!: number;
}

export class HolidayV1 {
  @IsIsoDate({ message: 'Tanggal berformat TTTT-BB-HH' }) date!: string;
  @IsString() @MinLength(3) @MaxLength(120) name!: string;
}

export class ListHolidaysResponseV1 {
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => HolidayV1) items!: HolidayV1[];
}

export class SaveHolidayRequestV1 extends HolidayV1 {
  /** false removes the date from the calendar. */
  @IsBoolean() holiday!: boolean;
}
