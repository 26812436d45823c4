import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { IntakeEnv } from '../config/intake.env.js';
import { intakeMigrations } from './migrations/index.js';

/** The intake service's data source: its own schema and its migrations. */
export function intakeDataSourceOptions(env: IntakeEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'intake',
    applicationName: 'intake',
    migrations: intakeMigrations,
  });
}
