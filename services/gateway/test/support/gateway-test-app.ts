import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { createMessagingTables, createServiceApp, provisionNats } from '@slrt/messaging';
import { listenOps } from '@slrt/observability';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { gatewayService } from '../../src/app.js';
import { GatewayEnv } from '../../src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../../src/database/data-source.js';

/** Password of the demo users (`demo.fo`, `demo.bo`, `demo.admin`, …) the gateway seeds in these tests. */
export const DEMO_PASSWORD = 'demo-password-123';

export interface GatewayTestAppOptions {
  /** Prefix of the gateway's own test schema (one per spec file). */
  schema: string;
  /** Prefix of the schema of the double's messaging tables. */
  doubleSchema: string;
  /** Module whose controllers stand in for the registry on the bus. */
  registryDouble: Type<unknown>;
  /** More gateway environment (rate limits, TRUST_PROXY, …). */
  env?: Record<string, string>;
}

/**
 * The gateway as its HTTP integration specs run it: a NATS server, the gateway's schema migrated,
 * demo users seeded, a double answering for the registry on the bus, and the gateway listening on
 * a free port at {@link base}. Start it in `beforeAll` and `close()` it in `afterAll`; a failed
 * start cleans up what it began.
 */
export class GatewayTestApp {
  nats!: TestNatsServer;
  schema!: TestSchema;
  registrySchema!: TestSchema;
  gateway!: NestFastifyApplication;
  /** The gateway's environment (to start a second instance on the same schema). */
  env!: GatewayEnv;
  registry!: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` of the listening gateway. */
  base!: string;
  /** `http://127.0.0.1:<port>` of the gateway's operations server (metrics, health). */
  opsBase!: string;

  static async start(options: GatewayTestAppOptions): Promise<GatewayTestApp> {
    const t = new GatewayTestApp();
    try {
      await t.boot(options);
    } catch (err) {
      await t.close();
      throw err;
    }
    return t;
  }

  private async boot(options: GatewayTestAppOptions): Promise<void> {
    this.nats = await startNatsServer();
    await provisionNats({ ...this.nats.credentials('provisioner'), owners: this.nats.owners });
    this.schema = await createTestSchema(options.schema);
    this.registrySchema = await createTestSchema(options.doubleSchema);
    this.options = options;
    const env = (this.env = this.gatewayEnv());
    await runMigrations(gatewayDataSourceOptions(env), 'up');
    const c = new pg.Client({ connectionString: this.registrySchema.url });
    await c.connect();
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, this.registrySchema.schema);
    await c.end();
    const registryEnv = loadConfig('registry', BaseServiceEnv, {
      DATABASE_URL: this.registrySchema.url,
      DATABASE_SCHEMA: this.registrySchema.schema,
      ...this.nats.serviceEnv('registry'),
      LOG_LEVEL: 'silent',
    });
    this.registry = (
      await createServiceApp({ service: 'registry', env: registryEnv, imports: [options.registryDouble] })
    ).app;
    ({ app: this.gateway, base: this.base, opsBase: this.opsBase } = await this.startGateway());
  }

  private options!: GatewayTestAppOptions;

  private gatewayEnv(extra: Record<string, string> = {}): GatewayEnv {
    return loadConfig('gateway', GatewayEnv, {
      DATABASE_URL: this.schema.url,
      DATABASE_SCHEMA: this.schema.schema,
      ...this.nats.serviceEnv('gateway'),
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      SLRT_DEMO: '1',
      SLRT_DEMO_PASSWORD: DEMO_PASSWORD,
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...this.options.env,
      ...extra,
    });
  }

  /**
   * A gateway on this harness's database and NATS, listening on free ports (API and operations).
   * Extra ones (other rate limits, TRUST_PROXY) are the caller's to close.
   */
  async startGateway(
    extra: Record<string, string> = {},
  ): Promise<{ app: NestFastifyApplication; base: string; opsBase: string }> {
    const env = this.gatewayEnv(extra);
    const { app, ops } = await createServiceApp({ service: 'gateway', env, ...gatewayService(env) });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { app, base, opsBase: `http://127.0.0.1:${await listenOps(ops, 0, '127.0.0.1')}` };
  }

  /** An access token of a demo user, from `POST /v1/auth/login`. */
  async token(username: string): Promise<string> {
    const res = await fetch(`${this.base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async close(): Promise<void> {
    await this.gateway?.close();
    await this.registry?.close();
    await this.nats?.dispose();
    await this.schema?.drop();
    await this.registrySchema?.drop();
  }
}
