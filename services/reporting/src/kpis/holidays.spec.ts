import { describe, expect, it, jest } from '@jest/globals';
import type { RpcClient } from '@slrt/messaging';
import type { Logger } from '@slrt/observability';
import { HolidayCalendar } from './holidays.js';

/** A referral that does not answer, then answers. */
function calendar() {
  let up = false;
  const request = jest.fn(async () => {
    if (!up) throw new Error('no responders');
    return { items: [{ date: '2026-12-25' }] };
  });
  const logger = { warn: jest.fn() };
  const c = new HolidayCalendar({ request } as unknown as RpcClient, logger as unknown as Logger);
  return { c, request, logger, setUp: () => (up = true) };
}

describe('HolidayCalendar', () => {
  it('counts weekends only while referral does not answer, asking it again after 30 s, not at every request', async () => {
    jest.useFakeTimers({ now: new Date('2026-12-01T00:00:00Z') });
    try {
      const { c, request, logger, setUp } = calendar();
      expect((await c.forYears([2026])).basis).toBe('weekends-only');
      expect((await c.forYears([2026])).basis).toBe('weekends-only');
      expect(request).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledTimes(1);
      setUp();
      jest.setSystemTime(new Date('2026-12-01T00:00:31Z'));
      const back = await c.forYears([2026]);
      expect(back.basis).toBe('holiday-calendar');
      expect([...back.holidays]).toEqual(['2026-12-25']);
      expect(request).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
