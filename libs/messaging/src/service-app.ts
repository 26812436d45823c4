import 'reflect-metadata';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { MixedList } from 'typeorm';
import { loadConfig, opsPort, trustedProxies, type BaseServiceEnv } from '@slrt/config';
import type { ServiceName } from '@slrt/contracts';
import {
  HealthModule,
  Metrics,
  ObservabilityModule,
  PinoNestLogger,
  READINESS_INDICATORS,
  createLogger,
  createOpsServer,
  createTracing,
  listenOps,
  registerHttpObservability,
  registerLiveRoute,
  type Logger,
  type ReadinessIndicator,
} from '@slrt/observability';
import { DatabaseHealthIndicator, DatabaseModule, createDataSourceOptions } from '@slrt/persistence';
import { JetStreamTransport } from './jetstream.transport.js';
import { MessagingHealthIndicator } from './health.js';
import { MessagingModule } from './messaging.module.js';
import type { MessagingOptions } from './tokens.js';
import { DatabaseUnavailableRpcFilter } from './unavailable.filter.js';
import { collectStartGarbage } from './start-memory.js';

/** What makes one service: its name, env, feature modules and data. */
export interface ServiceDefinition<E extends BaseServiceEnv> {
  service: ServiceName;
  env: E;
  /** The service's feature modules. */
  imports?: Array<Type | DynamicModule>;
  /** TypeORM subscribers (entity and transaction events). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  subscribers?: MixedList<Function | string>;
  /** Messaging settings beyond those the env gives (tests shorten retries, say). */
  messaging?: Partial<MessagingOptions>;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** More fastify server options (the gateway: framework/client error handlers, parameter length). */
  httpServerOptions?: Partial<FastifyServerOptions>;
  /** Runs on the fastify app before Nest registers routes (gateway: security headers, CORS, …). */
  configureHttp?: (app: NestFastifyApplication, logger: Logger) => Promise<void> | void;
}

/** The schema a service owns: `DATABASE_SCHEMA`, else its name. */
export function serviceSchema(definition: { service: string; env: BaseServiceEnv }): string {
  return definition.env.DATABASE_SCHEMA ?? definition.service;
}

/**
 * Builds a service's NestJS application on fastify with everything the platform gives each
 * service: pino logs, its own data source pinned to its schema, messaging (outbox, relay, request
 * client) and the JetStream transport connected as a hybrid microservice with the app's global
 * pipes and filters. `/metrics`, `/health/live` and `/health/ready` (database and NATS) are on a
 * separate operations server (`ops`, closed with the app); the API port answers only a bare
 * `/health/live` (`{"status":"ok"}`) for load balancers. Neither is listening: call `listen`
 * (see `runService`) or use them in tests (`listenOps(ops, 0, '127.0.0.1')`).
 */
export async function createServiceApp<E extends BaseServiceEnv>(
  definition: ServiceDefinition<E>,
): Promise<{ app: NestFastifyApplication; logger: Logger; metrics: Metrics; ops: FastifyInstance }> {
  const { service, env } = definition;
  const logger = createLogger(service, env.LOG_LEVEL);
  const metrics = new Metrics(service);
  const schema = serviceSchema(definition);
  const tracing = await createTracing(service, env);

  @Module({
    imports: [
      ObservabilityModule.forRoot({ metrics, logger }),
      DatabaseModule.forRoot(
        createDataSourceOptions({
          url: env.DATABASE_URL,
          schema,
          applicationName: service,
          subscribers: definition.subscribers ?? [],
          poolSize: env.DATABASE_POOL_SIZE,
        }),
      ),
      MessagingModule.forRoot({
        service,
        natsUrl: env.NATS_URL,
        ...(env.NATS_USER ? { natsUser: env.NATS_USER, natsPassword: env.NATS_PASSWORD ?? '' } : {}),
        ...(env.NATS_TLS_CA ? { natsTlsCa: env.NATS_TLS_CA } : {}),
        kabKotaCode: env.KAB_KOTA_CODE,
        streamReplicas: env.NATS_STREAM_REPLICAS,
        databaseUrl: env.DATABASE_URL,
        schema,
        tracing,
        ...definition.messaging,
      }),
      HealthModule.forRoot([DatabaseHealthIndicator, MessagingHealthIndicator]),
      ...(definition.imports ?? []),
    ],
  })
  class ServiceRootModule {}
  Object.defineProperty(ServiceRootModule, 'name', { value: `${service[0]!.toUpperCase()}${service.slice(1)}Module` });

  // X-Forwarded-For is believed only from the proxies in TRUST_PROXY (none by default).
  const adapter = new FastifyAdapter({
    bodyLimit: definition.bodyLimit ?? 1024 * 1024,
    trustProxy: trustedProxies(env),
    ...definition.httpServerOptions,
  });
  const fastify = adapter.getInstance();
  registerHttpObservability(fastify, { logger, metrics, tracing });
  registerLiveRoute(fastify);
  const ops = createOpsServer({
    metrics,
    logger,
    readiness: () => app.get<ReadinessIndicator[]>(READINESS_INDICATORS),
  });
  fastify.addHook('onClose', async () => {
    await ops.close();
    await tracing.shutdown();
  });
  const app = await NestFactory.create<NestFastifyApplication>(ServiceRootModule, adapter, {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  await definition.configureHttp?.(app, logger);
  // Streams and durables exist already (provisioning step); the transport binds to them.
  await app.init();
  // Deferred: the RPC-only filter below must be registered before the listeners are created.
  const microservice = app.connectMicroservice(
    { strategy: app.get(JetStreamTransport) },
    { inheritAppConfig: true, deferInitialization: true },
  );
  microservice.useGlobalFilters(new DatabaseUnavailableRpcFilter());
  // The application's init hooks ran in app.init(): the microservice must not run them again.
  (microservice as unknown as { setIsInitHookCalled(v: boolean): void }).setIsInitHookCalled(true);
  await app.startAllMicroservices();
  return { app, logger, metrics, ops };
}

/**
 * Entry point of a service's `main.ts`: validates the environment (one readable error listing
 * every bad variable), builds the app and listens. Exits non-zero with a clear log line when it
 * cannot start.
 */
export async function runService<E extends BaseServiceEnv>(
  service: ServiceName,
  envClass: new () => E,
  define: (env: E) => Omit<ServiceDefinition<E>, 'service' | 'env'>,
): Promise<NestFastifyApplication | undefined> {
  let env: E;
  try {
    env = loadConfig(service, envClass);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    return undefined;
  }
  const bootLogger = createLogger(service, env.LOG_LEVEL);
  try {
    const { app, logger, ops } = await createServiceApp({ service, env, ...define(env) });
    await app.listen({ port: env.HTTP_PORT, host: env.HTTP_HOST });
    const boundOps = await listenOps(ops, opsPort(env), env.OPS_HOST);
    logger.info(
      { port: env.HTTP_PORT, host: env.HTTP_HOST, opsPort: boundOps, opsHost: env.OPS_HOST },
      `${service} ready`,
    );
    // The start-up's garbage and grown young generation, given back once the service idles.
    if (env.SLRT_START_GC === '1')
      collectStartGarbage(({ rssBefore, rssAfter, collections }) =>
        logger.info(
          { rssMbBefore: Math.round(rssBefore / 2 ** 20), rssMbAfter: Math.round(rssAfter / 2 ** 20), collections },
          'start-up garbage collected',
        ),
      );
    // Graceful drain: stop pulling and accepting, finish in-flight work, flush the outbox relay,
    // close NATS and the database, exit 0. A second signal or a stuck drain exits at once.
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1);
      stopping = true;
      logger.info({ signal }, `${service} stopping`);
      const force = setTimeout(() => {
        logger.error('graceful shutdown took longer than 25 s; exiting');
        process.exit(1);
      }, 25_000);
      force.unref();
      app.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'error during shutdown');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    return app;
  } catch (err) {
    bootLogger.fatal({ err }, `${service} could not start`);
    process.exit(1);
  }
}
