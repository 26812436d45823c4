import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { LookupPool } from './lookup-pool.js';
import { LookupsHandlers } from './lookups.handlers.js';
import { LookupsRepository } from './lookups.repository.js';
import { LookupsService } from './lookups.service.js';
import { PersonLookupsRepository } from './person-lookups.repository.js';
import { PersonLookupsService } from './person-lookups.service.js';

/** Lookups in the current snapshot: intake's NIK check, operators' person lookup, the lookup audit. */
@Module({})
export class LookupsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: LookupsModule,
      controllers: [LookupsHandlers],
      providers: [
        { provide: RegistryEnv, useValue: env },
        LookupPool,
        LookupsRepository,
        LookupsService,
        PersonLookupsRepository,
        PersonLookupsService,
      ],
      exports: [LookupsService, PersonLookupsService],
    };
  }
}
