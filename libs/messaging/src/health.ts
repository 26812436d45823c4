import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { ReadinessIndicator } from '@slrt/observability';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens.js';

function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timeout after ${ms} ms`)), ms).unref()),
  ]);
}

/**
 * Readiness of the messaging layer: the NATS connection answers a round trip, and JetStream
 * knows the service's own event stream.
 */
@Injectable()
export class MessagingHealthIndicator implements ReadinessIndicator {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('nats');
    if (this.nc.isClosed()) return indicator.down({ message: 'connection closed' });
    try {
      await within(1000, this.nc.flush());
      const jsm = await jetstreamManager(this.nc, { timeout: 1000 });
      const stream = `SLRT_${this.options.service.toUpperCase()}`;
      const info = await within(1000, jsm.streams.info(stream));
      return indicator.up({ stream, messages: info.state.messages });
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
