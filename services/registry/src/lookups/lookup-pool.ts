import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { assertIdentifier } from '@slrt/persistence';
import { RegistryEnv } from '../config/registry.env.js';

/**
 * The connections lookups run on: a small pg pool of its own, pinned to the service's schema, with
 * named (prepared) statements and no TypeORM in between.
 *
 * Its sessions commit with `synchronous_commit = REGISTRY_LOOKUP_SYNCHRONOUS_COMMIT` (default
 * `off`): a lookup's only write is its audit row, and waiting for that row's WAL flush was the
 * largest and most erratic part of a lookup (a disk flush per read). With `off` the row is still
 * written atomically with the read and reaches disk within 3 × `wal_writer_delay` (0.6 s by
 * default); only a crash of PostgreSQL inside that window can lose it. Set `on` where every audit
 * row must be durable before the answer leaves. Every other write of the service (imports,
 * statements, the outbox) stays on the main data source, fully synchronous.
 */
@Injectable()
export class LookupPool implements OnModuleDestroy {
  readonly pool: pg.Pool;

  constructor(@Inject(RegistryEnv) env: RegistryEnv) {
    const schema = assertIdentifier(env.DATABASE_SCHEMA ?? 'registry');
    this.pool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      application_name: 'registry-lookups',
      options: `-c search_path=${schema} -c synchronous_commit=${env.REGISTRY_LOOKUP_SYNCHRONOUS_COMMIT}`,
      max: env.REGISTRY_LOOKUP_POOL_SIZE,
    });
    // An idle connection dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }
}
