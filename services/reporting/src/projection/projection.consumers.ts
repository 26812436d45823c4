import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CaseDeadlineEscalatedV1,
  CaseOpenedV1,
  CaseTransitionedV1,
  ComplaintCorrectedV1,
  ComplaintRegisteredV1,
  ComplaintRegistryCheckedV1,
  ComplaintStatusChangedV1,
  MessageOutcomeV1,
  OutcomeVerificationCompletedV1,
  ProposalStatusChangedV1,
} from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { ProjectionRepository } from './projection.repository.js';
import { ReportingMetrics } from './reporting-metrics.js';

/**
 * Group commit (libs/messaging): the projection's writes are small upserts, so per event the
 * transaction's BEGIN, COMMIT and inbox round trips would cost more than the writes themselves;
 * batches of up to 32 fetched events share one transaction and one inbox statement. One batch at a
 * time per durable (stream order kept); two batches fit in the durable's 64 unacked messages, so
 * the next one is fetched while one is written.
 */
const GROUP = { maxMessages: 32, maxWaitMs: 0 };

/**
 * The read model's feed (durable names WIRE-STABLE: a renamed durable replays its stream). Each
 * handler runs in the transaction that records the event in the inbox, so an event changes the
 * read model exactly once across redeliveries and restarts. Only the de-identified events of
 * intake, referral and registry are read; the owner channel (`SLRT_OWNER_OUT`: referrals carry the
 * person's data) is not: referral's `case.transitioned` already names the owners and their answers.
 */
@Controller()
export class ProjectionConsumers {
  constructor(
    private readonly repo: ProjectionRepository,
    private readonly metrics: ReportingMetrics,
  ) {}

  private async advance(ctx: EventContext) {
    await this.repo.advance(ctx.manager, ctx.durable, ctx.envelope.occurredAt);
    this.metrics.applied(ctx.durable, ctx.envelope.occurredAt);
  }

  @OnEvent('slrt.evt.intake.complaint.registered.v1', { durable: 'reporting-complaint-registered', groupCommit: GROUP })
  async onRegistered(@Payload() data: ComplaintRegisteredV1, @Ctx() ctx: EventContext) {
    await this.repo.complaintRegistered(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.intake.complaint.registry-checked.v1', {
    durable: 'reporting-complaint-checked',
    groupCommit: GROUP,
  })
  async onChecked(@Payload() data: ComplaintRegistryCheckedV1, @Ctx() ctx: EventContext) {
    await this.repo.complaintChecked(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.intake.complaint.corrected.v1', { durable: 'reporting-complaint-corrected', groupCommit: GROUP })
  async onCorrected(@Payload() data: ComplaintCorrectedV1, @Ctx() ctx: EventContext) {
    await this.repo.complaintCorrected(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.intake.complaint.status-changed.v1', { durable: 'reporting-complaint-status', groupCommit: GROUP })
  async onStep(@Payload() data: ComplaintStatusChangedV1, @Ctx() ctx: EventContext) {
    await this.repo.complaintStep(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.referral.case.opened.v1', { durable: 'reporting-case-opened', groupCommit: GROUP })
  async onCaseOpened(@Payload() data: CaseOpenedV1, @Ctx() ctx: EventContext) {
    await this.repo.caseOpened(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.referral.case.transitioned.v1', { durable: 'reporting-case-transitioned', groupCommit: GROUP })
  async onCaseTransitioned(@Payload() data: CaseTransitionedV1, @Ctx() ctx: EventContext) {
    await this.repo.caseTransitioned(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.referral.case.deadline-escalated.v1', { durable: 'reporting-case-escalated', groupCommit: GROUP })
  async onEscalated(@Payload() data: CaseDeadlineEscalatedV1, @Ctx() ctx: EventContext) {
    await this.repo.deadlineEscalated(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.registry.proposal.status-changed.v1', { durable: 'reporting-proposal-status', groupCommit: GROUP })
  async onProposal(@Payload() data: ProposalStatusChangedV1, @Ctx() ctx: EventContext) {
    await this.repo.proposalChanged(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.notification.message.outcome.v1', { durable: 'reporting-message-outcome', groupCommit: GROUP })
  async onMessageOutcome(@Payload() data: MessageOutcomeV1, @Ctx() ctx: EventContext) {
    await this.repo.messageOutcome(ctx.manager, data);
    await this.advance(ctx);
  }

  @OnEvent('slrt.evt.referral.outcome-verification.completed.v1', {
    durable: 'reporting-outcome-completed',
    groupCommit: GROUP,
  })
  async onOutcomeCompleted(@Payload() data: OutcomeVerificationCompletedV1, @Ctx() ctx: EventContext) {
    await this.repo.outcomeCompleted(ctx.manager, data);
    await this.advance(ctx);
  }
}
