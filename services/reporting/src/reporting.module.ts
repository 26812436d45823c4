import { Module, type DynamicModule } from '@nestjs/common';
import { ReportingEnv } from './config/reporting.env.js';
import { HolidayCalendar } from './kpis/holidays.js';
import { KpisService } from './kpis/kpis.service.js';
import { ReadModelRepository } from './kpis/read-model.repository.js';
import { ReportingHandlers } from './kpis/reporting.handlers.js';
import { PuskesosActivityHandlers, PuskesosActivityService } from './kpis/puskesos.service.js';
import { ProjectionConsumers } from './projection/projection.consumers.js';
import { ProjectionRepository } from './projection/projection.repository.js';
import { ReportingMetrics } from './projection/reporting-metrics.js';
import { MonthlyReportTask } from './reports/monthly-report.task.js';
import { ReportsService } from './reports/reports.service.js';
import { RollupConsumers } from './rollup/rollup.consumers.js';
import { RollupHandlers } from './rollup/rollup.handlers.js';
import { RollupPublisherTask } from './rollup/rollup-publisher.task.js';
import { RollupService } from './rollup/rollup.service.js';

/**
 * The read model (fed by events), KPIs, the owner SLA board, the monthly report and the roll-up.
 * `REPORTING_MODE=kab-kota` consumes the kab/kota's own events (and publishes the roll-up when a
 * hub is configured); `province` consumes only the kab/kota's roll-up (`RollupConsumers`).
 */
@Module({})
export class ReportingModule {
  static forRoot(env: ReportingEnv): DynamicModule {
    const consumers = env.REPORTING_MODE === 'province' ? RollupConsumers : ProjectionConsumers;
    return {
      module: ReportingModule,
      controllers: [consumers, ReportingHandlers, PuskesosActivityHandlers, RollupHandlers],
      providers: [
        { provide: ReportingEnv, useValue: env },
        ProjectionRepository,
        ReportingMetrics,
        ReadModelRepository,
        HolidayCalendar,
        KpisService,
        ReportsService,
        MonthlyReportTask,
        PuskesosActivityService,
        RollupService,
        RollupPublisherTask,
      ],
      exports: [MonthlyReportTask, ReportsService, RollupService, RollupPublisherTask],
    };
  }
}
