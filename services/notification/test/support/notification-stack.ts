import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import { createMessagingTables, createServiceApp, provisionNats, rpcSenders, type RpcClient } from '@slrt/messaging';
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
import { notificationService } from '../../src/app.js';
import { NotificationEnv } from '../../src/config/notification.env.js';
import { notificationDataSourceOptions } from '../../src/database/data-source.js';

/** A service notification hears from or asks, stood in for by a double. */
type DoubleService = 'intake' | 'referral' | 'registry';

export interface NotificationStackOptions {
  /** Notification's own settings on top of the test ones (providers, intervals), given its schema and bus. */
  env?: (base: { schema: TestSchema; nats: TestNatsServer }) => Record<string, string>;
  /** The doubles to run, each on a schema of its own with an outbox, with its request handlers (`imports`). */
  doubles?: Partial<Record<DoubleService, Array<Type<unknown>>>>;
}

/**
 * The notification service as its integration tests run it: its own nats-server with production's
 * accounts, its schema migrated, the doubles of the services it hears from (publishing through
 * their outboxes), a caller on the bus as the gateway is, and a `pg` client on its schema.
 */
export interface NotificationStack {
  nats: TestNatsServer;
  schema: TestSchema;
  /** Notification's settings as given to it (to start it as a process, say). */
  envVars: Record<string, string>;
  env: NotificationEnv;
  /** The running notification service; replaced by {@link NotificationStack.restartNotification}. */
  notification: NestFastifyApplication;
  doubles: Partial<Record<DoubleService, NestFastifyApplication>>;
  /** Each double's schema (its outbox). */
  doubleSchemas: Partial<Record<DoubleService, TestSchema>>;
  /** On the notification schema (search_path set). */
  db: pg.Client;
  /** The gateway's RPC client. */
  rpc: RpcClient;
  /** Starts notification again on the same schema and bus, after the spec closed the last one. */
  restartNotification(): Promise<NestFastifyApplication>;
  close(): Promise<void>;
}

/** Starts the stack; schemas are named `<prefix>_…` and `<prefix><double>_…`. */
export async function startNotificationStack(
  prefix: string,
  options: NotificationStackOptions = {},
): Promise<NotificationStack> {
  const teardown = new Teardown();
  try {
    return await boot(prefix, options, teardown);
  } catch (err) {
    await teardown.run();
    throw err;
  }
}

async function boot(prefix: string, options: NotificationStackOptions, teardown: Teardown): Promise<NotificationStack> {
  const nats = await startNatsServer();
  teardown.add(() => nats.dispose());
  await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
  const schema = await createTestSchema(prefix);
  teardown.add(() => schema.drop());
  const envVars = { ...serviceTestEnv('notification', schema, nats), ...options.env?.({ schema, nats }) };
  const env = loadConfig('notification', NotificationEnv, envVars);
  await runMigrations(notificationDataSourceOptions(env), 'up');
  const doubles: NotificationStack['doubles'] = {};
  const doubleSchemas: NotificationStack['doubleSchemas'] = {};
  for (const [service, imports] of Object.entries(options.doubles ?? {}) as Array<
    [DoubleService, Array<Type<unknown>>]
  >) {
    const s = await createTestSchema(`${prefix}${service.slice(0, 3)}`);
    teardown.add(() => s.drop());
    doubleSchemas[service] = s;
    const c = await schemaClient(s);
    await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, s.schema);
    await c.end();
    const app = (
      await createServiceApp({
        service,
        env: loadConfig(service, BaseServiceEnv, serviceTestEnv(service, s, nats)),
        imports,
      })
    ).app;
    teardown.add(() => app.close());
    doubles[service] = app;
  }
  const startNotification = async () =>
    (await createServiceApp({ service: 'notification', env, ...notificationService(env) })).app;
  let notification = await startNotification();
  // The app the stack ends with, whichever restart it is.
  teardown.add(() => notification.close());
  const senders = rpcSenders({ credentials: (u) => nats.credentials(u), kabKotaCode: env.KAB_KOTA_CODE });
  teardown.add(() => senders.close());
  const rpc = await senders.client('gateway');
  const db = await schemaClient(schema);
  teardown.add(() => db.end());
  return {
    nats,
    schema,
    envVars,
    env,
    get notification() {
      return notification;
    },
    doubles,
    doubleSchemas,
    db,
    rpc,
    async restartNotification() {
      notification = await startNotification();
      return notification;
    },
    // In reverse order of start: database, clients, notification, the doubles, schemas, NATS last.
    close: () => teardown.run(),
  };
}
