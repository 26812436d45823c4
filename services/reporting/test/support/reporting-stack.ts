import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { Actor, EventPayload, RpcRequest, RpcResponse, RpcSubject } from '@slrt/contracts';
import {
  OutboxPublisher,
  RpcCallError,
  connectNats,
  createMessagingTables,
  createServiceApp,
  inboxPrefix,
  provisionNats,
  rpcSenders,
  type PlainEventSubject,
  type RpcClient,
} from '@slrt/messaging';
import { createLogger } from '@slrt/observability';
import { runMigrations } from '@slrt/persistence';
import {
  Teardown,
  createTestSchema,
  schemaClient,
  serviceTestEnv,
  startNatsServer,
  waitFor,
  type StartNatsServerOptions,
  type TestNatsServer,
  type TestSchema,
} from '@slrt/testing';
import { reportingService } from '../../src/app.js';
import { ReportingEnv } from '../../src/config/reporting.env.js';
import { reportingDataSourceOptions } from '../../src/database/data-source.js';
import { rebuildReadModel, type RebuildResult } from '../../src/rebuild/rebuild.js';

/** A service whose events reporting projects (or whose requests it makes), stood in for by a double. */
type DoubleService = 'intake' | 'referral' | 'notification' | 'registry';

export interface ReportingStackOptions {
  /** Reporting's own settings on top of the test ones (the monthly task is off), given its schema and bus. */
  env?: (base: { schema: TestSchema; nats: TestNatsServer }) => Record<string, string>;
  /** The doubles to run, each with its request handlers (`imports`), publishing through an outbox. */
  doubles?: Partial<Record<DoubleService, Array<Type<unknown>>>>;
  /** The doubles share one schema (one outbox, each publishing under its own NATS user) instead of one each. */
  sharedOutbox?: boolean;
  /** How the stack's nats-server is started (a province hub's roll-up sources, say). */
  nats?: StartNatsServerOptions;
}

/**
 * The reporting service as its integration tests run it: its own nats-server with production's
 * accounts, its schema migrated, the doubles of the services whose events it projects (publishing
 * through their outboxes), a caller on the bus as the gateway is, and a `pg` client on its schema.
 */
export interface ReportingStack {
  nats: TestNatsServer;
  schema: TestSchema;
  env: ReportingEnv;
  /** The running reporting service; replaced by {@link ReportingStack.restartReporting}. */
  reporting: NestFastifyApplication;
  doubles: Partial<Record<DoubleService, NestFastifyApplication>>;
  /** On the reporting schema (search_path set). */
  db: pg.Client;
  /** The gateway's RPC client. */
  rpc: RpcClient;
  /** A request as the gateway sends it for `actor`. */
  call<S extends RpcSubject>(subject: S, data: unknown, actor: Actor): Promise<RpcResponse<S>>;
  /** The error a refused request answers (fails if it is answered). */
  fail(subject: RpcSubject, data: unknown, actor: Actor): Promise<RpcCallError['error']>;
  /** Publishes an event through `from`'s outbox, as that service does, and counts it in {@link ReportingStack.published}. */
  publish<S extends PlainEventSubject>(
    from: NestFastifyApplication,
    subject: S,
    data: EventPayload<S>,
  ): Promise<unknown>;
  /** How many events {@link ReportingStack.publish} sent. */
  readonly published: number;
  /** How many events reporting's projection applied. */
  applied(): Promise<number>;
  /** Waits until the projection applied every event published. */
  caughtUp(message?: string): Promise<unknown>;
  /** Starts reporting again on the same schema and bus, after the spec closed the last one. */
  restartReporting(): Promise<NestFastifyApplication>;
  /** Replays the streams into a fresh read model and swaps it in (as the rebuild command does, as the provisioner). */
  rebuild(): Promise<RebuildResult>;
  close(): Promise<void>;
}

/** Starts the stack; schemas are named `<prefix>_…` and `<prefix><double>_…` (or `<prefix>src_…` when shared). */
export async function startReportingStack(
  prefix: string,
  options: ReportingStackOptions = {},
): Promise<ReportingStack> {
  const teardown = new Teardown();
  try {
    return await boot(prefix, options, teardown);
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

async function outboxSchema(name: string, teardown: Teardown): Promise<TestSchema> {
  const s = await createTestSchema(name);
  teardown.add(() => s.drop());
  const c = await schemaClient(s);
  await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, s.schema);
  await c.end();
  return s;
}

async function boot(prefix: string, options: ReportingStackOptions, teardown: Teardown): Promise<ReportingStack> {
  const nats = await startNatsServer(options.nats);
  teardown.add(() => nats.dispose());
  await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
  const schema = await createTestSchema(prefix);
  teardown.add(() => schema.drop());
  const env = loadConfig('reporting', ReportingEnv, {
    ...serviceTestEnv('reporting', schema, nats),
    REPORTING_MONTHLY_TASK: 'off',
    ...options.env?.({ schema, nats }),
  });
  await runMigrations(reportingDataSourceOptions(env), 'up');
  const shared = options.sharedOutbox ? await outboxSchema(`${prefix}src`, teardown) : undefined;
  const doubles: ReportingStack['doubles'] = {};
  for (const [service, imports] of Object.entries(options.doubles ?? {}) as Array<
    [DoubleService, Array<Type<unknown>>]
  >) {
    const s = shared ?? (await outboxSchema(`${prefix}${service.slice(0, 3)}`, teardown));
    const app = (
      await createServiceApp({
        service,
        env: loadConfig(service, BaseServiceEnv, { ...serviceTestEnv(service, s, nats), LOG_LEVEL: 'silent' }),
        imports,
      })
    ).app;
    teardown.add(() => app.close());
    doubles[service] = app;
  }
  const startReporting = async () =>
    (await createServiceApp({ service: 'reporting', env, ...reportingService(env) })).app;
  let reporting = await startReporting();
  // The app the stack ends with, whichever restart it is.
  teardown.add(() => reporting.close());
  const senders = rpcSenders({ credentials: (u) => nats.credentials(u), kabKotaCode: env.KAB_KOTA_CODE });
  teardown.add(() => senders.close());
  const rpc = await senders.client('gateway');
  const db = await schemaClient(schema);
  teardown.add(() => db.end());
  let published = 0;
  const call = <S extends RpcSubject>(s: S, d: unknown, a: Actor) =>
    rpc.request(s, d as RpcRequest<S>, { actor: a, timeoutMs: 20_000 }) as Promise<RpcResponse<S>>;
  const applied = async () =>
    Number((await db.query(`SELECT coalesce(sum(events), 0)::int AS n FROM rpt_projection`)).rows[0].n);
  return {
    nats,
    schema,
    env,
    get reporting() {
      return reporting;
    },
    doubles,
    db,
    rpc,
    call,
    async fail(s, d, a) {
      try {
        await call(s, d, a);
      } catch (e) {
        if (e instanceof RpcCallError) return e.error;
        throw e;
      }
      throw new Error('expected a failure');
    },
    async publish(from, subject, data) {
      published++;
      return from
        .get(DataSource)
        .transaction((m) => from.get(OutboxPublisher).publish(m, subject, data, { actor: null }));
    },
    get published() {
      return published;
    },
    applied,
    caughtUp: (message = 'projection caught up') =>
      waitFor(async () => (await applied()) >= published, { timeoutMs: 30_000, message }),
    async restartReporting() {
      reporting = await startReporting();
      return reporting;
    },
    async rebuild() {
      const c = nats.credentials('provisioner');
      const nc = await connectNats({
        url: c.url,
        name: 'rebuild-test',
        user: c.user!,
        password: c.password!,
        inboxPrefix: inboxPrefix(c.user!),
        logger: createLogger('reporting-rebuild', 'silent'),
      });
      try {
        return await rebuildReadModel({
          dataSource: reporting.get(DataSource),
          nats: nc,
          logger: createLogger('reporting-rebuild', 'silent'),
        });
      } finally {
        await nc.drain();
      }
    },
    // In reverse order of start: database, clients, reporting, the doubles, schemas, NATS last.
    close: () => teardown.run(),
  };
}
