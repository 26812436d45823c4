import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ProposalStatusChangedV1 } from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { CaseOpening } from './case-opening.service.js';
import {
  lockComplaintOutcomes,
  markRegistryOutcomeApplied,
  recordRegistryOutcome,
  registryStep,
} from './registry-outcomes.js';

/**
 * Closing the loop from the registry: each status change of a proposal made for a complaint
 * (prelist, data change, PPKS) is recorded, and the complaint's case learns it — a step in its
 * history, or, on a final outcome, the move that lets the citizen be told. Durable name
 * WIRE-STABLE; exactly once through the inbox (same transaction).
 */
@Controller()
export class RegistryOutcomesConsumer {
  constructor(private readonly opening: CaseOpening) {}

  @OnEvent('slrt.evt.registry.proposal.status-changed.v1', { durable: 'referral-proposal-status' })
  async onProposalStatus(@Payload() data: ProposalStatusChangedV1, @Ctx() ctx: EventContext) {
    if (!data.complaintId) return;
    await lockComplaintOutcomes(ctx.manager, data.complaintId);
    if (!(await recordRegistryOutcome(ctx.manager, ctx.envelope.id, data))) return;
    const step = registryStep(data);
    const caseId = await this.opening.applyRegistryStep(ctx.manager, data.complaintId, step.action, step.note);
    if (caseId) await markRegistryOutcomeApplied(ctx.manager, ctx.envelope.id, caseId);
  }
}
