import { Inject, Injectable } from '@nestjs/common';
import { RepeatingTask } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { ReportingEnv } from '../config/reporting.env.js';
import { KpisService } from '../kpis/kpis.service.js';
import { localDate, localMonth, zoneOffsetMs } from '@slrt/domain';
import { monthStart, workingDaysBetween } from '../kpis/working-time.js';
import { ReportsService } from './reports.service.js';

/**
 * Makes the previous month's report (XLSX and PDF) on the first working day of the month (holiday
 * calendar from referral), or at the first check after it when the service was down that day; a
 * report already kept (asked for earlier) is left as it is.
 */
@Injectable()
export class MonthlyReportTask extends RepeatingTask {
  constructor(
    private readonly reports: ReportsService,
    private readonly kpis: KpisService,
    private readonly env: ReportingEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected interval() {
    return this.env.REPORTING_MONTHLY_TASK_INTERVAL_MS;
  }

  override onApplicationBootstrap() {
    // A province hub has no kab/kota read model of its own to report on.
    if (this.env.REPORTING_MONTHLY_TASK === 'on' && this.env.REPORTING_MODE === 'kab-kota')
      super.onApplicationBootstrap();
  }

  /** The reports made this round (`<month>.<format>`). */
  async runOnce(now = new Date()): Promise<string[]> {
    const tz = this.env.SLRT_TIME_ZONE;
    const thisMonth = localMonth(now, tz);
    const start = monthStart(thisMonth, tz);
    const { holidays } = await this.kpis.holidays(start, now);
    // A working day has begun this month when the time since the month started holds working time.
    const localToday = localDate(now, tz);
    const todayStart = new Date(Date.parse(`${localToday}T00:00:00Z`) - zoneOffsetMs(tz));
    if (workingDaysBetween(start, new Date(todayStart.getTime() + 24 * 3600_000), holidays, tz) === 0) return [];
    const previous = localMonth(new Date(start.getTime() - 1), tz);
    const made: string[] = [];
    for (const format of ['xlsx', 'pdf'] as const) {
      if (await this.reports.isKept(this.env.KAB_KOTA_CODE, previous, format)) continue;
      await this.reports.ensure(this.env.KAB_KOTA_CODE, previous, format, now);
      made.push(`${previous}.${format}`);
    }
    if (made.length) this.logger.info({ reports: made }, 'monthly SLRT reports made');
    return made;
  }

  protected roundEnded(error: unknown) {
    if (error)
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'monthly report round failed');
  }
}
