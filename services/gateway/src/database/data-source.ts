import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { GatewayEnv } from '../config/gateway.env.js';
import { gatewayEntities } from './entities.js';
import { gatewayMigrations } from './migrations/index.js';

/** The gateway service's data source: its own schema, its entities and migrations. */
export function gatewayDataSourceOptions(env: GatewayEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'gateway',
    applicationName: 'gateway',
    entities: gatewayEntities,
    migrations: gatewayMigrations,
  });
}
