// `node services/registry/dist/migrate.js up|down|status`: applies the registry service's migrations.
import { loadConfig } from '@slrt/config';
import { migrationCli } from '@slrt/persistence';
import { RegistryEnv } from './config/registry.env.js';
import { registryDataSourceOptions } from './database/data-source.js';

try {
  await migrationCli('registry', registryDataSourceOptions(loadConfig('registry', RegistryEnv)));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
