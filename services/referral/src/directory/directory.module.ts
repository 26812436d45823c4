import { Module, type DynamicModule } from '@nestjs/common';
import { ReferralEnv } from '../config/referral.env.js';
import { DirectoryHandlers } from './directory.handlers.js';
import { DirectoryService } from './directory.service.js';
import { PublicProgrammesService } from './public-programmes.service.js';

/** Routing rules and the programme catalogue: the directory's data an ADMIN edits without code. */
@Module({})
export class DirectoryModule {
  static forRoot(env: ReferralEnv): DynamicModule {
    return {
      module: DirectoryModule,
      controllers: [DirectoryHandlers],
      providers: [{ provide: ReferralEnv, useValue: env }, DirectoryService, PublicProgrammesService],
    };
  }
}
