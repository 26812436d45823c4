import type { RegionStatus } from '../regions/region-lookup.js';
import type { DomainIssue, ParseResult } from '../result.js';
import { formatIsoDate, resolveToday, resolveTwoDigitYear } from './calendar-date.js';
import { readIdentityRegion, type IdentityRegionWarningCode } from './identity-region.js';
import { maskSixteenDigits } from './nik.js';

/**
 * No. KK (*Kartu Keluarga*, family card number), 16 digits: issuing kecamatan(6) + issue date
 * DDMMYY (no +40: a card has no sex) + serial(4). It changes when the family moves, divorces, splits
 * or its head dies: never use it as a stable household key.
 */

/** Why a No. KK is invalid. Wire-stable. */
export const KK_ERROR_CODES = ['KK_FORMAT', 'REGION_CODE_INVALID', 'ISSUE_DATE_INVALID', 'SERIAL_INVALID'] as const;
/** One of {@link KK_ERROR_CODES}. */
export type KkErrorCode = (typeof KK_ERROR_CODES)[number];

/** Warnings on a valid No. KK (region unknown or retired). */
export const KK_WARNING_CODES = [
  'REGION_UNKNOWN',
  'REGION_RETIRED',
] as const satisfies readonly IdentityRegionWarningCode[];
/** One of {@link KK_WARNING_CODES}. */
export type KkWarningCode = (typeof KK_WARNING_CODES)[number];

/** The parts of a valid No. KK. */
export interface ParsedKk {
  /** The 16 digits, as given (without surrounding spaces). */
  readonly noKk: string;
  /** Dotted code of the issuing kecamatan, e.g. `62.71.01`. */
  readonly regionCode: string;
  readonly regionStatus: RegionStatus;
  /** Issue date as ISO `yyyy-mm-dd`; century as for NIK: the latest date not after today. */
  readonly issueDate: string;
  /** Serial, 1–9999. */
  readonly serial: number;
}

/** Options of {@link parseKk}. */
export interface ParseKkOptions {
  /** The day the century is resolved against: an ISO date, or an instant (read in WIT). Default: now. */
  readonly today?: Date | string;
}

const MESSAGES: Readonly<Record<KkErrorCode, string>> = {
  KK_FORMAT: 'Nomor KK harus 16 angka.',
  REGION_CODE_INVALID: 'Kode wilayah (6 angka pertama) pada nomor KK tidak valid.',
  ISSUE_DATE_INVALID: 'Tanggal penerbitan pada nomor KK (angka ke-7 sampai ke-12) tidak valid.',
  SERIAL_INVALID: 'Nomor urut (4 angka terakhir) pada nomor KK tidak boleh 0000.',
};

const issue = (code: KkErrorCode): DomainIssue<KkErrorCode> => ({ code, message: MESSAGES[code] });

/** Reads a No. KK into its parts; see {@link ParsedKk}. Surrounding whitespace is ignored. */
export function parseKk(
  input: string,
  options: ParseKkOptions = {},
): ParseResult<ParsedKk, KkErrorCode, KkWarningCode> {
  const noKk = input.trim();
  if (!/^\d{16}$/.test(noKk)) return { ok: false, errors: [issue('KK_FORMAT')] };

  const errors: DomainIssue<KkErrorCode>[] = [];
  const region = readIdentityRegion(noKk, 'nomor KK');
  if (region === null) errors.push(issue('REGION_CODE_INVALID'));
  const issued = resolveTwoDigitYear(
    Number(noKk.slice(6, 8)),
    Number(noKk.slice(8, 10)),
    Number(noKk.slice(10, 12)),
    resolveToday(options.today),
  );
  if (issued === null) errors.push(issue('ISSUE_DATE_INVALID'));
  const serial = Number(noKk.slice(12));
  if (serial === 0) errors.push(issue('SERIAL_INVALID'));

  if (region === null || issued === null || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      noKk,
      regionCode: region.regionCode,
      regionStatus: region.regionStatus,
      issueDate: formatIsoDate(issued),
      serial,
    },
    warnings: region.warnings,
  };
}

/** Whether the input is a valid No. KK (warnings allowed). */
export function isValidKk(input: string, options: ParseKkOptions = {}): boolean {
  return parseKk(input, options).ok;
}

/**
 * Masks a No. KK for display: only the last 4 digits stay (`************0001`), like
 * {@link maskNik}; anything not 16 digits is masked whole.
 */
export function maskKk(noKk: string): string {
  return maskSixteenDigits(noKk);
}
