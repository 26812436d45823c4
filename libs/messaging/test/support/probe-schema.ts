import pg from 'pg';
import { createTestSchema, type TestSchema } from '@slrt/testing';

/** A test schema with the messaging tables and the probe's effect and control tables. */
export async function createProbeSchema(): Promise<TestSchema> {
  const t = await createTestSchema('msg');
  const c = new pg.Client({ connectionString: t.url });
  await c.connect();
  try {
    // The same DDL the services' first migration runs (createMessagingTables), via a tiny adapter.
    const { createMessagingTables } = await import('../../src/tables.js');
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, t.schema);
    await c.query(
      `CREATE TABLE "${t.schema}".effect (event_id uuid NOT NULL, complaint_id uuid NOT NULL, delivery int NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await c.query(
      `CREATE TABLE "${t.schema}".control (complaint_id uuid PRIMARY KEY, mode text NOT NULL, failures int NOT NULL DEFAULT 0)`,
    );
  } finally {
    await c.end();
  }
  return t;
}
