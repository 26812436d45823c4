// `node services/notification/dist/migrate.js up|down|status`: applies the notification service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { NotificationEnv } from './config/notification.env.js';
import { notificationDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('notification', notificationDataSourceOptions(loadConfig('notification', NotificationEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
