// `node services/intake/dist/migrate.js up|down|status`: applies the intake service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { IntakeEnv } from './config/intake.env.js';
import { intakeDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('intake', intakeDataSourceOptions(loadConfig('intake', IntakeEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
