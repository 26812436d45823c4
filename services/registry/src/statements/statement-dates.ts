import { namaBulan } from '@slrt/documents';

/**
 * Dates as the registry's statements print them. The PDF helpers, month names and calendar dates
 * shared with intake's documents live in `@slrt/documents`.
 */

/** The calendar date of `date` in `timeZone`, as `YYYY-MM-DD`. */
export function isoDateIn(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** `2026-09` → `September 2026`; a month outside 01–12 throws rather than printing `undefined`. */
export function formatPeriode(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new RangeError('Periode harus berformat TTTT-BB');
  return `${namaBulan(Number(m[2]))} ${m[1]}`;
}
