import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsObject, Matches, Min, ValidateNested } from 'class-validator';
import { Nullable } from '../../nullable.js';

/** A calendar month in the deployment's time zone, `YYYY-MM` (years 2000–2099). */
const ROLLUP_MONTH = /^20\d{2}-(0[1-9]|1[0-2])$/;

/**
 * The figures of a month that a kab/kota rolls up to its province (issue 13): the same numbers as
 * the kab/kota's own monthly report (sheet "Ringkasan" for what happened in the month, sheet
 * "Tenggat" for the open cases at `computedAt`). Counts only: no person, no complaint id.
 */
export class RollupFiguresV1 {
  /** Complaints registered in the month (every channel). */
  @IsInt() @Min(0) received!: number;
  /** … of which at an office (FO channels). */
  @IsInt() @Min(0) receivedFo!: number;
  /** … of which on a Fasilitator's visit (FS). */
  @IsInt() @Min(0) receivedFs!: number;
  /** Referrals sent to programme owners in the month (one per complaint and owner). */
  @IsInt() @Min(0) referralsSent!: number;
  /** Referrals whose owner answered for the first time in the month. */
  @IsInt() @Min(0) ownerAnswers!: number;
  /** Complaints closed as resolved in the month. */
  @IsInt() @Min(0) resolved!: number;
  /** Complaints closed as rejected in the month. */
  @IsInt() @Min(0) rejected!: number;
  /** Cases resolved at the Puskesos itself in the month ("diselesaikan di Puskesos"). */
  @IsInt() @Min(0) resolvedAtPuskesos!: number;
  /** Open cases whose current step is on track, at `computedAt`. */
  @IsInt() @Min(0) openOnTrack!: number;
  /** Open cases whose current step is near its deadline, at `computedAt`. */
  @IsInt() @Min(0) openAtRisk!: number;
  /** Open cases past the deadline of their current step, at `computedAt`. */
  @IsInt() @Min(0) openBreached!: number;
}

/** The figures of one kecamatan of the kab/kota. */
export class RollupKecamatanV1 extends RollupFiguresV1 {
  @Matches(/^\d{2}\.\d{2}\.\d{2}$/, { message: 'Kode kecamatan berbentuk 62.71.01' }) kecamatanCode!: string;
}

/**
 * `slrt.rollup.<kab-kota>.monthly.v1` (kab/kota code without its dot as the subject token, e.g.
 * `slrt.rollup.6271.monthly.v1`): a kab/kota's whole month, published to its province hub every
 * time its figures change. Each message carries the month complete, with a `version` that grows
 * by one at every change: the hub keeps the highest version per (kab/kota, month), so a link down
 * for days loses nothing (the latest version supersedes the ones never sent) and doubles nothing
 * (a version already held, or an older one, is ignored). The province hub forwards the newest
 * version it holds, unchanged (same envelope, same `Nats-Msg-Id`), to the national hub, which keeps
 * it the same way: one level up, the same message and the same rule.
 */
export class MonthlyRollupV1 {
  @Matches(/^\d{2}\.\d{2}$/, { message: 'Kode kabupaten/kota berbentuk 62.71' }) kabKotaCode!: string;
  @Matches(ROLLUP_MONTH, { message: 'Bulan berformat TTTT-BB' }) month!: string;
  /** 1 for the month's first figures, +1 at every change of the figures. */
  @IsInt() @Min(1) version!: number;
  /** When the kab/kota computed these figures (open cases are judged at this instant). */
  @IsISO8601() computedAt!: string;
  /** When the newest event the kab/kota's read model had applied happened; null before the first. */
  @Nullable() @IsISO8601() dataUpTo!: string | null;
  /** The kab/kota's totals (sum of its kecamatan). */
  @IsObject() @ValidateNested() @Type(() => RollupFiguresV1) totals!: RollupFiguresV1;
  /** Every kecamatan of the kab/kota (zeros included), by code. */
  @IsArray()
  @ArrayMaxSize(200)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RollupKecamatanV1)
  kecamatan!: RollupKecamatanV1[];
}
