import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { loadConfig } from '@slrt/config';
import { createServiceApp, provisionNats, rpcSenders, type RpcClient } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { registryService } from '../../src/app.js';
import { RegistryEnv } from '../../src/config/registry.env.js';
import { registryDataSourceOptions } from '../../src/database/data-source.js';
import { SiksExportsService } from '../../src/siks/siks-exports.service.js';
import { SnapshotsService } from '../../src/snapshots/snapshots.service.js';

export interface RegistryTestAppOptions {
  /** Prefix of the test's own PostgreSQL schema (one per spec file). */
  schema: string;
  /** Prefix of a fresh temporary `REGISTRY_IMPORT_DIR`, removed on close; without it the env's default applies. */
  importDir?: string;
  /** A NATS server the spec started itself (and disposes); without it one is started here and disposed on close. */
  nats?: TestNatsServer;
}

/**
 * The registry as its integration specs run it: a NATS server, its own schema migrated, the
 * service app, an RPC client on the bus speaking as the gateway (as users' requests arrive) and a `pg` client on the schema (`search_path` set).
 * Start it in `beforeAll` and `close()` it in `afterAll`; a failed start cleans up what it began.
 */
export class RegistryTestApp {
  nats!: TestNatsServer;
  schema!: TestSchema;
  /** `REGISTRY_IMPORT_DIR` when `importDir` was given. */
  dir: string | undefined;
  env!: RegistryEnv;
  /** The running service; replaced by {@link restart}. */
  app!: NestFastifyApplication;
  rpc!: RpcClient;
  db!: pg.Client;
  private ownsNats = false;
  private senders: ReturnType<typeof rpcSenders> | undefined;

  static async start(options: RegistryTestAppOptions): Promise<RegistryTestApp> {
    const t = new RegistryTestApp();
    try {
      await t.boot(options);
    } catch (err) {
      await t.close();
      throw err;
    }
    return t;
  }

  private async boot(options: RegistryTestAppOptions): Promise<void> {
    this.ownsNats = !options.nats;
    this.nats = options.nats ?? (await startNatsServer());
    if (this.ownsNats) await provisionNats({ ...this.nats.credentials('provisioner'), owners: this.nats.owners });
    this.schema = await createTestSchema(options.schema);
    if (options.importDir) this.dir = mkdtempSync(join(tmpdir(), options.importDir));
    this.env = loadConfig('registry', RegistryEnv, {
      DATABASE_URL: this.schema.url,
      DATABASE_SCHEMA: this.schema.schema,
      ...this.nats.serviceEnv('registry'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      ...(this.dir ? { REGISTRY_IMPORT_DIR: this.dir } : {}),
    });
    await runMigrations(registryDataSourceOptions(this.env), 'up');
    this.rpc = await this.as('gateway');
    await this.restart();
    this.db = new pg.Client({ connectionString: this.schema.url, options: `-c search_path=${this.schema.schema}` });
    await this.db.connect();
  }

  /**
   * A request client speaking as `service` over that service's own NATS user, as in production
   * (operators' requests come from the gateway; `lookup-nik` from intake).
   */
  async as(service: string): Promise<RpcClient> {
    this.senders ??= rpcSenders({ credentials: (u) => this.nats.credentials(u), kabKotaCode: this.env.KAB_KOTA_CODE });
    return this.senders.client(service);
  }

  /** Starts a new service app on the same schema and bus (after the spec closed or killed the last). */
  async restart(): Promise<void> {
    this.app = (await createServiceApp({ service: 'registry', env: this.env, ...registryService(this.env) })).app;
  }

  /** Waits for background work (snapshot imports, SIKS-NG files being prepared), then stops and removes everything. */
  async close(): Promise<void> {
    await this.app?.get(SnapshotsService).idle();
    await this.app?.get(SiksExportsService).idle();
    await this.app?.close();
    await this.senders?.close();
    await this.db?.end();
    if (this.ownsNats) await this.nats?.dispose();
    await this.schema?.drop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}
