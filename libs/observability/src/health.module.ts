import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';

/** Something readiness depends on (database, NATS, …). */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult>;
}

/** Injection token for the readiness indicators given to `HealthModule.forRoot`. */
export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');

/**
 * The service's readiness indicators (token `READINESS_INDICATORS`), built with terminus's
 * indicator service. They are served by the operations server (`createOpsServer`), not by the API.
 */
@Module({})
export class HealthModule {
  static forRoot(indicators: Array<Type<ReadinessIndicator>>, imports: DynamicModule['imports'] = []): DynamicModule {
    const provider: Provider = {
      provide: READINESS_INDICATORS,
      useFactory: (...instances: ReadinessIndicator[]) => instances,
      inject: indicators,
    };
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(imports ?? [])],
      providers: [...indicators, provider],
      exports: [READINESS_INDICATORS],
    };
  }
}
