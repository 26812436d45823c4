/**
 * Calendar dates without time zones (a birth date is a day, not an instant), as used inside NIK and
 * No. KK numbers (DDMMYY) and in ISO `yyyy-mm-dd` strings.
 */

/** A calendar day. */
export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** Offset of the day part in a woman's NIK: day 41–71 means day 1–31, female. */
export const FEMALE_DAY_OFFSET = 40;

/** Indonesia's easternmost offset (WIT, UTC+9): a day that has begun anywhere in Indonesia is "today". */
const WIT_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Whether the parts name a real day (month 1–12, day within the month). */
export function isRealDate(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Compares two days: negative, zero or positive. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Parses a strict ISO `yyyy-mm-dd` string naming a real day, or returns `null`. */
export function parseIsoDate(iso: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isRealDate(year, month, day) ? { year, month, day } : null;
}

/** Formats a day as ISO `yyyy-mm-dd`. */
export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * "Today" for deciding a century: an ISO date string is taken as is; a `Date` instant (default: now)
 * becomes the date in WIT (UTC+9), so a child born today anywhere in Indonesia is never "in the
 * future".
 */
export function resolveToday(today: Date | string | undefined): CalendarDate {
  if (typeof today === 'string') {
    const parsed = parseIsoDate(today);
    if (parsed === null) throw new RangeError(`today must be an ISO yyyy-mm-dd date, got "${today}"`);
    return parsed;
  }
  const shifted = new Date((today ?? new Date()).getTime() + WIT_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * Reads a two-digit year as the latest year that puts the day not after `today`: 20YY, else 19YY.
 * Returns `null` when the day/month do not form a real date in that year (e.g. 29 Feb of a
 * non-leap year).
 */
export function resolveTwoDigitYear(day: number, month: number, yy: number, today: CalendarDate): CalendarDate | null {
  const recent = { year: 2000 + yy, month, day };
  const date = compareDates(recent, today) <= 0 ? recent : { year: 1900 + yy, month, day };
  return isRealDate(date.year, date.month, date.day) ? date : null;
}
