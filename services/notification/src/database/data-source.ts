import type { DataSourceOptions } from 'typeorm';
import { createDataSourceOptions } from '@slrt/persistence';
import type { NotificationEnv } from '../config/notification.env.js';
import { notificationMigrations } from './migrations/index.js';

/** The notification service's data source: its own schema and its migrations. */
export function notificationDataSourceOptions(env: NotificationEnv): DataSourceOptions {
  return createDataSourceOptions({
    url: env.DATABASE_URL,
    schema: env.DATABASE_SCHEMA ?? 'notification',
    applicationName: 'notification',
    migrations: notificationMigrations,
    // Up to 16 status events planned at once (each holds a connection through its contacts request) plus the dispatcher.
    poolSize: 24,
  });
}
