import type { RegionStatus } from '../regions/region-lookup.js';
import type { DomainIssue, ParseResult } from '../result.js';
import { FEMALE_DAY_OFFSET, formatIsoDate, parseIsoDate, resolveToday, resolveTwoDigitYear } from './calendar-date.js';
import { readIdentityRegion, type IdentityRegionWarningCode } from './identity-region.js';

/**
 * NIK (*Nomor Induk Kependudukan*), 16 digits: provinsi(2) kab/kota(2) kecamatan(2) of first
 * registration, birth date DDMMYY with day + 40 for women, serial(4) from 0001. Lifelong: the
 * region may have been renamed or moved since, and the birth date in it may differ from the one
 * recorded elsewhere — neither is ever "corrected" from the other.
 */

/** Sex as encoded in a NIK (`F` when the day part is 41–71). Wire-stable. */
export const SEXES = ['F', 'M'] as const;
/** One of {@link SEXES}. */
export type Sex = (typeof SEXES)[number];

/** Indonesian label of each {@link Sex}. */
export const SEX_LABELS: Readonly<Record<Sex, string>> = { F: 'Perempuan', M: 'Laki-laki' };

/** Why a NIK is invalid. Wire-stable: the HTTP edge maps them to field errors. */
export const NIK_ERROR_CODES = ['NIK_FORMAT', 'REGION_CODE_INVALID', 'BIRTH_DATE_INVALID', 'SERIAL_INVALID'] as const;
/** One of {@link NIK_ERROR_CODES}. */
export type NikErrorCode = (typeof NIK_ERROR_CODES)[number];

/** Warnings on a valid NIK (region not in the current list, or retired by a province split). */
export const NIK_WARNING_CODES = [
  'REGION_UNKNOWN',
  'REGION_RETIRED',
] as const satisfies readonly IdentityRegionWarningCode[];
/** One of {@link NIK_WARNING_CODES}. */
export type NikWarningCode = (typeof NIK_WARNING_CODES)[number];

/** The parts of a valid NIK. */
export interface ParsedNik {
  /** The 16 digits, as given (without surrounding spaces). */
  readonly nik: string;
  /** Dotted kecamatan code of first registration, e.g. `62.71.01`. */
  readonly regionCode: string;
  /** Whether that kecamatan is in the current list, retired, or unknown (a warning says which). */
  readonly regionStatus: RegionStatus;
  readonly sex: Sex;
  /**
   * Birth date as ISO `yyyy-mm-dd`. The NIK holds a two-digit year: the century chosen is the one
   * that gives the latest date not after today (so a `…0101 25…` NIK read in 2026 is 2025, not 1925).
   */
  readonly birthDate: string;
  /** Serial within region and birth date, 1–9999. */
  readonly serial: number;
}

/** Options of {@link parseNik}. */
export interface ParseNikOptions {
  /** The day the century is resolved against: an ISO date, or an instant (read in WIT). Default: now. */
  readonly today?: Date | string;
}

const MESSAGES: Readonly<Record<NikErrorCode, string>> = {
  NIK_FORMAT: 'NIK harus 16 angka.',
  REGION_CODE_INVALID: 'Kode wilayah (6 angka pertama) pada NIK tidak valid.',
  BIRTH_DATE_INVALID: 'Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid.',
  SERIAL_INVALID: 'Nomor urut (4 angka terakhir) pada NIK tidak boleh 0000.',
};

const issue = (code: NikErrorCode): DomainIssue<NikErrorCode> => ({ code, message: MESSAGES[code] });

/** Reads a NIK into its parts; see {@link ParsedNik}. Surrounding whitespace is ignored, nothing else. */
export function parseNik(
  input: string,
  options: ParseNikOptions = {},
): ParseResult<ParsedNik, NikErrorCode, NikWarningCode> {
  const nik = input.trim();
  if (!/^\d{16}$/.test(nik)) return { ok: false, errors: [issue('NIK_FORMAT')] };

  const errors: DomainIssue<NikErrorCode>[] = [];
  const region = readIdentityRegion(nik, 'NIK');
  if (region === null) errors.push(issue('REGION_CODE_INVALID'));

  const encodedDay = Number(nik.slice(6, 8));
  const sex: Sex = encodedDay > FEMALE_DAY_OFFSET ? 'F' : 'M';
  const day = sex === 'F' ? encodedDay - FEMALE_DAY_OFFSET : encodedDay;
  const birth = resolveTwoDigitYear(
    day,
    Number(nik.slice(8, 10)),
    Number(nik.slice(10, 12)),
    resolveToday(options.today),
  );
  if (birth === null) errors.push(issue('BIRTH_DATE_INVALID'));

  const serial = Number(nik.slice(12));
  if (serial === 0) errors.push(issue('SERIAL_INVALID'));

  if (region === null || birth === null || errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      nik,
      regionCode: region.regionCode,
      regionStatus: region.regionStatus,
      sex,
      birthDate: formatIsoDate(birth),
      serial,
    },
    warnings: region.warnings,
  };
}

/** Whether the input is a valid NIK (warnings allowed). */
export function isValidNik(input: string, options: ParseNikOptions = {}): boolean {
  return parseNik(input, options).ok;
}

/**
 * Masks a NIK for display so that nothing shown can rebuild it: only the last 4 digits (the
 * serial) stay (`************0001`). The first 6 digits are a kecamatan code (usually the one
 * shown as the address) and the middle 6 the birth date (day + 40 for women), so a view that
 * masks a NIK must also reduce the birth date it shows beside it with {@link maskBirthDate}.
 * Anything that is not 16 digits is masked whole, so a mistyped NIK never leaks either.
 */
export function maskNik(nik: string): string {
  return maskSixteenDigits(nik);
}

/** `************` + the last 4 of 16 digits; anything else masked whole. Shared by NIK and No. KK. */
export function maskSixteenDigits(value: string): string {
  const s = value.trim();
  return /^\d{16}$/.test(s) ? `${'*'.repeat(12)}${s.slice(12)}` : '*'.repeat(s.length);
}

/**
 * A birth date as a view shows it beside a masked NIK: the year only (`1985`, ISO 8601 reduced
 * precision), because day, month and sex beside the kecamatan of the address and the last 4
 * digits rebuild the NIK. Whole when the reader may reveal; `null` stays `null`.
 */
export function maskBirthDate(birthDate: string | null | undefined, reveal = false): string | null {
  if (!birthDate) return null;
  return reveal ? birthDate : birthDate.slice(0, 4);
}

/** What {@link nikMatchesBirth} found. */
export interface NikBirthMatch {
  /** Both the day/month/two-digit year and the sex agree. */
  readonly matches: boolean;
  /** Day, month and the last two digits of the year agree (the NIK holds no century). */
  readonly birthDateMatches: boolean;
  readonly sexMatches: boolean;
}

/**
 * Compares the birth date and sex encoded in a NIK with recorded ones. It only reports: a NIK is
 * lifelong and may legitimately disagree with a later-corrected birth date, so neither value is ever
 * derived from the other. `null` when the NIK's birth part or the given date cannot be read.
 */
export function nikMatchesBirth(nik: string, birthDate: string, sex: Sex): NikBirthMatch | null {
  const s = nik.trim();
  const recorded = parseIsoDate(birthDate);
  if (!/^\d{16}$/.test(s) || recorded === null) return null;
  const encodedDay = Number(s.slice(6, 8));
  if (encodedDay === 0 || encodedDay > FEMALE_DAY_OFFSET + 31 || (encodedDay > 31 && encodedDay <= FEMALE_DAY_OFFSET))
    return null;
  const nikSex: Sex = encodedDay > FEMALE_DAY_OFFSET ? 'F' : 'M';
  const day = nikSex === 'F' ? encodedDay - FEMALE_DAY_OFFSET : encodedDay;
  const birthDateMatches =
    day === recorded.day &&
    Number(s.slice(8, 10)) === recorded.month &&
    Number(s.slice(10, 12)) === recorded.year % 100;
  const sexMatches = nikSex === sex;
  return { matches: birthDateMatches && sexMatches, birthDateMatches, sexMatches };
}
