import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { OwnerResponseForwardedV1 } from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { OwnerAnswers } from '../cases/owner-answers.service.js';
import { ForwardReferralService } from './forward-referral.service.js';

/**
 * An owner's `forwarded` answer over NATS (`slrt.owner.<code>.response.forwarded.v1`, durable
 * `referral-owner-forwarded`, WIRE-STABLE). The owner code is the subject's (NATS permissions bind
 * it to the publisher); the inbox row of this transaction makes it apply once; invalid answers are
 * refused with feedback like the other answers (`handleInvalid`).
 */
@Controller()
export class PuskesosConsumers {
  constructor(
    private readonly forwarder: ForwardReferralService,
    private readonly answers: OwnerAnswers,
  ) {}

  @OnEvent('slrt.owner.*.response.forwarded.v1', { durable: 'referral-owner-forwarded', handleInvalid: true })
  async onForwarded(@Payload() data: OwnerResponseForwardedV1 | null, @Ctx() ctx: EventContext) {
    const ownerCode = ctx.subject.split('.')[2]!;
    if (ctx.invalid || !data) {
      await this.answers.refuseInvalidAnswer(
        ctx.manager,
        ownerCode,
        ctx.invalid ?? { reason: 'invalid payload', fieldErrors: [], body: null, envelopeId: null },
        ctx.envelope.id,
        ctx.subject,
        ctx.receivedAt,
      );
      return;
    }
    const claimed: string[] = [];
    const producer = /^owner:(.+)$/.exec(ctx.envelope.producer);
    if (producer) claimed.push(producer[1]!);
    if (ctx.envelope.actor?.ownerCode) claimed.push(ctx.envelope.actor.ownerCode);
    const complaint = await this.forwarder.complaintFor(ctx.manager, ownerCode, data.referralId);
    await this.forwarder.apply(
      ctx.manager,
      ownerCode,
      data,
      `nats:${ctx.envelope.id}`,
      claimed,
      { answerId: ctx.envelope.id, answerSubject: ctx.subject, receivedAt: ctx.receivedAt },
      complaint,
    );
  }
}
