import type { DataSourceOptions, MixedList } from 'typeorm';

/** A SQL identifier we are willing to interpolate (schema names come from configuration). */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a valid lower-case SQL identifier`);
  return name;
}

export interface ServiceDataSourceInput {
  /** PostgreSQL URL of the service's own login role. */
  url: string;
  /** The one schema the service owns; every connection's search_path is pinned to it. */
  schema: string;
  /**
   * Shown in pg_stat_activity, e.g. `intake`; `intake@<schema>` when the schema is not the service's
   * own name (tests, several copies on one server), so one copy's connections can be told apart.
   */
  applicationName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: MixedList<Function | string>;
  /** TypeORM subscribers (entity and transaction events). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  subscribers?: MixedList<Function | string>;
  /** Connections in the pool (default 10). */
  poolSize?: number;
}

/**
 * TypeORM options for one service: pinned to its own schema (unqualified names resolve only
 * there), never `synchronize` (schema changes are migrations, reviewed like
 * code), migrations tracked in `<schema>.migrations` and run only by the migrate command.
 */
export function createDataSourceOptions(input: ServiceDataSourceInput): DataSourceOptions {
  const schema = assertIdentifier(input.schema);
  return {
    type: 'postgres',
    url: input.url,
    schema,
    // No TypeORM entities: repositories write SQL through EntityManager.query (docs/architecture.md).
    entities: [],
    migrations: input.migrations ?? [],
    subscribers: input.subscribers ?? [],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    applicationName:
      schema === input.applicationName ? input.applicationName : `${input.applicationName}@${schema}`.slice(0, 63),
    poolSize: input.poolSize ?? 10,
    extra: {
      // search_path pinned per connection: `pg_catalog` implicitly, then only the service's schema.
      options: `-c search_path=${schema}`,
      max: input.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    },
  };
}

/**
 * The schema a migration runs in: the data source's `schema` option (the service's own schema,
 * `DATABASE_SCHEMA` or the service name). Migrations qualify every name with it, so the same
 * migration serves production (`intake`) and tests (a unique schema per run).
 */
export function migrationSchema(q: { connection: { options: { schema?: string } & object } }): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('The data source has no schema: every service runs pinned to its own schema');
  return assertIdentifier(schema);
}

/**
 * Rows of a data-modifying statement with RETURNING run through `EntityManager.query`: TypeORM's
 * postgres driver answers `[rows, affectedCount]` for UPDATE and DELETE, and the rows alone for
 * INSERT and SELECT.
 */
export function returnedRows<T>(result: unknown): T[] {
  return (
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number'
      ? result[0]
      : result
  ) as T[];
}
