import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertingService, type Actor, type RpcRequest, type RpcResponse, type RpcSubject } from '@slrt/contracts';
import { loadConfig, BaseServiceEnv } from '@slrt/config';
import { RpcClient, connectOwnerClient, connectRpcClient, createMessagingTables, createServiceApp, provisionNats } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { referralService } from '../../src/app.js';
import { ReferralEnv } from '../../src/config/referral.env.js';
import { referralDataSourceOptions } from '../../src/database/data-source.js';
import { IntakeDoubleModule } from './intake-double.js';

/**
 * The referral service as its integration tests run it: its own nats-server with production's
 * accounts, its schema migrated, intake's double (own schema and outbox, answering get-complaint),
 * a caller on the bus as the gateway is, and a client per programme owner asked for.
 */
export interface ReferralStack {
  nats: TestNatsServer;
  schema: TestSchema;
  intakeSchema: TestSchema;
  env: ReferralEnv;
  referral: NestFastifyApplication;
  intake: NestFastifyApplication;
  /** On the referral schema (search_path set). */
  db: pg.Client;
  /** The gateway's RPC client. */
  rpc: RpcClient;
  /** A request as the gateway sends it for `actor` (as the service that asserts a system actor). */
  call<S extends RpcSubject>(subject: S, data: unknown, actor: Actor): Promise<RpcResponse<S>>;
  /** A programme owner's NATS client (closed with the stack). */
  owner(code: string): ReturnType<typeof connectOwnerClient>;
  close(): Promise<void>;
}

/** Starts the stack; schemas are named `<prefix>_…` and `<prefix>i_…`; `env` adds to referral's settings. */
export async function startReferralStack(prefix: string, env: Record<string, string> = {}): Promise<ReferralStack> {
  const closers: Array<() => Promise<unknown>> = [];
  const nats = await startNatsServer();
  closers.push(() => nats.dispose());
  await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
  const schema = await createTestSchema(prefix);
  const intakeSchema = await createTestSchema(`${prefix}i`);
  closers.push(() => schema.drop(), () => intakeSchema.drop());
  const base = { DATABASE_URL: schema.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' };
  const referralEnv = loadConfig('referral', ReferralEnv, { ...base, ...nats.serviceEnv('referral'), DATABASE_SCHEMA: schema.schema, REFERRAL_ESCALATION_INTERVAL_MS: '3600000', ...env });
  await runMigrations(referralDataSourceOptions(referralEnv), 'up');
  const c = new pg.Client({ connectionString: intakeSchema.url });
  await c.connect();
  await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, intakeSchema.schema);
  await c.end();
  const intake = (await createServiceApp({ service: 'intake', env: loadConfig('intake', BaseServiceEnv, { ...base, ...nats.serviceEnv('intake'), DATABASE_URL: intakeSchema.url, DATABASE_SCHEMA: intakeSchema.schema }), imports: [IntakeDoubleModule] })).app;
  closers.push(() => intake.close());
  const referral = (await createServiceApp({ service: 'referral', env: referralEnv, ...referralService(referralEnv) })).app;
  closers.push(() => referral.close());
  const gateway = await connectRpcClient({ ...nats.credentials('gateway'), service: 'gateway', kabKotaCode: referralEnv.KAB_KOTA_CODE });
  closers.push(gateway.close);
  const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
  await db.connect();
  closers.push(() => db.end());
  return {
    nats,
    schema,
    intakeSchema,
    env: referralEnv,
    referral,
    intake,
    db,
    rpc: gateway.client,
    call: <S extends RpcSubject>(s: S, d: unknown, a: Actor) => gateway.client.asCaller(assertingService(a)!).request(s, d as RpcRequest<S>, { actor: a, timeoutMs: 10_000 }) as Promise<RpcResponse<S>>,
    async owner(code) {
      const o = await connectOwnerClient({ ...nats.credentials(code), ownerCode: code });
      closers.push(o.close);
      return o;
    },
    // In reverse order of start: owners, database, gateway client, the apps, schemas, NATS last.
    async close() {
      for (const close of closers.reverse()) await close().catch(() => undefined);
    },
  };
}
