import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ComplaintCorrectedV1,
  ComplaintRegistryCheckedV1,
  ComplaintWithdrawnV1,
  OwnerResponseAcceptedV1,
  OwnerResponseRejectedV1,
  OwnerResponseResolvedV1,
  OwnerResponseReviewRequestedV1,
} from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { CaseOpening } from './case-opening.service.js';
import { OwnerAnswers, type OwnerAnswer } from './owner-answers.service.js';

/**
 * The owner code of a concrete owner subject `slrt.owner.<code>.response.<event>.v1`: the
 * answer's identity (NATS permissions let an owner publish only on its own subjects).
 */
function ownerOf(ctx: EventContext): string {
  return ctx.subject.split('.')[2]!;
}

/** The owner codes the message names itself (envelope producer `owner:<code>`, the actor's owner code): claims, not identity. */
function claimedOwners(ctx: EventContext): string[] {
  const claims: string[] = [];
  const producer = /^owner:(.+)$/.exec(ctx.envelope.producer);
  if (producer) claims.push(producer[1]!);
  if (ctx.envelope.actor?.ownerCode) claims.push(ctx.envelope.actor.ownerCode);
  return claims;
}

/**
 * JetStream consumers of referral (durable names are WIRE-STABLE: renaming one replays its
 * stream). Each runs in the transaction that also records the event in the inbox.
 */
@Controller()
export class CasesConsumers {
  constructor(
    private readonly opening: CaseOpening,
    private readonly answers: OwnerAnswers,
  ) {}

  @OnEvent('slrt.evt.intake.complaint.registry-checked.v1', { durable: 'referral-complaint-checked' })
  async onRegistryChecked(@Payload() data: ComplaintRegistryCheckedV1, @Ctx() ctx: EventContext) {
    await this.opening.openFromComplaint(ctx.manager, data, ctx.envelope.actor);
  }

  @OnEvent('slrt.evt.intake.complaint.withdrawn.v1', { durable: 'referral-complaint-withdrawn' })
  async onWithdrawn(@Payload() data: ComplaintWithdrawnV1, @Ctx() ctx: EventContext) {
    await this.opening.withdrawForComplaint(ctx.manager, data.complaintId, data.reason, ctx.envelope.actor);
  }

  @OnEvent('slrt.evt.intake.complaint.corrected.v1', { durable: 'referral-complaint-corrected' })
  async onCorrected(@Payload() data: ComplaintCorrectedV1, @Ctx() ctx: EventContext) {
    await this.opening.rerouteCorrected(ctx.manager, data);
  }

  @OnEvent('slrt.owner.*.response.accepted.v1', { durable: 'referral-owner-accepted', handleInvalid: true })
  onAccepted(@Payload() data: OwnerResponseAcceptedV1, @Ctx() ctx: EventContext) {
    return this.answer(ctx, 'accepted', data);
  }

  @OnEvent('slrt.owner.*.response.rejected.v1', { durable: 'referral-owner-rejected', handleInvalid: true })
  onRejected(@Payload() data: OwnerResponseRejectedV1, @Ctx() ctx: EventContext) {
    return this.answer(ctx, 'rejected', data);
  }

  @OnEvent('slrt.owner.*.response.review-requested.v1', {
    durable: 'referral-owner-review-requested',
    handleInvalid: true,
  })
  onReviewRequested(@Payload() data: OwnerResponseReviewRequestedV1, @Ctx() ctx: EventContext) {
    return this.answer(ctx, 'review-requested', data);
  }

  @OnEvent('slrt.owner.*.response.resolved.v1', { durable: 'referral-owner-resolved', handleInvalid: true })
  onResolved(@Payload() data: OwnerResponseResolvedV1, @Ctx() ctx: EventContext) {
    return this.answer(ctx, 'resolved', data);
  }

  /**
   * Every answer gets exactly one feedback on the owner's feedback subject: applied, or refused
   * with a code — an answer failing validation too (`handleInvalid`: not dead-lettered but refused,
   * recorded and fed back), in the transaction that records it in the inbox.
   */
  private async answer(ctx: EventContext, answer: OwnerAnswer, data: { referralId: string } | null) {
    if (ctx.invalid || !data) {
      await this.answers.refuseInvalidAnswer(
        ctx.manager,
        ownerOf(ctx),
        ctx.invalid ?? { reason: 'invalid payload', fieldErrors: [], body: null, envelopeId: null },
        ctx.envelope.id,
        ctx.subject,
        ctx.receivedAt,
      );
      return;
    }
    await this.answers.applyOwnerAnswer(
      ctx.manager,
      ownerOf(ctx),
      answer,
      data,
      `nats:${ctx.envelope.id}`,
      claimedOwners(ctx),
      { answerId: ctx.envelope.id, answerSubject: ctx.subject, receivedAt: ctx.receivedAt },
    );
  }
}
