import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ListOutcomeVerificationsRequestV1,
  OutcomeAnswerReceivedV1,
  RecordOutcomeAnswerRequestV1,
} from '@slrt/contracts';
import { EventContext, OnEvent, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { OutcomeVerificationService } from './outcome-verification.service.js';

/** Staff operations on outcome verifications, and the households' replies relayed by notification. */
@Controller()
export class OutcomeVerificationHandlers {
  constructor(private readonly outcomes: OutcomeVerificationService) {}

  @OnRequest('slrt.rpc.referral.list-outcome-verifications.v1')
  list(@Payload() data: ListOutcomeVerificationsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.outcomes.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.record-outcome-answer.v1')
  record(@Payload() data: RecordOutcomeAnswerRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.outcomes.record(data, ctx.actor);
  }

  /** Durable name WIRE-STABLE (libs/messaging/src/durables.json); runs in the inbox's transaction. */
  @OnEvent('slrt.evt.notification.outcome-answer.received.v1', { durable: 'referral-outcome-answer' })
  async onAnswer(@Payload() data: OutcomeAnswerReceivedV1, @Ctx() ctx: EventContext) {
    await this.outcomes.onReply(ctx.manager, data.verificationId, data.answer, data.via, new Date(data.receivedAt));
  }
}
