import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { ColumnProfilesRepository } from './column-profiles.repository.js';
import { ColumnProfilesService } from './column-profiles.service.js';
import { ImportFilesService } from './import-files.service.js';
import { ImportJobsRepository } from './import-jobs.repository.js';
import { SnapshotsHandlers } from './snapshots.handlers.js';
import { SnapshotsService } from './snapshots.service.js';

/** Registry snapshot imports (lookups against the current snapshot live in LookupsModule). */
@Module({})
export class SnapshotsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: SnapshotsModule,
      controllers: [SnapshotsHandlers],
      providers: [
        { provide: RegistryEnv, useValue: env },
        SnapshotsService,
        ImportJobsRepository,
        ImportFilesService,
        ColumnProfilesRepository,
        ColumnProfilesService,
      ],
      exports: [SnapshotsService],
    };
  }
}
