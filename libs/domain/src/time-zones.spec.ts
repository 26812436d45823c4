import {
  INDONESIAN_TIME_ZONES,
  TIME_ZONE_ABBREVIATIONS,
  localDate,
  localMonth,
  wallClock,
  zoneOffsetMs,
} from './time-zones.js';

describe('local dates in Indonesian time zones', () => {
  // 2026-11-20 16:30 UTC: Friday 23:30 in WIB, already Saturday 00:30 in WITA and 01:30 in WIT.
  const late = new Date('2026-11-20T16:30:00Z');

  it('reads the wall clock of an instant in each zone', () => {
    expect(wallClock(late, 'Asia/Jakarta')).toEqual({
      year: 2026,
      month: 11,
      day: 20,
      hour: 23,
      minute: 30,
      weekday: 5,
      date: '2026-11-20',
    });
    expect(wallClock(late, 'Asia/Makassar')).toEqual({
      year: 2026,
      month: 11,
      day: 21,
      hour: 0,
      minute: 30,
      weekday: 6,
      date: '2026-11-21',
    });
    expect(wallClock(late, 'Asia/Jayapura')).toMatchObject({ hour: 1, weekday: 6, date: '2026-11-21' });
  });

  it('gives the local date and month, crossing a year at midnight local time', () => {
    const newYearWit = new Date('2026-12-31T15:00:00Z');
    expect(localDate(newYearWit, 'Asia/Jayapura')).toBe('2027-01-01');
    expect(localDate(newYearWit, 'Asia/Jakarta')).toBe('2026-12-31');
    expect(localMonth(newYearWit, 'Asia/Jayapura')).toBe('2027-01');
    expect(localMonth(newYearWit, 'Asia/Pontianak')).toBe('2026-12');
  });

  it('agrees with the zone data of Intl for every zone, all year round (no daylight saving)', () => {
    for (const timeZone of INDONESIAN_TIME_ZONES) {
      const intl = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        hourCycle: 'h23',
      });
      for (let h = 0; h < 366 * 24; h += 7) {
        const at = new Date(Date.UTC(2026, 0, 1) + h * 3_600_000);
        const p = Object.fromEntries(intl.formatToParts(at).map((x) => [x.type, x.value]));
        expect(`${localDate(at, timeZone)} ${String(wallClock(at, timeZone).hour).padStart(2, '0')}`).toBe(
          `${p.year}-${p.month}-${p.day} ${p.hour}`,
        );
      }
    }
  });

  it('refuses a zone outside Indonesia and an invalid date', () => {
    expect(() => zoneOffsetMs('Europe/London')).toThrow(RangeError);
    expect(() => localDate(new Date('x'), 'Asia/Jakarta')).toThrow(RangeError);
    expect(TIME_ZONE_ABBREVIATIONS['Asia/Makassar']).toBe('WITA');
  });
});
