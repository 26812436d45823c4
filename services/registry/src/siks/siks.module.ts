import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { SiksExportsRepository } from './siks-exports.repository.js';
import { SiksExportsService } from './siks-exports.service.js';
import { SiksHandlers } from './siks.handlers.js';
import { VerivaliImportService } from './verivali-import.service.js';
import { VerivaliImportsRepository } from './verivali-imports.repository.js';

/** The SIKS-NG exchange: export batches and verivali results (candidate ranking is RankingModule). */
@Module({})
export class SiksModule {
  static forRoot(env: RegistryEnv, proposals: DynamicModule): DynamicModule {
    return {
      module: SiksModule,
      imports: [proposals],
      controllers: [SiksHandlers],
      providers: [
        { provide: RegistryEnv, useValue: env },
        SiksExportsRepository,
        SiksExportsService,
        VerivaliImportService,
        VerivaliImportsRepository,
      ],
      exports: [SiksExportsService, VerivaliImportService],
    };
  }
}
