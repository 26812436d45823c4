import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { ProposalLifecycle } from './proposal-lifecycle.js';
import { PROPOSAL_TRANSITIONS } from './proposal-transitions.js';

/**
 * Proposals to SIKS-NG: prelist entries, data changes and PPKS records, their lifecycle, and the
 * `PROPOSAL_TRANSITIONS` port the SIKS-NG exchange uses to submit and apply verivali results.
 */
@Module({})
export class ProposalsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: ProposalsModule,
      controllers: [],
      providers: [{ provide: RegistryEnv, useValue: env }, ProposalLifecycle, { provide: PROPOSAL_TRANSITIONS, useExisting: ProposalLifecycle }],
      exports: [ProposalLifecycle, PROPOSAL_TRANSITIONS],
    };
  }
}
