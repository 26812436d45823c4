import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { RankingHandlers } from '../ranking/ranking.handlers.js';
import { RankingService } from '../ranking/ranking.service.js';
import { SiksExportsService } from './siks-exports.service.js';
import { SiksHandlers } from './siks.handlers.js';
import { VerivaliImportService } from './verivali-import.service.js';

/** The SIKS-NG exchange (export batches, verivali results) and candidate ranking for local programmes. */
@Module({})
export class SiksModule {
  static forRoot(env: RegistryEnv, proposals: DynamicModule): DynamicModule {
    return {
      module: SiksModule,
      imports: [proposals],
      controllers: [SiksHandlers, RankingHandlers],
      providers: [{ provide: RegistryEnv, useValue: env }, SiksExportsService, VerivaliImportService, RankingService],
      exports: [SiksExportsService, VerivaliImportService, RankingService],
    };
  }
}
