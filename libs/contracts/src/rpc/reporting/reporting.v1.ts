import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from '../../events/intake/complaint-vocabulary.js';
import { REGION_CODE } from '../../envelope/actor.js';
import { Nullable } from '../../nullable.js';

/** A calendar month in the deployment's time zone, `YYYY-MM`, years 2000–2099 (no report is kept for a month outside them). */
export const REPORT_MONTH = /^20\d{2}-(0[1-9]|1[0-2])$/;

/**
 * Roles that may read the reporting service's KPIs (region-scoped by the caller's scope). Programme
 * owners (PO) read only the owner SLA board, limited to their own owner code.
 */
export const KPI_ROLES = ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'] as const;
/** Roles that may read the owner SLA board (PO: their own owner only). */
export const OWNER_BOARD_ROLES = ['SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'] as const;
/** Roles that may download the monthly SLRT activity report of a kab/kota (their scope must cover it). */
export const MONTHLY_REPORT_ROLES = ['MJ', 'BO', 'SEKRETARIAT', 'ADMIN'] as const;

/**
 * What KPI rows are grouped by. WIRE-STABLE (dashboards ask for them):
 * `none` (one row), `kab-kota`, `kecamatan`, `desa` (the complaint's desa/kelurahan), `month`
 * (of registration, `YYYY-MM` in the deployment's time zone), `channel` (intake channel code),
 * `channel-group` (`FO` for every office channel, `FS` for a Fasilitator's visit), `category`,
 * `programme` (a complaint about two programmes counts in both), `owner` (programme owner the
 * complaint was referred to; a complaint referred to two owners counts in both, one never referred
 * in none).
 */
export const KPI_DIMENSIONS = [
  'none',
  'kab-kota',
  'kecamatan',
  'desa',
  'month',
  'channel',
  'channel-group',
  'category',
  'programme',
  'owner',
] as const;
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

/** How durations are counted: working days from the referral service's holiday calendar, or weekends only when it did not answer. */
export const WORKING_DAY_BASES = ['holiday-calendar', 'weekends-only'] as const;
export type WorkingDayBasis = (typeof WORKING_DAY_BASES)[number];

/** How fresh the read model is: shown to the user as "data up to 10:42". */
export class ProjectionFreshnessV1 {
  /** When the newest event applied to the read model happened (its `occurredAt`); null before the first. */
  @Nullable() @IsISO8601() dataUpTo!: string | null;
  /** When the read model last applied an event; null before the first. */
  @Nullable() @IsISO8601() projectedAt!: string | null;
  /** Seconds between `dataUpTo` and the time of the answer (how old the newest known fact is); null before the first. */
  @Nullable() @IsNumber() lagSeconds!: number | null;
}

/** Median and 90th percentile of a duration, in working days (one decimal), over `count` complaints. */
export class DurationStatsV1 {
  @IsInt() @Min(0) count!: number;
  @Nullable() @IsNumber() median!: number | null;
  @Nullable() @IsNumber() p90!: number | null;
}

/** Open cases by the deadline state of their current step, as of the answer. */
export class SlaCountsV1 {
  @IsInt() @Min(0) onTrack!: number;
  @IsInt() @Min(0) atRisk!: number;
  @IsInt() @Min(0) breached!: number;
}

/** Referrals (one per complaint and owner) by their latest owner answer. */
export class ReferralOutcomesV1 {
  @IsInt() @Min(0) sent!: number;
  /** Sent, no answer yet. */
  @IsInt() @Min(0) awaiting!: number;
  @IsInt() @Min(0) accepted!: number;
  @IsInt() @Min(0) rejected!: number;
  @IsInt() @Min(0) reviewRequested!: number;
  @IsInt() @Min(0) resolved!: number;
}

/** How many owner rejections gave this reason (`OWNER_REJECTION_REASONS`, `UNSPECIFIED` when none was given). */
export class ReasonCountV1 {
  @IsString() @MaxLength(60) reasonCode!: string;
  @IsInt() @Min(0) count!: number;
}

/** One row of KPIs: the complaints registered in the period whose group key is `key`. */
export class KpiRowV1 {
  /** The group's key (a region code, `YYYY-MM`, a channel, category, programme or owner code); `all` for `none`. */
  @IsString() @MaxLength(80) key!: string;
  @IsInt() @Min(0) complaintsReceived!: number;
  /** Complaints whose registry check was complete when they were registered (no one waited for it). */
  @IsInt() @Min(0) autoTriaged!: number;
  /** `autoTriaged / complaintsReceived`, 0..1 (4 decimals); null with no complaints. */
  @Nullable() @IsNumber() autoTriagedShare!: number | null;
  /** Registration → registry check done. */
  @IsObject() @ValidateNested() @Type(() => DurationStatsV1) triageDays!: DurationStatsV1;
  /** Registration → first referral to an owner. */
  @IsObject() @ValidateNested() @Type(() => DurationStatsV1) referralDays!: DurationStatsV1;
  /** First referral → first owner answer. */
  @IsObject() @ValidateNested() @Type(() => DurationStatsV1) ownerAnswerDays!: DurationStatsV1;
  /** Registration → resolved, rejected, withdrawn or closed. */
  @IsObject() @ValidateNested() @Type(() => DurationStatsV1) closeDays!: DurationStatsV1;
  @IsObject() @ValidateNested() @Type(() => SlaCountsV1) sla!: SlaCountsV1;
  @IsObject() @ValidateNested() @Type(() => ReferralOutcomesV1) referrals!: ReferralOutcomesV1;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReasonCountV1)
  rejectionReasons!: ReasonCountV1[];
  /** Cases the Puskesos resolved itself, without a referral. */
  @IsInt() @Min(0) resolvedLocally!: number;
}

/** `slrt.rpc.reporting.get-kpis.v1`: KPIs of the complaints registered from `fromMonth` to `toMonth`, within the caller's region scope. */
export class GetKpisRequestV1 {
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) fromMonth!: string;
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) toMonth!: string;
  @IsIn([...KPI_DIMENSIONS], { message: `Pengelompokan harus salah satu dari: ${KPI_DIMENSIONS.join(', ')}` })
  groupBy!: KpiDimension;
  /** Only this region (kab/kota, kecamatan or desa code), which must lie within the caller's scope. */
  @IsOptional()
  @Matches(REGION_CODE, { message: 'Kode wilayah berbentuk 62.71, 62.71.01 atau 62.71.01.1001' })
  regionCode?: string;
  /** Only this intake channel (e.g. `PUSKESOS_FO`, `FASILITATOR_VISIT`). */
  @IsOptional() @Matches(/^[A-Z][A-Z_]*$/, { message: 'Kode kanal tidak valid' }) @MaxLength(40) channel?: string;
  @IsOptional()
  @IsIn([...COMPLAINT_CATEGORIES], { message: `Kategori harus salah satu dari: ${COMPLAINT_CATEGORIES.join(', ')}` })
  category?: ComplaintCategory;
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_-]*$/, { message: 'Kode program tidak valid' })
  @MaxLength(40)
  programmeCode?: string;
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'Kode pemilik program tidak valid' })
  @MaxLength(60)
  ownerCode?: string;
}

/** Messages to citizens that reached them, by channel (delivered), in a group. */
export class InformedByChannelV1 {
  @IsInt() @Min(0) sms!: number;
  @IsInt() @Min(0) whatsapp!: number;
  @IsInt() @Min(0) email!: number;
  @IsInt() @Min(0) letter!: number;
  /** FS visits recorded delivered (the household was told in person). */
  @IsInt() @Min(0) fsVisit!: number;
}

/**
 * Citizens informed, from notification's outcome events, by the month the outcome was recorded
 * (not by complaint): `messagesDelivered` = SMS, WhatsApp, e-mail and letters delivered;
 * `fsVisitsDone` = FS visits recorded (delivered or not found); `messagesFailed` = SMS, WhatsApp,
 * e-mail and letters failed or undeliverable. Keyed like the KPI rows for the region, month and
 * `none` groupings; `all` for the other groupings (messages have no category, programme or owner).
 */
export class CitizensInformedRowV1 {
  @IsString() @MaxLength(80) key!: string;
  @IsInt() @Min(0) messagesDelivered!: number;
  @IsInt() @Min(0) fsVisitsDone!: number;
  @IsInt() @Min(0) messagesFailed!: number;
  @IsObject() @ValidateNested() @Type(() => InformedByChannelV1) delivered!: InformedByChannelV1;
}

/** Prelist stages, in pipeline order (registry proposal statuses of kind `prelist`). */
export const PRELIST_STAGES = ['draft', 'deliberated', 'verified', 'submitted', 'ratified', 'accepted'] as const;

/** One stage of the prelist pipeline: proposals that reached it in the period, and those at it now. */
export class PrelistStageV1 {
  @IsIn([...PRELIST_STAGES]) stage!: (typeof PRELIST_STAGES)[number];
  /** Prelist proposals of the region that reached this stage within the period. */
  @IsInt() @Min(0) reached!: number;
  /** Prelist proposals of the region at this stage now. */
  @IsInt() @Min(0) now!: number;
}

/** The prelist pipeline (draft → musdes → verified → submitted → ratified → accepted) with the ways out. */
export class PrelistPipelineV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrelistStageV1)
  stages!: PrelistStageV1[];
  /** Declined in musdes or by the manager, within the period. */
  @IsInt() @Min(0) declined!: number;
  /** Rejected by the ministry, within the period. */
  @IsInt() @Min(0) rejected!: number;
  @IsInt() @Min(0) withdrawn!: number;
}

export class KpisV1 {
  @IsIn([...KPI_DIMENSIONS]) groupBy!: KpiDimension;
  @Matches(REPORT_MONTH) fromMonth!: string;
  @Matches(REPORT_MONTH) toMonth!: string;
  /** Groups in key order; the `none` grouping has exactly one row. */
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => KpiRowV1) rows!: KpiRowV1[];
  /** Citizens informed in the period (messages delivered, FS visits done). */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => CitizensInformedRowV1)
  citizensInformed!: CitizensInformedRowV1[];
  /** The prelist pipeline of the region in the period (not narrowed by channel, category, programme or owner). */
  @IsObject() @ValidateNested() @Type(() => PrelistPipelineV1) prelistPipeline!: PrelistPipelineV1;
  @IsIn([...WORKING_DAY_BASES]) workingDays!: WorkingDayBasis;
  @IsObject() @ValidateNested() @Type(() => ProjectionFreshnessV1) freshness!: ProjectionFreshnessV1;
}

/** One month of an owner's referrals (by the month they were sent). */
export class OwnerMonthV1 {
  @Matches(REPORT_MONTH) month!: string;
  @IsInt() @Min(0) sent!: number;
  @IsInt() @Min(0) answered!: number;
  @IsInt() @Min(0) accepted!: number;
  @IsInt() @Min(0) rejected!: number;
  @Nullable() @IsNumber() medianResponseDays!: number | null;
}

/** A programme owner's line of the SLA board. */
/** The households' verdict on an owner's "resolved" (outcome verification), over verifications ended in the period. */
export class OwnerOutcomeCountsV1 {
  /** The household confirmed the benefit arrived. */
  @IsInt() @Min(0) verified!: number;
  /** The household said it did not: the case was reopened. */
  @IsInt() @Min(0) disputed!: number;
  /** No answer in time ("tidak terverifikasi"). */
  @IsInt() @Min(0) unverified!: number;
  /** verified / (verified + disputed), 0..1; null when none answered. */
  @Nullable() @IsNumber() verifiedRate!: number | null;
}

export class OwnerBoardRowV1 {
  @IsString() @MaxLength(60) ownerCode!: string;
  /** Referrals sent in the period, in the region. */
  @IsInt() @Min(0) sent!: number;
  /** Referrals not yet answered (any month), in the region. */
  @IsInt() @Min(0) openReferrals!: number;
  /** Open referrals past their due date at the time of the answer. */
  @IsInt() @Min(0) overdue!: number;
  /** Sent → first answer, working days, over the referrals of the period answered. */
  @IsObject() @ValidateNested() @Type(() => DurationStatsV1) responseDays!: DurationStatsV1;
  /** (accepted + resolved) / answered with a decision (accepted, resolved or rejected), 0..1; null when none. */
  @Nullable() @IsNumber() acceptanceRate!: number | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReasonCountV1)
  rejectionReasons!: ReasonCountV1[];
  /** Month by month over the period. */
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => OwnerMonthV1) trend!: OwnerMonthV1[];
  /** Outcome verification of the owner's resolved referrals (issue 19). */
  @IsObject() @ValidateNested() @Type(() => OwnerOutcomeCountsV1) outcomes!: OwnerOutcomeCountsV1;
}

/** `slrt.rpc.reporting.get-owner-board.v1`: per programme owner, over the referrals sent from `fromMonth` to `toMonth`. */
export class GetOwnerBoardRequestV1 {
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) fromMonth!: string;
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) toMonth!: string;
  @IsOptional()
  @Matches(REGION_CODE, { message: 'Kode wilayah berbentuk 62.71, 62.71.01 atau 62.71.01.1001' })
  regionCode?: string;
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, { message: 'Kode pemilik program tidak valid' })
  @MaxLength(60)
  ownerCode?: string;
}

export class OwnerBoardV1 {
  @Matches(REPORT_MONTH) fromMonth!: string;
  @Matches(REPORT_MONTH) toMonth!: string;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => OwnerBoardRowV1)
  rows!: OwnerBoardRowV1[];
  @IsIn([...WORKING_DAY_BASES]) workingDays!: WorkingDayBasis;
  @IsObject() @ValidateNested() @Type(() => ProjectionFreshnessV1) freshness!: ProjectionFreshnessV1;
}

export const MONTHLY_REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type MonthlyReportFormat = (typeof MONTHLY_REPORT_FORMATS)[number];
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * `slrt.rpc.reporting.get-monthly-report.v1`: the monthly SLRT activity report (laporan kegiatan
 * bulanan) of a kab/kota, by kecamatan, for a month that has ended. The first download of a month
 * and format is kept: every later one is the same bytes.
 */
export class GetMonthlyReportRequestV1 {
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) month!: string;
  @Matches(/^\d{2}\.\d{2}$/, { message: 'Kode kabupaten/kota berbentuk 62.71' }) kabKotaCode!: string;
  @IsIn([...MONTHLY_REPORT_FORMATS], { message: 'Format harus xlsx atau pdf' }) format!: MonthlyReportFormat;
}

export class MonthlyReportFileV1 {
  @IsString() @MaxLength(200) fileName!: string;
  @IsIn(['application/pdf', XLSX_CONTENT_TYPE]) contentType!: 'application/pdf' | typeof XLSX_CONTENT_TYPE;
  @IsString() contentBase64!: string;
  @Matches(REPORT_MONTH) month!: string;
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  /** When the report was first made (kept since). */
  @IsISO8601() generatedAt!: string;
  /** The read model's `dataUpTo` when it was made. */
  @Nullable() @IsISO8601() dataUpTo!: string | null;
  /** Size in bytes of the decoded file. */
  @IsInt() @Min(0) @Max(50_000_000) byteLength!: number;
}
