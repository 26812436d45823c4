import { wallClock } from '@slrt/domain';

/**
 * Working-day arithmetic for deadlines: Saturdays, Sundays and the holidays of the calendar (dates
 * in the deployment's time zone) are not working days. A deadline N working days after a moment
 * falls on the same local time of the N-th working day after it.
 */

/** Whether the local day of `at` is a working day. */
export function isWorkingDay(at: Date, holidays: ReadonlySet<string>, timeZone: string): boolean {
  const { date, weekday } = wallClock(at, timeZone);
  return weekday !== 0 && weekday !== 6 && !holidays.has(date);
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The instant `days` working days after `start`. Indonesian time zones have no daylight saving,
 * so stepping by 24 hours keeps the local time of day.
 */
export function addWorkingDays(start: Date, days: number, holidays: ReadonlySet<string>, timeZone: string): Date {
  let at = new Date(start.getTime());
  let left = days;
  while (left > 0) {
    at = new Date(at.getTime() + DAY_MS);
    if (isWorkingDay(at, holidays, timeZone)) left--;
  }
  return at;
}

/** Working days from `from` until `to` (whole days, 0 when `to` is not later). */
export function workingDaysBetween(from: Date, to: Date, holidays: ReadonlySet<string>, timeZone: string): number {
  let n = 0;
  for (let at = new Date(from.getTime() + DAY_MS); at.getTime() <= to.getTime(); at = new Date(at.getTime() + DAY_MS)) {
    if (isWorkingDay(at, holidays, timeZone)) n++;
  }
  return n;
}
