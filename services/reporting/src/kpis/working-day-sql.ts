import { zoneOffsetMs } from '@slrt/domain';

const DAY_MS = 86_400_000;
/** `workingDaysBetween` counts at most this many days (20 years). */
const BOUND_DAYS = 7400;

/**
 * Durations in working days as SQL expressions, so that PostgreSQL groups and takes the percentiles
 * and only groups cross the wire (issue 13). No calendar table: local days are numbered from
 * 1970-01-01 (a Thursday), so the working days before day d are the weekdays before it, in closed
 * form (5 per week, and the part week), minus the holidays on weekdays before it — a binary search
 * (`width_bucket`) in the sorted array of those holidays, written into the statement. The working
 * time of an instant t of local day d is W(t) = before(d) + (d working ? the part of d elapsed : 0),
 * and a duration is W(b) − W(a) when b > a, else 0: exactly `workingDaysBetween` (the JS reference,
 * test/kpi-sql.int-spec.ts), its 20-year bound included, counted in integer milliseconds.
 *
 * `instant(t, name)` selects the columns `ms_<name>` and `d_<name>` (local epoch milliseconds and
 * day number) of a timestamp; `days(a, b)` is the duration between two such instants of alias `x`
 * (null when either is null). `holidays` null: no durations wanted (every duration is null).
 */
export function workingDaySql(holidays: ReadonlySet<string> | null, timeZone: string) {
  const off = zoneOffsetMs(timeZone);
  const weekday = (d: number) => (((d + 4) % 7) + 7) % 7;
  const days = [...(holidays ?? [])]
    .map((d) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS))
    .filter((n) => Number.isFinite(n) && weekday(n) !== 0 && weekday(n) !== 6);
  const h = `'{${[...new Set(days)].sort((a, b) => a - b).join(',')}}'::int[]`;
  /** Part of a week from Thursday: working days among its first r days (Thu, Fri, Sat, Sun, Mon, Tue, Wed). */
  const r = (d: string) => `(((${d}) % 7 + 7) % 7)`;
  const before = (d: string) =>
    `(5 * ((${d} - ${r(d)}) / 7) + least(${r(d)}, 2) + greatest(${r(d)} - 4, 0) - width_bucket(${d} - 1, ${h}))`;
  const working = (d: string) => `(${r(d)} NOT IN (2, 3) AND width_bucket(${d}, ${h}) = width_bucket(${d} - 1, ${h}))`;
  const w = (ms: string, d: string) =>
    `(${before(d)}::bigint * ${DAY_MS} + CASE WHEN ${working(d)} THEN ${ms} - ${d}::bigint * ${DAY_MS} ELSE 0 END)`;
  return {
    instant: (t: string, name: string) => {
      const ms = `(floor(extract(epoch FROM ${t}) * 1000)::bigint + ${off})`;
      return `${ms} AS ms_${name}, floor(${ms}::float8 / ${DAY_MS})::int AS d_${name}`;
    },
    days: (a: string, b: string, x = 'x') => {
      if (!holidays) return 'NULL::float8';
      const [ma, da, mb, db] = [`${x}.ms_${a}`, `${x}.d_${a}`, `${x}.ms_${b}`, `${x}.d_${b}`];
      return `CASE WHEN ${ma} IS NULL OR ${mb} IS NULL THEN NULL WHEN ${mb} <= ${ma} THEN 0::float8
        ELSE (CASE WHEN ${db} >= ${da} + ${BOUND_DAYS} THEN ${before(`(${da} + ${BOUND_DAYS})`)}::bigint * ${DAY_MS} ELSE ${w(mb, db)} END
              - ${w(ma, da)})::float8 / ${DAY_MS}::float8 END`;
    },
  };
}
