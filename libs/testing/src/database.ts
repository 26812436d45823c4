import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** PostgreSQL for integration tests: `DATABASE_URL` (set by `npm test`) or the local server. */
export function testDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestSchema {
  schema: string;
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** A fresh, uniquely named schema (`t_<random>`) so test files never share tables. */
export async function createTestSchema(prefix = 't'): Promise<TestSchema> {
  const url = testDatabaseUrl();
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  return {
    schema,
    url,
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await c.end();
    },
  };
}
