import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { LOGGER, Metrics, type Logger } from '@slrt/observability';
import { connectNats } from './connection.js';
import { JetStreamTransport } from './jetstream.transport.js';
import { OutboxPublisher } from './outbox.publisher.js';
import { OutboxRelay } from './outbox.relay.js';
import { ensureStreams } from './provisioning.js';
import { RpcClient } from './rpc.client.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens.js';

/**
 * Order of work over the application's life: streams exist before anything publishes; the relay
 * starts once the app is up and stops before the database closes; the NATS connection drains
 * last, after the transport (closed by Nest between these hooks) has finished its in-flight work.
 */
@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly relay: OutboxRelay,
  ) {}

  async onModuleInit() {
    const changed = await ensureStreams(await jetstreamManager(this.nc), { replicas: this.options.streamReplicas ?? 1 });
    if (changed.length) this.logger.info({ streams: changed }, 'JetStream streams provisioned');
  }

  onApplicationBootstrap() {
    if (this.options.relay !== false) this.relay.start();
  }

  async beforeApplicationShutdown() {
    await this.relay.stop();
  }

  async onApplicationShutdown() {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }
}

/**
 * The service's connection to the bus: NATS connection, stream provisioning, outbox publisher and
 * relay, request client, the JetStream transport (connect it with
 * `app.connectMicroservice({ strategy: app.get(JetStreamTransport) })`). Needs `DatabaseModule` and
 * `ObservabilityModule` in the application; give `MessagingHealthIndicator` to `HealthModule`.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const producer = { service: options.service, kabKotaCode: options.kabKotaCode };
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          inject: [LOGGER],
          useFactory: (logger: Logger) =>
            connectNats({
              url: options.natsUrl,
              name: options.service,
              logger,
              ...(options.natsUser ? { user: options.natsUser, password: options.natsPassword ?? '' } : {}),
            }),
        },
        { provide: OutboxPublisher, useValue: new OutboxPublisher({ ...producer, schema: options.schema }) },
        {
          provide: OutboxRelay,
          inject: [DataSource, NATS_CONNECTION, LOGGER, Metrics],
          useFactory: (dataSource: DataSource, nc: NatsConnection, logger: Logger, metrics: Metrics) =>
            new OutboxRelay({ dataSource, databaseUrl: options.databaseUrl, schema: options.schema, js: jetstream(nc), logger, metrics }),
        },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION, LOGGER, Metrics],
          useFactory: (nc: NatsConnection, logger: Logger, metrics: Metrics) => new RpcClient(nc, producer, logger, metrics),
        },
        {
          provide: JetStreamTransport,
          inject: [NATS_CONNECTION, DataSource, LOGGER, Metrics],
          useFactory: (nc: NatsConnection, dataSource: DataSource, logger: Logger, metrics: Metrics) =>
            new JetStreamTransport({
              service: options.service,
              nc,
              dataSource,
              schema: options.schema,
              logger,
              metrics,
              ...(options.maxDeliver ? { maxDeliver: options.maxDeliver } : {}),
              ...(options.retryBaseMs ? { retryBaseMs: options.retryBaseMs } : {}),
              ...(options.ackWaitMs ? { ackWaitMs: options.ackWaitMs } : {}),
            }),
        },
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, OutboxPublisher, OutboxRelay, RpcClient, JetStreamTransport],
    };
  }
}
