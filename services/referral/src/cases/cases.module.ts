import { Module, type DynamicModule } from '@nestjs/common';
import { ReferralEnv } from '../config/referral.env.js';
import { CasesConsumers } from './cases.consumers.js';
import { CasesHandlers } from './cases.handlers.js';
import { CasesRepository } from './cases.repository.js';
import { CaseActions } from './case-actions.service.js';
import { CaseOpening } from './case-opening.service.js';
import { CaseTransitions } from './case-transitions.service.js';
import { CasesService } from './cases.service.js';
import { OwnerAnswers } from './owner-answers.service.js';
import { OwnerReferrals } from './owner-referrals.service.js';
import { DeadlineEscalation } from './deadline-escalation.js';
import { OwnerDataRetention } from './owner-data-retention.js';
import { DisclosuresHandlers } from './disclosures.handlers.js';
import { RegistryOutcomesConsumer } from './registry-outcomes.consumer.js';
import { MassIssuesHandlers } from './mass-issues.handlers.js';
import { MassIssuesRepository } from './mass-issues.repository.js';
import { MassIssueReferral } from './mass-issue-referral.service.js';
import { MassIssuesService } from './mass-issues.service.js';
import { MassIssueAnswers } from './mass-issue-answers.js';
import { OutcomeVerificationHandlers } from '../outcome/outcome-verification.handlers.js';
import { OutcomeVerificationService } from '../outcome/outcome-verification.service.js';
import { OutcomeVerificationTask } from '../outcome/outcome-verification.task.js';

/** Cases, the review chain, routing to programme owners, the owner channel and deadlines. */
@Module({})
export class CasesModule {
  static forRoot(env: ReferralEnv): DynamicModule {
    return {
      module: CasesModule,
      controllers: [
        CasesHandlers,
        CasesConsumers,
        RegistryOutcomesConsumer,
        DisclosuresHandlers,
        MassIssuesHandlers,
        OutcomeVerificationHandlers,
      ],
      providers: [
        { provide: ReferralEnv, useValue: env },
        CasesRepository,
        CasesService,
        CaseTransitions,
        CaseOpening,
        CaseActions,
        OwnerAnswers,
        OwnerReferrals,
        DeadlineEscalation,
        OwnerDataRetention,
        MassIssuesRepository,
        MassIssuesService,
        MassIssueReferral,
        MassIssueAnswers,
        OutcomeVerificationService,
        OutcomeVerificationTask,
      ],
      exports: [
        CasesService,
        CaseTransitions,
        CaseOpening,
        CaseActions,
        OwnerAnswers,
        OwnerReferrals,
        CasesRepository,
        DeadlineEscalation,
        OwnerDataRetention,
        OutcomeVerificationService,
        OutcomeVerificationTask,
      ],
    };
  }
}
