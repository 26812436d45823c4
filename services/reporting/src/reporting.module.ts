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

/** The read model (fed by events), KPIs, the owner SLA board and the monthly report. */
@Module({})
export class ReportingModule {
  static forRoot(env: ReportingEnv): DynamicModule {
    return {
      module: ReportingModule,
      controllers: [ProjectionConsumers, ReportingHandlers, PuskesosActivityHandlers],
      providers: [{ provide: ReportingEnv, useValue: env }, ProjectionRepository, ReportingMetrics, ReadModelRepository, HolidayCalendar, KpisService, ReportsService, MonthlyReportTask, PuskesosActivityService],
      exports: [MonthlyReportTask, ReportsService],
    };
  }
}
