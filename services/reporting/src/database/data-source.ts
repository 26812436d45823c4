import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { ReportingEnv } from '../config/reporting.env.js';
import { reportingMigrations } from './migrations/index.js';

/** The reporting service's data source: its own schema and its migrations. */
export function reportingDataSourceOptions(env: ReportingEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'reporting',
    applicationName: 'reporting',
    migrations: reportingMigrations,
  });
}
