import pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createLogger } from '@slrt/observability';

export type MigrationCommand = 'up' | 'down' | 'status';

/** Creates the schema if it does not exist yet (the first migration of a service needs it). */
export async function ensureSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // A service's login role owns its schema but may not create schemas (deploy/postgres): look first.
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!rowCount) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  } finally {
    await client.end();
  }
}

/**
 * Runs one migration command against a service's data source and returns what happened.
 * `up` applies every pending migration, each in its own transaction; `down` reverts the last one.
 */
export async function runMigrations(
  options: DataSourceOptions,
  command: MigrationCommand,
): Promise<{ applied: string[]; pending: boolean }> {
  const url = 'url' in options && typeof options.url === 'string' ? options.url : undefined;
  const schema = 'schema' in options && typeof options.schema === 'string' ? options.schema : undefined;
  if (url && schema) await ensureSchema(url, schema);
  const ds = new DataSource(options);
  await ds.initialize();
  try {
    if (command === 'up') {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return { applied: ran.map((m) => m.name), pending: false };
    }
    if (command === 'down') {
      const before = await ds.query(`SELECT name FROM "${schema ?? 'public'}"."migrations" ORDER BY id DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'each' });
      return { applied: before.map((r: { name: string }) => r.name), pending: true };
    }
    return { applied: [], pending: await ds.showMigrations() };
  } finally {
    await ds.destroy();
  }
}

/**
 * Entry point of a service's `src/migrate.ts`: `node dist/migrate.js up|down|status`. Logs what
 * ran as JSON lines and exits non-zero with a readable message on failure.
 */
export async function migrationCli(
  service: string,
  options: DataSourceOptions,
  argv = process.argv.slice(2),
): Promise<void> {
  const logger = createLogger(`${service}-migrate`, 'info');
  const command = (argv[0] ?? 'up') as MigrationCommand;
  if (!['up', 'down', 'status'].includes(command)) {
    logger.error({ command }, 'unknown migration command: use up, down or status');
    process.exitCode = 2;
    return;
  }
  try {
    const result = await runMigrations(options, command);
    if (command === 'status')
      logger.info({ pending: result.pending }, result.pending ? 'migrations are pending' : 'schema is up to date');
    else
      logger.info(
        { command, migrations: result.applied },
        result.applied.length ? `${command}: ${result.applied.join(', ')}` : 'nothing to do',
      );
  } catch (err) {
    logger.error({ err, command }, `migration ${command} failed`);
    process.exitCode = 1;
  }
}
