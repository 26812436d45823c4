import { localMonth } from '@slrt/domain';
import { durationStats, monthStart, monthsBetween, quantile, workingDaysBetween } from './working-time.js';

const TZ = 'Asia/Jakarta';

describe('working time', () => {
  it('counts only weekdays that are not holidays, in the local zone, fractionally', () => {
    // Friday 2026-11-27 10:00 WIB → Monday 2026-11-30 10:00 WIB: 14 h of Friday + 10 h of Monday.
    expect(
      workingDaysBetween(new Date('2026-11-27T03:00:00Z'), new Date('2026-11-30T03:00:00Z'), new Set(), TZ),
    ).toBeCloseTo(1, 6);
    // With Monday a holiday, only Friday's 14 hours count.
    expect(
      workingDaysBetween(
        new Date('2026-11-27T03:00:00Z'),
        new Date('2026-11-30T03:00:00Z'),
        new Set(['2026-11-30']),
        TZ,
      ),
    ).toBeCloseTo(14 / 24, 6);
    // A whole working week.
    expect(
      workingDaysBetween(new Date('2026-11-22T17:00:00Z'), new Date('2026-11-29T17:00:00Z'), new Set(), TZ),
    ).toBeCloseTo(5, 6);
    expect(workingDaysBetween(new Date('2026-11-30T03:00:00Z'), new Date('2026-11-27T03:00:00Z'), new Set(), TZ)).toBe(
      0,
    );
  });

  it('puts instants in local months', () => {
    expect(localMonth(new Date('2026-10-31T17:30:00Z'), TZ)).toBe('2026-11');
    expect(localMonth(new Date('2026-10-31T16:30:00Z'), TZ)).toBe('2026-10');
    expect(monthStart('2026-11', TZ).toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(monthStart('2026-12', TZ, 1).toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(monthsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('computes median and p90 as percentile_cont does', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1, 6);
    expect(durationStats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ count: 10, median: 5.5, p90: 9.1 });
  });
});
