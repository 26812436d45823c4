import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { Metrics } from './metrics.js';

/** Injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

/**
 * Makes the process's `Metrics` and pino logger (token `LOGGER`) injectable everywhere. `/metrics`
 * is served by the operations server (`createOpsServer`), not by the API.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot({ metrics, logger }: { metrics: Metrics; logger: Logger }): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [
        { provide: Metrics, useValue: metrics },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [Metrics, LOGGER],
    };
  }
}
