import { Controller, Get, Inject, Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule, type HealthIndicatorResult } from '@nestjs/terminus';

/** Something readiness depends on (database, NATS, …). */
export interface ReadinessIndicator {
  check(): Promise<HealthIndicatorResult>;
}

/** Injection token for the readiness indicators given to `HealthModule.forRoot`. */
export const READINESS_INDICATORS = Symbol('READINESS_INDICATORS');

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(READINESS_INDICATORS) private readonly indicators: ReadinessIndicator[],
  ) {}

  /** Liveness: the process answers. No dependency is checked, so a database outage never restarts it. */
  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }

  /** Readiness: every dependency answers; 503 with the failing ones otherwise. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check(this.indicators.map((i) => () => i.check()));
  }
}

/** `/health/live` and `/health/ready` (terminus), with the service's readiness indicators. */
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
      controllers: [HealthController],
      providers: [...indicators, provider],
    };
  }
}
