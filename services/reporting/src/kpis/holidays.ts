import { Inject, Injectable } from '@nestjs/common';
import { systemActor, type WorkingDayBasis } from '@slrt/contracts';
import { RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';

const TTL_MS = 10 * 60_000;
/** After referral did not answer, how long answers count weekends only before it is asked again. */
const RETRY_MS = 30_000;

/**
 * The holiday calendar, read from the referral service (`list-holidays`, answered for
 * `system:reporting`) and cached for ten minutes per year. When referral does not answer, durations
 * are counted on weekends only and every answer says so (`workingDays: weekends-only`); it is asked
 * again after 30 s, not at every dashboard request (one warning per outage and year, not per request).
 */
@Injectable()
export class HolidayCalendar {
  private readonly cache = new Map<number, { at: number; dates: string[]; failed?: true }>();
  private readonly actor = systemActor('reporting');

  constructor(
    private readonly rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async forYears(years: number[]): Promise<{ holidays: Set<string>; basis: WorkingDayBasis }> {
    const holidays = new Set<string>();
    let basis: WorkingDayBasis = 'holiday-calendar';
    for (const year of [...new Set(years)].sort()) {
      const hit = this.cache.get(year);
      if (hit && Date.now() - hit.at < (hit.failed ? RETRY_MS : TTL_MS)) {
        if (hit.failed) basis = 'weekends-only';
        hit.dates.forEach((d) => holidays.add(d));
        continue;
      }
      try {
        const r = await this.rpc.request(
          'slrt.rpc.referral.list-holidays.v1',
          { year },
          { actor: this.actor, timeoutMs: 3000 },
        );
        const dates = r.items.map((h) => h.date);
        this.cache.set(year, { at: Date.now(), dates });
        dates.forEach((d) => holidays.add(d));
      } catch (err) {
        this.logger.warn(
          { year, err: err instanceof Error ? err.message : String(err) },
          'holiday calendar not reachable; counting weekends only',
        );
        basis = 'weekends-only';
        this.cache.set(year, { at: Date.now(), dates: [], failed: true });
      }
    }
    return { holidays: basis === 'holiday-calendar' ? holidays : new Set(), basis };
  }
}
