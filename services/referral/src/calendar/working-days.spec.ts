import { wallClock } from '@slrt/domain';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from './working-days.js';

const WIB = 'Asia/Jakarta';
const none = new Set<string>();
// 2026-11-20 is a Friday. 10:00 WIB = 03:00 UTC.
const friday = new Date('2026-11-20T03:00:00Z');

describe(addWorkingDays.name, () => {
  it('skips the weekend', () => {
    expect(addWorkingDays(friday, 1, none, WIB).toISOString()).toBe('2026-11-23T03:00:00.000Z'); // Monday
    expect(addWorkingDays(friday, 5, none, WIB).toISOString()).toBe('2026-11-27T03:00:00.000Z'); // next Friday
  });

  it('skips holidays of the calendar', () => {
    // Christmas 2026 is a Friday; 24 Dec (Thu) + 1 working day is Monday 28 Dec.
    const christmas = new Set(['2026-12-25']);
    expect(addWorkingDays(new Date('2026-12-24T03:00:00Z'), 1, christmas, WIB).toISOString()).toBe(
      '2026-12-28T03:00:00.000Z',
    );
    expect(addWorkingDays(new Date('2026-12-24T03:00:00Z'), 1, none, WIB).toISOString()).toBe(
      '2026-12-25T03:00:00.000Z',
    );
  });

  it('counts days in the deployment\u2019s time zone, not UTC', () => {
    // Friday 23:30 WIB is still Friday locally (16:30 UTC); in Jayapura (WIT, +9) it is already Saturday 01:30.
    const late = new Date('2026-11-20T16:30:00Z');
    expect(wallClock(late, WIB)).toMatchObject({ date: '2026-11-20', weekday: 5 });
    expect(wallClock(late, 'Asia/Jayapura')).toMatchObject({ date: '2026-11-21', weekday: 6 });
    expect(addWorkingDays(late, 1, none, WIB).toISOString()).toBe('2026-11-23T16:30:00.000Z');
  });

  it('starting on a weekend, the first working day counts as one', () => {
    const saturday = new Date('2026-11-21T03:00:00Z');
    expect(addWorkingDays(saturday, 1, none, WIB).toISOString()).toBe('2026-11-23T03:00:00.000Z');
  });
});

describe(workingDaysBetween.name, () => {
  it('is the inverse of addWorkingDays', () => {
    const holidays = new Set(['2026-11-25']);
    for (const n of [0, 1, 2, 3, 7, 14]) {
      const due = addWorkingDays(friday, n, holidays, WIB);
      expect(workingDaysBetween(friday, due, holidays, WIB)).toBe(n);
    }
  });

  it('knows weekends are not working days', () => {
    expect(isWorkingDay(new Date('2026-11-22T03:00:00Z'), none, WIB)).toBe(false);
    expect(isWorkingDay(new Date('2026-11-23T03:00:00Z'), none, WIB)).toBe(true);
  });
});
