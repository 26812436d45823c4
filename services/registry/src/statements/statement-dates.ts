import { namaBulan } from '@slrt/documents';

/**
 * Dates as the registry's statements print them. The PDF helpers, month names and calendar dates
 * shared with intake's documents live in `@slrt/documents`, the local date in a time zone in
 * `@slrt/domain` (`localDate`).
 */

/** `2026-09` → `September 2026`; a month outside 01–12 throws rather than printing `undefined`. */
export function formatPeriode(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new RangeError('Periode harus berformat TTTT-BB');
  return `${namaBulan(Number(m[2]))} ${m[1]}`;
}
