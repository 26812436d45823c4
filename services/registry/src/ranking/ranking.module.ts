import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { RankingHandlers } from './ranking.handlers.js';
import { RankingRepository } from './ranking.repository.js';
import { RankingService } from './ranking.service.js';

/** Candidate ranking for local programmes (households of the current snapshot, criteria as data). */
@Module({})
export class RankingModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: RankingModule,
      controllers: [RankingHandlers],
      providers: [{ provide: RegistryEnv, useValue: env }, RankingService, RankingRepository],
      exports: [RankingService],
    };
  }
}
