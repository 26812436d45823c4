import { Inject, Injectable } from '@nestjs/common';
import { RepeatingTask } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { ReferralEnv } from '../config/referral.env.js';
import { OutcomeVerificationService } from './outcome-verification.service.js';

/** Every `REFERRAL_OUTCOME_VERIFY_INTERVAL_MS`: asks the households whose time has come, closes the unanswered. */
@Injectable()
export class OutcomeVerificationTask extends RepeatingTask {
  constructor(
    private readonly outcomes: OutcomeVerificationService,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected interval() {
    return this.env.REFERRAL_OUTCOME_VERIFY_INTERVAL_MS;
  }

  protected roundEnded(error: unknown) {
    if (error) this.logger.warn({ err: error }, 'outcome verification round failed');
  }

  runOnce(now = new Date()) {
    return this.outcomes.runOnce(now);
  }
}
