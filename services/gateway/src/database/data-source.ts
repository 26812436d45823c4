import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { GatewayEnv } from '../config/gateway.env.js';
import { gatewayMigrations } from './migrations/index.js';

/** The gateway service's data source: its own schema and its migrations. */
export function gatewayDataSourceOptions(env: GatewayEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'gateway',
    applicationName: 'gateway',
    migrations: gatewayMigrations,
  });
}
