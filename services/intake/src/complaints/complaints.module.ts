import { Module, type DynamicModule } from '@nestjs/common';
import { IntakeEnv } from '../config/intake.env.js';
import { ComplaintsHandlers } from './complaints.handlers.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ComplaintsService } from './complaints.service.js';
import { RegistryCheck, RegistryCheckScheduler } from './registry-check.js';

/** Complaints registered by FO and FS: registration, triage, offline sync, reads, corrections. */
@Module({})
export class ComplaintsModule {
  static forRoot(env: IntakeEnv): DynamicModule {
    return {
      module: ComplaintsModule,
      controllers: [ComplaintsHandlers],
      providers: [{ provide: IntakeEnv, useValue: env }, ComplaintsRepository, ComplaintsService, RegistryCheck, RegistryCheckScheduler],
      exports: [ComplaintsService, ComplaintsRepository, IntakeEnv],
    };
  }
}
