import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { MusdesDecisionsService } from './musdes-decisions.service.js';
import { MusdesMeetingsService } from './musdes-meetings.service.js';
import { MusdesSignedRepository } from './musdes-signed.repository.js';
import { MusdesSignedService } from './musdes-signed.service.js';
import { MusdesHandlers } from './musdes.handlers.js';
import { MusdesRepository } from './musdes.repository.js';

/** The musdes/muskel as a meeting: attendance, decisions per household, Berita Acara and its signed scan. */
@Module({})
export class MusdesModule {
  static forRoot(env: RegistryEnv, proposals: DynamicModule): DynamicModule {
    return {
      module: MusdesModule,
      imports: [proposals],
      controllers: [MusdesHandlers],
      providers: [
        { provide: RegistryEnv, useValue: env },
        MusdesRepository,
        MusdesMeetingsService,
        MusdesDecisionsService,
        MusdesSignedRepository,
        MusdesSignedService,
      ],
    };
  }
}
