// `node services/referral/dist/migrate.js up|down|status`: applies the referral service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { ReferralEnv } from './config/referral.env.js';
import { referralDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('referral', referralDataSourceOptions(loadConfig('referral', ReferralEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
