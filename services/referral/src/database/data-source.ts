import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { ReferralEnv } from '../config/referral.env.js';
import { referralMigrations } from './migrations/index.js';

/** The referral service's data source: its own schema and its migrations. */
export function referralDataSourceOptions(env: ReferralEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'referral',
    applicationName: 'referral',
    migrations: referralMigrations,
  });
}
