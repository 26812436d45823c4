// `node services/gateway/dist/migrate.js up|down|status`: applies the gateway service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { GatewayEnv } from './config/gateway.env.js';
import { gatewayDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('gateway', gatewayDataSourceOptions(loadConfig('gateway', GatewayEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
