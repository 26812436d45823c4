// `node services/reporting/dist/migrate.js up|down|status`: applies the reporting service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { ReportingEnv } from './config/reporting.env.js';
import { reportingDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('reporting', reportingDataSourceOptions(loadConfig('reporting', ReportingEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
