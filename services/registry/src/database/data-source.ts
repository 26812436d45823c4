import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { RegistryEnv } from '../config/registry.env.js';
import { registryMigrations } from './migrations/index.js';

/** The registry service's data source: its own schema and its migrations. */
export function registryDataSourceOptions(env: RegistryEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'registry',
    applicationName: 'registry',
    migrations: registryMigrations,
  });
}
