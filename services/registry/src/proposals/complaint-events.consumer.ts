import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ComplaintRegistryCheckedV1, ComplaintWithdrawnV1 } from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { KepesertaanDataChangesService } from './kepesertaan-data-changes.service.js';
import { PrelistService } from './prelist.service.js';
import { WithdrawalsService } from './withdrawals.service.js';

/**
 * JetStream consumers of the proposals (durable names are WIRE-STABLE: renaming one replays its
 * stream). Each runs in the transaction that also records the event in the inbox, so a
 * redelivered event changes nothing.
 */
@Controller()
export class ComplaintEventsConsumer {
  constructor(
    private readonly prelist: PrelistService,
    private readonly withdrawals: WithdrawalsService,
    private readonly kepesertaan: KepesertaanDataChangesService,
  ) {}

  /**
   * Not in the registry → a draft prelist entry for the complaint (subject fetched from intake);
   * in the registry with kepesertaan or programmes the registry lacks → a draft data change.
   * More deliveries than the default: while intake does not answer the event is nak'ed with
   * backoff (capped at a minute), so an outage of about a quarter of an hour is ridden out.
   */
  @OnEvent('slrt.evt.intake.complaint.registry-checked.v1', { durable: 'registry-complaint-checked', maxDeliver: 20 })
  async onRegistryChecked(@Payload() data: ComplaintRegistryCheckedV1, @Ctx() ctx: EventContext) {
    await this.prelist.createFromComplaint(ctx.manager, data, ctx.envelope.actor);
    await this.kepesertaan.createFromComplaint(ctx.manager, data, ctx.envelope.actor);
  }

  /** The complaint was withdrawn → its proposals not yet submitted are withdrawn. */
  @OnEvent('slrt.evt.intake.complaint.withdrawn.v1', { durable: 'registry-complaint-withdrawn' })
  async onWithdrawn(@Payload() data: ComplaintWithdrawnV1, @Ctx() ctx: EventContext) {
    await this.withdrawals.withdrawForComplaint(ctx.manager, data.complaintId, data.reason, ctx.envelope.actor);
  }
}
