import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { ReadinessIndicator } from '@slrt/observability';

/** Readiness: the service's database answers a trivial query within a second. */
@Injectable()
export class DatabaseHealthIndicator implements ReadinessIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('database');
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 1000 ms')), 1000).unref()),
      ]);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}

@Injectable()
class DataSourceCloser implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/**
 * Provides the service's initialised TypeORM `DataSource` (injectable as `DataSource`) and closes
 * it last on shutdown.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async () => new DataSource(options).initialize(),
        },
        DataSourceCloser,
      ],
      exports: [DataSource],
    };
  }
}
