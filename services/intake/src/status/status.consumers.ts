import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CaseOpenedV1,
  CaseTransitionedV1,
  OutcomeVerificationCompletedV1,
  ProposalStatusChangedV1,
} from '@slrt/contracts';
import { EventContext, OnEvent, OutboxPublisher } from '@slrt/messaging';
import {
  OUTCOME_VERIFIED_TEXT,
  stepsOfCaseOpened,
  stepsOfCaseTransition,
  stepsOfProposalStatus,
} from './step-mapping.js';
import { enterOutcomeVerified, enterStep, type StepEntry } from './status-history.js';

/**
 * The complaint's status follows its case and the registry's proposals: each event becomes zero or
 * more steps of the public timeline (see step-mapping.ts), entered in the transaction that also
 * records the event in the inbox, so a redelivered event changes nothing. Durable names are
 * WIRE-STABLE (libs/messaging/src/durables.json).
 */
@Controller()
export class StatusConsumers {
  constructor(private readonly outbox: OutboxPublisher) {}

  @OnEvent('slrt.evt.referral.case.opened.v1', { durable: 'intake-case-opened' })
  async onCaseOpened(@Payload() data: CaseOpenedV1, @Ctx() ctx: EventContext) {
    await this.enter(ctx, data.complaintId, stepsOfCaseOpened(data, `nats:${ctx.envelope.id}`));
  }

  @OnEvent('slrt.evt.referral.case.transitioned.v1', { durable: 'intake-case-transitioned' })
  async onCaseTransitioned(@Payload() data: CaseTransitionedV1, @Ctx() ctx: EventContext) {
    await this.enter(ctx, data.complaintId, stepsOfCaseTransition(data, `nats:${ctx.envelope.id}`));
  }

  @OnEvent('slrt.evt.registry.proposal.status-changed.v1', { durable: 'intake-proposal-status' })
  async onProposalStatus(@Payload() data: ProposalStatusChangedV1, @Ctx() ctx: EventContext) {
    if (!data.complaintId) return;
    await this.enter(ctx, data.complaintId, stepsOfProposalStatus(data, `nats:${ctx.envelope.id}`));
  }

  /** The household confirmed the outcome: "Hasil diverifikasi" on the timeline (a disputed one arrives as the case's reopen). */
  @OnEvent('slrt.evt.referral.outcome-verification.completed.v1', { durable: 'intake-outcome-completed' })
  async onOutcomeCompleted(@Payload() data: OutcomeVerificationCompletedV1, @Ctx() ctx: EventContext) {
    if (data.outcome !== 'verified') return;
    await enterOutcomeVerified(
      ctx.manager,
      data.complaintId,
      new Date(data.completedAt),
      `nats:${ctx.envelope.id}`,
      OUTCOME_VERIFIED_TEXT,
    );
  }

  private async enter(ctx: EventContext, complaintId: string, steps: StepEntry[]) {
    for (const step of steps) await enterStep(this.outbox, ctx.manager, complaintId, step);
  }
}
