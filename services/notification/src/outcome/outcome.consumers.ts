import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { OutcomeVerificationCompletedV1, OutcomeVerificationRequestedV1 } from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { OutcomeQuestions } from './outcome-questions.js';

/** Outcome verification's events from referral (durables WIRE-STABLE; each runs in its inbox transaction). */
@Controller()
export class OutcomeConsumers {
  constructor(private readonly questions: OutcomeQuestions) {}

  @OnEvent('slrt.evt.referral.outcome-verification.requested.v1', { durable: 'notification-outcome-requested' })
  async onRequested(@Payload() data: OutcomeVerificationRequestedV1, @Ctx() ctx: EventContext) {
    await this.questions.ask(ctx.manager, data);
  }

  @OnEvent('slrt.evt.referral.outcome-verification.completed.v1', { durable: 'notification-outcome-completed' })
  async onCompleted(@Payload() data: OutcomeVerificationCompletedV1, @Ctx() ctx: EventContext) {
    await this.questions.settled(ctx.manager, data);
  }
}
