import { Controller, Get, Global, Header, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { Metrics } from './metrics.js';

/** Injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

@Controller()
class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus scrape endpoint. */
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return (await this.metrics.render()).body;
  }
}

/**
 * Makes the process's `Metrics` and pino logger (token `LOGGER`) injectable everywhere and serves
 * `GET /metrics`.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot({ metrics, logger }: { metrics: Metrics; logger: Logger }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: [MetricsController],
      providers: [
        { provide: Metrics, useValue: metrics },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [Metrics, LOGGER],
    };
  }
}
