import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { zoneOffsetMs } from '@slrt/domain';

const DAY_MS = 86_400_000;
/** The days a calendar holds: 1970-01-01 (day 0) to 2099-12-31. */
export const CALENDAR_FIRST_DAY = 0;
export const CALENDAR_LAST_DAY = Math.floor(Date.UTC(2099, 11, 31) / DAY_MS);
/** `workingDaysBetween` counts at most this many days (20 years). */
const BOUND_DAYS = 7400;
/** A calendar not used for this long is dropped when another one is filled. */
const KEEP_UNUSED = '2 days';
/** How often a process marks a calendar it uses as used. */
const TOUCH_MS = 3_600_000;

/**
 * Working-day calendars in the reporting schema, so that durations in working days are counted
 * inside PostgreSQL and only groups cross the wire (issue 13). One calendar per holiday set (keyed by
 * its hash: requests asking for different years, or answered weekends-only, never overwrite each
 * other's), filled once in one transaction. Row per local day: `working`, `before` (working days
 * before the day) and `before_bound` (`before` of the day 7400 days later). The working time of an
 * instant t of local day d is W(t) = before[d] + (working[d] ? fraction of d elapsed : 0), and a
 * duration is W(b) − W(a) when b > a, else 0 — exactly `workingDaysBetween` (the JS reference),
 * including its 20-year bound, for instants from 1970 to 2099 (outside, an instant counts as the
 * start of the nearest day inside).
 */
@Injectable()
export class WorkingDayCalendar {
  private readonly known = new Map<string, { id: number; touchedAt: number }>();

  constructor(private readonly dataSource: DataSource) {}

  /** The id of the calendar of `holidays` (`YYYY-MM-DD`), filled first if it is new. */
  async ensure(holidays: ReadonlySet<string>): Promise<number> {
    const days = [...holidays]
      .map((d) => Math.floor(Date.parse(`${d}T00:00:00Z`) / DAY_MS))
      .filter((n) => Number.isFinite(n))
      .sort((a, b) => a - b);
    const hash = createHash('sha256')
      .update([...new Set(days)].join(','))
      .digest('hex');
    const hit = this.known.get(hash);
    if (hit && Date.now() - hit.touchedAt < TOUCH_MS) return hit.id;
    const id = await this.dataSource.transaction(async (m) => this.fill(m, hash, days));
    this.known.set(hash, { id, touchedAt: Date.now() });
    return id;
  }

  private async fill(m: EntityManager, hash: string, days: number[]): Promise<number> {
    // One filler at a time (readers are not blocked); the second finds the first one's calendar.
    await m.query(`LOCK TABLE rpt_calendar IN SHARE ROW EXCLUSIVE MODE`);
    const [found] = (await m.query(`UPDATE rpt_calendar SET used_at = now() WHERE hash = $1 RETURNING calendar_id`, [
      hash,
    ])) as [Array<{ calendar_id: number }>, number];
    if (found[0]) return found[0].calendar_id;
    const [row] = (await m.query(
      `INSERT INTO rpt_calendar (hash, filled_at, used_at) VALUES ($1, now(), now()) RETURNING calendar_id`,
      [hash],
    )) as Array<{ calendar_id: number }>;
    const id = row!.calendar_id;
    await m.query(
      `INSERT INTO rpt_working_day (calendar_id, day, working, before, before_bound)
       SELECT $1, day, working, before, lead(before, ${BOUND_DAYS}) OVER (ORDER BY day)
         FROM (SELECT day, working, (sum(working::int) OVER (ORDER BY day) - working::int)::int AS before
                 FROM (SELECT d AS day, ((d + 4) % 7 + 7) % 7 NOT IN (0, 6) AND d <> ALL($2::int[]) AS working
                         FROM generate_series($3::int, $4::int) AS d) x) y
        ORDER BY day LIMIT $5`,
      [id, days, CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY + BOUND_DAYS, CALENDAR_LAST_DAY - CALENDAR_FIRST_DAY + 1],
    );
    await m.query(`DELETE FROM rpt_calendar WHERE used_at < now() - interval '${KEEP_UNUSED}'`);
    return id;
  }
}

/**
 * SQL for durations in working days against calendar `calendarId` in zone `timeZone`. `ms(t)` is the
 * local epoch milliseconds of a timestamp; `join(alias, msColumn)` joins the calendar day of a
 * `ms(…)` column; `days(a, b)` is the duration between two joined instants (null when either is).
 */
export function workingDaySql(calendarId: number, timeZone: string) {
  const off = zoneOffsetMs(timeZone);
  if (!Number.isInteger(calendarId) || !Number.isInteger(off)) throw new Error('bad calendar');
  const day = (ms: string) => `floor(${ms} / ${DAY_MS}::float8)::int`;
  const w = (alias: string, ms: string) =>
    `(${alias}.before::bigint * ${DAY_MS} + CASE WHEN ${alias}.working AND ${day(ms)} BETWEEN ${CALENDAR_FIRST_DAY} AND ${CALENDAR_LAST_DAY} THEN ${ms} - ${day(ms)}::bigint * ${DAY_MS} ELSE 0 END)`;
  return {
    ms: (t: string) => `(floor(extract(epoch FROM ${t}) * 1000)::bigint + ${off})`,
    join: (alias: string, ms: string) =>
      `LEFT JOIN rpt_working_day ${alias} ON ${alias}.calendar_id = ${calendarId} AND ${alias}.day = least(greatest(${day(ms)}, ${CALENDAR_FIRST_DAY}), ${CALENDAR_LAST_DAY})`,
    /** Working days from instant `a` (its `ms` column and joined alias) to `b`. */
    days: (a: { ms: string; w: string }, b: { ms: string; w: string }) =>
      `CASE WHEN ${a.ms} IS NULL OR ${b.ms} IS NULL THEN NULL WHEN ${b.ms} <= ${a.ms} THEN 0::float8
            ELSE (CASE WHEN ${day(b.ms)} >= ${day(a.ms)} + ${BOUND_DAYS} THEN ${a.w}.before_bound::bigint * ${DAY_MS} ELSE ${w(b.w, b.ms)} END
                  - ${w(a.w, a.ms)})::float8 / ${DAY_MS}::float8 END`,
  };
}
