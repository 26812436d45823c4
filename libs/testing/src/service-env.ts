import pg from 'pg';
import type { TestSchema } from './database.js';
import type { TestNatsServer } from './nats-server.js';

/**
 * The settings every service reads, for one under test: its own schema, its own NATS user, quiet
 * logs (`TEST_LOG_LEVEL` shows them). Give the result to `loadConfig` with the service's own settings.
 */
export function serviceTestEnv(service: string, schema: TestSchema, nats: TestNatsServer): Record<string, string> {
  return {
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    ...nats.serviceEnv(service),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    NODE_ENV: 'test',
  };
}

/** A `pg` client on a test schema (its `search_path` set), connected: for a spec's own SQL checks. */
export async function schemaClient(schema: TestSchema): Promise<pg.Client> {
  const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
  await db.connect();
  return db;
}

/**
 * What an integration spec started (NATS, schemas, apps, clients), stopped in the reverse order
 * of start by {@link Teardown.run}; a stop that fails does not keep the others running.
 */
export class Teardown {
  private readonly steps: Array<() => Promise<unknown>> = [];

  /** Registers stops, run after everything registered later. */
  add(...steps: Array<() => Promise<unknown>>): void {
    this.steps.push(...steps);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step().catch(() => undefined);
  }
}
