import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { ReportingEnv } from '../config/reporting.env.js';
import type { ReadModelRepository } from '../kpis/read-model.repository.js';
import { RollupService } from './rollup.service.js';

describe('RollupService.months', () => {
  const service = (months: number) =>
    new RollupService(
      null as unknown as DataSource,
      null as unknown as ReadModelRepository,
      Object.assign(new ReportingEnv(), { REPORTING_ROLLUP_MONTHS: months }),
    );

  it('is the previous and the current month in the local zone by default, across a year', () => {
    // 1 January 2027 03:00 WIB is still 31 December 2026 in UTC.
    expect(service(2).months(new Date('2026-12-31T20:00:00Z'))).toEqual(['2026-12', '2027-01']);
    expect(service(2).months(new Date('2026-11-15T03:00:00Z'))).toEqual(['2026-10', '2026-11']);
  });

  it('reaches further back when asked', () => {
    expect(service(4).months(new Date('2027-02-10T03:00:00Z'))).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(service(1).months(new Date('2027-02-10T03:00:00Z'))).toEqual(['2027-02']);
  });
});
