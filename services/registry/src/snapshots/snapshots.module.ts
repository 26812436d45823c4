import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { LookupsHandlers } from '../lookups/lookups.handlers.js';
import { LookupsService } from '../lookups/lookups.service.js';
import { SnapshotsHandlers } from './snapshots.handlers.js';
import { SnapshotsService } from './snapshots.service.js';

/** Registry snapshot: imports and lookups against the current snapshot. */
@Module({})
export class SnapshotsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: SnapshotsModule,
      controllers: [SnapshotsHandlers, LookupsHandlers],
      providers: [{ provide: RegistryEnv, useValue: env }, SnapshotsService, LookupsService],
      exports: [SnapshotsService, LookupsService],
    };
  }
}
