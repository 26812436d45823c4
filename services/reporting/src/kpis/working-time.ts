import { zoneOffsetMs } from '@slrt/domain';

/**
 * Durations in working days and their percentiles. Indonesian time zones have fixed offsets (no
 * daylight saving), so a local day is a fixed 24-hour window after shifting by the offset
 * (`zoneOffsetMs`; local dates and months: `localDate`, `localMonth`, all in `@slrt/domain`).
 */

const DAY_MS = 24 * 3600 * 1000;

/** The first instant of a local month (`YYYY-MM`), and of the month `add` months later. */
export function monthStart(month: string, timeZone: string, add = 0): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + add, 1) - zoneOffsetMs(timeZone));
}

/** Months from `from` to `to` inclusive (`YYYY-MM`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  for (let i = 0; ; i++) {
    const d = new Date(Date.UTC(fy, fm - 1 + i, 1));
    const m = d.toISOString().slice(0, 7);
    if (m > to || i > 1200) break;
    out.push(m);
  }
  return out;
}

/**
 * Working days between two instants, fractional: the parts of `from`..`to` that fall on local
 * days which are neither Saturday, Sunday nor a holiday (`YYYY-MM-DD` in the zone), in days.
 * 0 when `to` is not later.
 */
export function workingDaysBetween(from: Date, to: Date, holidays: ReadonlySet<string>, timeZone: string): number {
  const off = zoneOffsetMs(timeZone);
  let a = from.getTime() + off;
  const b = to.getTime() + off;
  if (b <= a) return 0;
  const closed = holidayDayNumbers(holidays);
  let ms = 0;
  // Bounded: a duration longer than 20 years is a data error, counted as 20 years. Days are
  // numbered from 1970-01-01 (a Thursday), so no Date is made per day: a dashboard computes this
  // for every complaint of its period, four times.
  for (let i = 0; a < b && i < 7400; i++) {
    const day = Math.floor(a / DAY_MS);
    const end = Math.min((day + 1) * DAY_MS, b);
    const weekday = (((day + 4) % 7) + 7) % 7;
    if (weekday !== 0 && weekday !== 6 && !closed.has(day)) ms += end - a;
    a = end;
  }
  return ms / DAY_MS;
}

/** Holidays (`YYYY-MM-DD`) as day numbers since 1970-01-01, computed once per holiday set (again if it grew). */
const dayNumbersOf = new WeakMap<ReadonlySet<string>, { size: number; days: ReadonlySet<number> }>();
function holidayDayNumbers(holidays: ReadonlySet<string>): ReadonlySet<number> {
  let hit = dayNumbersOf.get(holidays);
  if (!hit || hit.size !== holidays.size) {
    hit = {
      size: holidays.size,
      days: new Set(
        [...holidays].map((d) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS)).filter((n) => Number.isFinite(n)),
      ),
    };
    dayNumbersOf.set(holidays, hit);
  }
  return hit.days;
}

/** The `q` quantile (0..1) of `values` by linear interpolation (as PostgreSQL's percentile_cont); null when empty. */
export function quantile(values: readonly number[], q: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** One decimal, as shown. */
export const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

/** Count, median and p90 (one decimal) of durations in working days. */
export function durationStats(values: readonly number[]): { count: number; median: number | null; p90: number | null } {
  return { count: values.length, median: round1(quantile(values, 0.5)), p90: round1(quantile(values, 0.9)) };
}
