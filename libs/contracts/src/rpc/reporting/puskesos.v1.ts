import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Nullable } from '../../nullable.js';
import { ProjectionFreshnessV1, REPORT_MONTH } from './reporting.v1.js';

/**
 * Monitoring of the Puskesos (seed 001: "Melakukan monitoring terhadap Puskesos di tingkat
 * desa/kelurahan dengan melibatkan kecamatan"): the kab/kota secretariat, the manager and the
 * kecamatan supervisor see each desa's Puskesos activity.
 */
export const PUSKESOS_REPORT_ROLES = ['SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'] as const;

/** Flags on a Puskesos: nothing happened there this month; more complaints open at the end of the month than at its start. */
export const PUSKESOS_FLAGS = ['no-activity', 'growing-backlog'] as const;
export type PuskesosFlag = (typeof PUSKESOS_FLAGS)[number];

/** `slrt.rpc.reporting.get-puskesos-activity.v1`: every desa/kelurahan of the caller's scope (or of one kecamatan in it). */
export class GetPuskesosActivityRequestV1 {
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) month!: string;
  @IsOptional()
  @Matches(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'Kode kecamatan berbentuk 62.71.01' })
  kecamatanCode?: string;
}

/** One Puskesos (desa/kelurahan). */
export class PuskesosActivityRowV1 {
  @IsString() desaCode!: string;
  @IsString() @MaxLength(200) desaName!: string;
  @IsString() kecamatanCode!: string;
  @IsString() @MaxLength(200) kecamatanName!: string;
  /** Complaints registered in the month (any channel) in the desa. */
  @IsInt() @Min(0) complaintsReceived!: number;
  /** Of them, registered by a Fasilitator on a visit. */
  @IsInt() @Min(0) complaintsByFs!: number;
  /** Complaints of the desa still open at the start and at the end of the month (now, for the current month). */
  @IsInt() @Min(0) backlogAtStart!: number;
  @IsInt() @Min(0) backlogAtEnd!: number;
  /** Cases open now, and of them past their step's deadline. */
  @IsInt() @Min(0) casesOpen!: number;
  @IsInt() @Min(0) casesOverdue!: number;
  /** Complaints closed in the month (resolved, rejected, withdrawn, closed). */
  @IsInt() @Min(0) complaintsClosed!: number;
  /**
   * FS visits done and messages delivered to citizens in the month: null until the read model is
   * fed notification's delivery events (see the reporting README).
   */
  @Nullable() @IsInt() fsVisitsDone!: number | null;
  @Nullable() @IsInt() messagesDelivered!: number | null;
  /** The latest thing that happened to the desa's complaints or cases (any time up to the month's end). */
  @Nullable() @IsISO8601() lastActivityAt!: string | null;
  @IsArray() @IsIn([...PUSKESOS_FLAGS], { each: true }) flags!: PuskesosFlag[];
}

export class PuskesosActivityV1 {
  @Matches(REPORT_MONTH) month!: string;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PuskesosActivityRowV1)
  rows!: PuskesosActivityRowV1[];
  /** Whether FS visits and delivered messages are counted (false: those columns are null). */
  @IsBoolean() citizensInformedCounted!: boolean;
  @IsObject() @ValidateNested() @Type(() => ProjectionFreshnessV1) freshness!: ProjectionFreshnessV1;
}
