import { type DynamicModule, Module } from '@nestjs/common';
import { RegistryEnv } from '../config/registry.env.js';
import { ComplaintEventsConsumer } from './complaint-events.consumer.js';
import { DataChangesRepository } from './data-changes.repository.js';
import { DataChangesService } from './data-changes.service.js';
import { KepesertaanDataChangesService } from './kepesertaan-data-changes.service.js';
import { PpksRepository } from './ppks.repository.js';
import { PpksService } from './ppks.service.js';
import { PrelistService } from './prelist.service.js';
import { ProposalLifecycle } from './proposal-lifecycle.js';
import { ProposalRecords } from './proposal-records.js';
import { PROPOSAL_TRANSITIONS } from './proposal-transitions.js';
import { ProposalsHandlers } from './proposals.handlers.js';
import { ProposalsRepository } from './proposals.repository.js';
import { WithdrawalsService } from './withdrawals.service.js';

/**
 * Proposals to SIKS-NG: prelist entries, data changes and PPKS records, their lifecycle, and the
 * `PROPOSAL_TRANSITIONS` port the SIKS-NG exchange uses to submit and apply verivali results.
 */
@Module({})
export class ProposalsModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: ProposalsModule,
      controllers: [ProposalsHandlers, ComplaintEventsConsumer],
      providers: [
        { provide: RegistryEnv, useValue: env },
        ProposalsRepository,
        ProposalLifecycle,
        ProposalRecords,
        { provide: PROPOSAL_TRANSITIONS, useExisting: ProposalLifecycle },
        PrelistService,
        DataChangesService,
        DataChangesRepository,
        KepesertaanDataChangesService,
        PpksService,
        PpksRepository,
        WithdrawalsService,
      ],
      exports: [ProposalLifecycle, PROPOSAL_TRANSITIONS, ProposalsRepository],
    };
  }
}
