import { Module, type DynamicModule } from '@nestjs/common';
import { ReferralEnv } from '../config/referral.env.js';
import { CasesConsumers } from './cases.consumers.js';
import { CasesHandlers } from './cases.handlers.js';
import { CasesRepository } from './cases.repository.js';
import { CasesService } from './cases.service.js';
import { DeadlineEscalation } from './deadline-escalation.js';
import { OwnerDataRetention } from './owner-data-retention.js';
import { DisclosuresHandlers } from './disclosures.handlers.js';
import { RegistryOutcomesConsumer } from './registry-outcomes.consumer.js';
import { OutcomeVerificationHandlers } from '../outcome/outcome-verification.handlers.js';
import { OutcomeVerificationService } from '../outcome/outcome-verification.service.js';
import { OutcomeVerificationTask } from '../outcome/outcome-verification.task.js';

/** Cases, the review chain, routing to programme owners, the owner channel and deadlines. */
@Module({})
export class CasesModule {
  static forRoot(env: ReferralEnv): DynamicModule {
    return {
      module: CasesModule,
      controllers: [CasesHandlers, CasesConsumers, RegistryOutcomesConsumer, DisclosuresHandlers, OutcomeVerificationHandlers],
      providers: [{ provide: ReferralEnv, useValue: env }, CasesRepository, CasesService, DeadlineEscalation, OwnerDataRetention, OutcomeVerificationService, OutcomeVerificationTask],
      exports: [CasesService, DeadlineEscalation, OwnerDataRetention, OutcomeVerificationService, OutcomeVerificationTask],
    };
  }
}
