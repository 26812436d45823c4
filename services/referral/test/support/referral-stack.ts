import pg from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { assertingService, type Actor, type RpcRequest, type RpcResponse, type RpcSubject } from '@slrt/contracts';
import { loadConfig, BaseServiceEnv } from '@slrt/config';
import {
  RpcClient,
  connectOwnerClient,
  createMessagingTables,
  createServiceApp,
  provisionNats,
  rpcSenders,
} from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import {
  Teardown,
  createTestSchema,
  schemaClient,
  serviceTestEnv,
  startNatsServer,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
import { referralService } from '../../src/app.js';
import { ReferralEnv } from '../../src/config/referral.env.js';
import { referralDataSourceOptions } from '../../src/database/data-source.js';
import { IntakeDoubleModule } from './intake-double.js';

/**
 * The referral service as its integration tests run it: its own nats-server with production's
 * accounts, its schema migrated, intake's double (own schema and outbox, answering get-complaint),
 * a caller on the bus as the gateway is, request clients as other services, and a client per
 * programme owner asked for.
 */
export interface ReferralStack {
  nats: TestNatsServer;
  schema: TestSchema;
  intakeSchema: TestSchema;
  env: ReferralEnv;
  /** The running referral service; replaced by {@link ReferralStack.restartReferral}. */
  referral: NestFastifyApplication;
  intake: NestFastifyApplication;
  /** The other doubles asked for (each on its own schema with an outbox: their events travel as in production). */
  doubles: Partial<Record<ExtraDouble, NestFastifyApplication>>;
  /** On the referral schema (search_path set). */
  db: pg.Client;
  /** The gateway's RPC client. */
  rpc: RpcClient;
  /** A request as the gateway sends it for `actor` (as the service that asserts a system actor). */
  call<S extends RpcSubject>(subject: S, data: unknown, actor: Actor): Promise<RpcResponse<S>>;
  /** The request client of another service (`intake`, `reporting`), over its own NATS user. */
  as(service: string): Promise<RpcClient>;
  /** A programme owner's NATS client (closed with the stack). */
  owner(code: string): ReturnType<typeof connectOwnerClient>;
  /** Starts referral again on the same schema and bus, after the spec closed (or killed) the last one. */
  restartReferral(): Promise<NestFastifyApplication>;
  /** One more referral instance beside the running one (the spec closes it). */
  startInstance(): Promise<NestFastifyApplication>;
  close(): Promise<void>;
}

/** Services besides intake whose events referral hears, stood in for when a spec asks. */
type ExtraDouble = 'notification' | 'registry';

/**
 * Starts the stack; schemas are named `<prefix>_…`, `<prefix>i_…` (and `<prefix><double>_…`); `env`
 * adds to referral's settings; `doubles` starts those services' doubles too.
 */
export async function startReferralStack(
  prefix: string,
  env: Record<string, string> = {},
  options: { doubles?: ExtraDouble[] } = {},
): Promise<ReferralStack> {
  const teardown = new Teardown();
  try {
    return await boot(prefix, env, options, teardown);
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

/** A double of `service` on a schema of its own with an outbox, answering with `imports`' handlers. */
async function startDouble(
  service: 'intake' | ExtraDouble,
  schema: TestSchema,
  nats: TestNatsServer,
  imports: Array<new () => unknown>,
): Promise<NestFastifyApplication> {
  const c = await schemaClient(schema);
  await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, schema.schema);
  await c.end();
  return (
    await createServiceApp({
      service,
      env: loadConfig(service, BaseServiceEnv, serviceTestEnv(service, schema, nats)),
      imports,
    })
  ).app;
}

async function boot(
  prefix: string,
  env: Record<string, string>,
  options: { doubles?: ExtraDouble[] },
  teardown: Teardown,
): Promise<ReferralStack> {
  const nats = await startNatsServer();
  teardown.add(() => nats.dispose());
  await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
  const schema = await createTestSchema(prefix);
  const intakeSchema = await createTestSchema(`${prefix}i`);
  teardown.add(
    () => schema.drop(),
    () => intakeSchema.drop(),
  );
  const referralEnv = loadConfig('referral', ReferralEnv, {
    ...serviceTestEnv('referral', schema, nats),
    REFERRAL_ESCALATION_INTERVAL_MS: '3600000',
    ...env,
  });
  await runMigrations(referralDataSourceOptions(referralEnv), 'up');
  const intake = await startDouble('intake', intakeSchema, nats, [IntakeDoubleModule]);
  teardown.add(() => intake.close());
  const doubles: ReferralStack['doubles'] = {};
  for (const service of options.doubles ?? []) {
    const s = await createTestSchema(`${prefix}${service.slice(0, 3)}`);
    teardown.add(() => s.drop());
    const app = await startDouble(service, s, nats, []);
    teardown.add(() => app.close());
    doubles[service] = app;
  }
  const startReferral = async () =>
    (await createServiceApp({ service: 'referral', env: referralEnv, ...referralService(referralEnv) })).app;
  let referral = await startReferral();
  // The app the stack ends with, whichever restart it is.
  teardown.add(() => referral.close());
  const senders = rpcSenders({ credentials: (u) => nats.credentials(u), kabKotaCode: referralEnv.KAB_KOTA_CODE });
  teardown.add(() => senders.close());
  const gateway = await senders.client('gateway');
  const db = await schemaClient(schema);
  teardown.add(() => db.end());
  return {
    nats,
    schema,
    intakeSchema,
    env: referralEnv,
    get referral() {
      return referral;
    },
    intake,
    doubles,
    db,
    rpc: gateway,
    call: <S extends RpcSubject>(s: S, d: unknown, a: Actor) =>
      gateway.asCaller(assertingService(a)!).request(s, d as RpcRequest<S>, { actor: a, timeoutMs: 10_000 }) as Promise<
        RpcResponse<S>
      >,
    as: (service) => senders.client(service),
    async owner(code) {
      const o = await connectOwnerClient({ ...nats.credentials(code), ownerCode: code });
      teardown.add(o.close);
      return o;
    },
    async restartReferral() {
      referral = await startReferral();
      return referral;
    },
    startInstance: startReferral,
    // In reverse order of start: owners, database, clients, the apps, schemas, NATS last.
    close: () => teardown.run(),
  };
}
