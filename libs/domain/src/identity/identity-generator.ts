import type { Rng } from '../random.js';
import { kecamatanOf, toUndottedRegionCode } from '../regions/region-code.js';
import { randomRegion } from '../regions/region-lookup.js';
import { FEMALE_DAY_OFFSET, daysInMonth, formatIsoDate, parseIsoDate, resolveToday } from './calendar-date.js';
import type { Sex } from './nik.js';

/**
 * Builds synthetic NIK and No. KK numbers for tests and demo data. Never use them to "repair" a
 * real number. Bad arguments throw `RangeError`: a generator's caller is code, not a citizen.
 */

/** Parts of a NIK to build; see {@link generateNik}. */
export interface NikParts {
  /** Dotted kecamatan (or desa, truncated to its kecamatan) code, e.g. `62.71.01`. */
  readonly regionCode: string;
  /** ISO `yyyy-mm-dd`; only DDMMYY goes into the number. */
  readonly birthDate: string;
  readonly sex: Sex;
  /** 1–9999. */
  readonly serial: number;
}

/** Parts of a No. KK to build; see {@link generateKk}. */
export interface KkParts {
  /** Dotted kecamatan (or desa) code of the issuing office. */
  readonly regionCode: string;
  /** ISO `yyyy-mm-dd`. */
  readonly issueDate: string;
  /** 1–9999. */
  readonly serial: number;
}

function regionDigits(regionCode: string): string {
  const kecamatan = kecamatanOf(regionCode);
  if (kecamatan === null)
    throw new RangeError(`regionCode must be a dotted kecamatan or desa code, got "${regionCode}"`);
  return toUndottedRegionCode(kecamatan)!;
}

function serialDigits(serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 9999)
    throw new RangeError(`serial must be an integer 1–9999, got ${serial}`);
  return String(serial).padStart(4, '0');
}

function ddmmyy(iso: string, dayOffset: number): string {
  const date = parseIsoDate(iso);
  if (date === null) throw new RangeError(`date must be an ISO yyyy-mm-dd day, got "${iso}"`);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.day + dayOffset)}${two(date.month)}${two(date.year % 100)}`;
}

/** The NIK with these parts (day + 40 when `sex` is `F`). */
export function generateNik(parts: NikParts): string {
  return (
    regionDigits(parts.regionCode) +
    ddmmyy(parts.birthDate, parts.sex === 'F' ? FEMALE_DAY_OFFSET : 0) +
    serialDigits(parts.serial)
  );
}

/** The No. KK with these parts. */
export function generateKk(parts: KkParts): string {
  return regionDigits(parts.regionCode) + ddmmyy(parts.issueDate, 0) + serialDigits(parts.serial);
}

/** Options of {@link randomNikParts}. */
export interface RandomNikOptions {
  /** Youngest and oldest age in whole years; default 0 and 90. */
  readonly minAge?: number;
  readonly maxAge?: number;
  /** Reference day for ages (ISO date or instant); default now. */
  readonly today?: Date | string;
}

/**
 * Random plausible NIK parts: a real current kecamatan, a birth date within the age range (never
 * after today), either sex, a serial 1–9999. Feed them to {@link generateNik}; keep them to
 * assert against.
 */
export function randomNikParts(rng: Rng, options: RandomNikOptions = {}): NikParts {
  const today = resolveToday(options.today);
  const minAge = options.minAge ?? 0;
  const maxAge = options.maxAge ?? 90;
  const pick = (lo: number, hi: number): number => lo + Math.min(hi - lo, Math.floor(rng() * (hi - lo + 1)));
  // Pick a year, then a month and day not after today: within range and never in the future.
  const year = pick(today.year - maxAge, today.year - minAge);
  const month = pick(1, year === today.year ? today.month : 12);
  const lastDay = year === today.year && month === today.month ? today.day : daysInMonth(year, month);
  const birthDate = formatIsoDate({ year, month, day: pick(1, lastDay) });
  return {
    regionCode: randomRegion(rng, 'kecamatan').code,
    birthDate,
    sex: rng() < 0.5 ? 'F' : 'M',
    serial: pick(1, 9999),
  };
}
