import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { StatementsHandlers } from './statements.handlers.js';
import { StatementsRepository } from './statements.repository.js';
import { StatementsService } from './statements.service.js';

/** Registered-in-DTKS statements (PDF) and the public verification of documents. */
@Module({})
export class StatementsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: StatementsModule,
      controllers: [StatementsHandlers],
      providers: [{ provide: RegistryEnv, useValue: env }, StatementsRepository, StatementsService],
    };
  }
}
