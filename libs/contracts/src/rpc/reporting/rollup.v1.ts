import { Type } from 'class-transformer';
import {
  IsArray,
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
import { REGION_CODE } from '../../envelope/actor.js';
import { RollupFiguresV1 } from '../../events/reporting/monthly-rollup.v1.js';
import { Nullable } from '../../nullable.js';
import { REPORT_MONTH } from './reporting.v1.js';

/** Roles that may read a province's (or the nation's) roll-up of kab/kota (rows limited to their region scope). */
export const ROLLUP_ROLES = ['SEKRETARIAT', 'ADMIN'] as const;

export class GetRollupRequestV1 {
  @Matches(REPORT_MONTH, { message: 'Bulan berformat TTTT-BB (tahun 2000–2099), mis. 2026-11' }) month!: string;
  /**
   * Narrows the rows to a region inside the caller's scope (a province `62` for a national
   * caller); one wider than the scope is narrowed to it, one outside is refused.
   */
  @IsOptional() @Matches(REGION_CODE, { message: 'Kode wilayah berbentuk 62 atau 62.71' }) regionCode?: string;
}

/**
 * One kab/kota in a province's roll-up. A kab/kota known from an earlier month that has not
 * reported this one yet is listed with `version`, `dataUpTo`, `receivedAt` and `totals` null.
 */
export class RollupRowV1 {
  @Matches(/^\d{2}\.\d{2}$/) kabKotaCode!: string;
  @IsString() @MaxLength(120) name!: string;
  @Nullable() @IsInt() @Min(1) version!: number | null;
  /** When the newest event the kab/kota had applied happened, as it said. */
  @Nullable() @IsISO8601() dataUpTo!: string | null;
  /** When the hub received this version. */
  @Nullable() @IsISO8601() receivedAt!: string | null;
  /** When the kab/kota computed this version. */
  @Nullable() @IsISO8601() computedAt!: string | null;
  @Nullable() @IsObject() @ValidateNested() @Type(() => RollupFiguresV1) totals!: RollupFiguresV1 | null;
}

/**
 * One province in the roll-up: its kab/kota listed in the answer (`listed`), how many of them
 * reported the month, and their totals summed (a national caller's per-province view).
 */
export class RollupProvinceV1 {
  @Matches(/^\d{2}$/) provinceCode!: string;
  @IsString() @MaxLength(120) name!: string;
  /** Rows of this province in `rows` (those that reported and those known that have not yet). */
  @IsInt() @Min(0) listed!: number;
  @IsInt() @Min(0) reported!: number;
  /** Sum over its rows that reported. */
  @IsObject() @ValidateNested() @Type(() => RollupFiguresV1) totals!: RollupFiguresV1;
}

export class RollupV1 {
  @Matches(REPORT_MONTH) month!: string;
  /** By kab/kota code. */
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => RollupRowV1) rows!: RollupRowV1[];
  /** Sum over the rows that reported. */
  @IsObject() @ValidateNested() @Type(() => RollupFiguresV1) totals!: RollupFiguresV1;
  /** How many rows reported this month. */
  @IsInt() @Min(0) reported!: number;
  /** The rows grouped per province (by code): one entry for a province hub, one per province nationally. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RollupProvinceV1)
  provinces!: RollupProvinceV1[];
}
