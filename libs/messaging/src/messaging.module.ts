import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { LOGGER, Metrics, type Logger } from '@slrt/observability';
import { connectNats, inboxPrefix } from './connection.js';
import { JetStreamTransport } from './jetstream.transport.js';
import { OutboxPublisher } from './outbox.publisher.js';
import { OutboxRelay } from './outbox.relay.js';
import { RpcClient } from './rpc.client.js';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens.js';

/**
 * Order of work over the application's life: the relay starts once the app is up and stops before
 * the database closes; the NATS connection drains last, after the transport (closed by Nest
 * between these hooks) has finished its in-flight work. Streams and durable consumers are not
 * created here: the provisioning step (`provisionJetStream`, identity "provisioner") does that.
 */
@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly relay: OutboxRelay,
  ) {}

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
              // Replies reach only this service's inbox prefix (its NATS user may subscribe nowhere else).
              inboxPrefix: inboxPrefix(options.natsUser ?? options.service),
              ...(options.natsTlsCa ? { tlsCaFile: options.natsTlsCa } : {}),
            }),
        },
        { provide: OutboxPublisher, useValue: new OutboxPublisher({ ...producer, schema: options.schema }) },
        {
          provide: OutboxRelay,
          inject: [DataSource, NATS_CONNECTION, LOGGER, Metrics],
          useFactory: (dataSource: DataSource, nc: NatsConnection, logger: Logger, metrics: Metrics) =>
            new OutboxRelay({
              dataSource,
              databaseUrl: options.databaseUrl,
              schema: options.schema,
              js: jetstream(nc),
              logger,
              metrics,
            }),
        },
        {
          provide: RpcClient,
          inject: [NATS_CONNECTION, LOGGER, Metrics],
          useFactory: (nc: NatsConnection, logger: Logger, metrics: Metrics) =>
            new RpcClient(nc, producer, logger, metrics),
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
              ...(options.tracing ? { tracing: options.tracing } : {}),
            }),
        },
        MessagingLifecycle,
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, OutboxPublisher, OutboxRelay, RpcClient, JetStreamTransport],
    };
  }
}
