import { Controller } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  systemActor,
  type ComplaintDetailV1,
  type ComplaintRegistryCheckedV1,
  type ComplaintWithdrawnV1,
} from '@slrt/contracts';
import { EventContext, OnEvent, RpcClient } from '@slrt/messaging';
import { KepesertaanDataChangesService, complaintDataChangeKey } from './kepesertaan-data-changes.service.js';
import { complaintForRegistry } from './intake-complaints.js';
import { PrelistService } from './prelist.service.js';
import { ProposalsRepository } from './proposals.repository.js';
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
    private readonly rpc: RpcClient,
    private readonly dataSource: DataSource,
    private readonly repo: ProposalsRepository,
  ) {}

  /**
   * Not in the registry → a draft prelist entry for the complaint (subject fetched from intake);
   * in the registry with kepesertaan or programmes the registry lacks → a draft data change.
   * The complaint is asked of intake before the inbox transaction (`prepare`: no connection held
   * while intake answers). More deliveries than the default: while intake does not answer the
   * event is nak'ed with backoff (capped at a minute), so an outage of about a quarter of an hour
   * is ridden out.
   */
  @OnEvent('slrt.evt.intake.complaint.registry-checked.v1', {
    durable: 'registry-complaint-checked',
    maxDeliver: 20,
    prepare: (self: ComplaintEventsConsumer, data: ComplaintRegistryCheckedV1) => self.complaintOf(data),
  })
  async onRegistryChecked(
    @Payload() data: ComplaintRegistryCheckedV1,
    @Ctx() ctx: EventContext<ComplaintRegistryCheckedV1, ComplaintDetailV1 | null>,
  ) {
    await this.prelist.createFromComplaint(ctx.manager, data, ctx.envelope.actor, ctx.prepared);
    await this.kepesertaan.createFromComplaint(ctx.manager, data, ctx.envelope.actor, ctx.prepared);
  }

  /**
   * The complaint as intake holds it (subject revealed, asked as `system:registry`) when a proposal
   * may be drafted from it (`prelist`, or `in-registry`) and none has been yet, else null: a
   * redelivered event asks intake nothing (the handler checks again in its transaction). Read-only.
   * Intake down → thrown, the event is retried; intake refusing → dead-lettered (`intake-complaints.ts`).
   */
  async complaintOf(c: ComplaintRegistryCheckedV1): Promise<ComplaintDetailV1 | null> {
    const me = systemActor('registry');
    const m = this.dataSource.manager;
    const prelist = c.nextStep === 'prelist' && !(await this.repo.prelistIdByComplaint(m, c.complaintId));
    const dataChange =
      c.outcome === 'in-registry' &&
      !(await this.repo.idByKey(m, 'data-change', me.id, complaintDataChangeKey(c.complaintId)));
    if (!prelist && !dataChange) return null;
    return complaintForRegistry(this.rpc, c.complaintId, me);
  }

  /** The complaint was withdrawn → its proposals not yet submitted are withdrawn. */
  @OnEvent('slrt.evt.intake.complaint.withdrawn.v1', { durable: 'registry-complaint-withdrawn' })
  async onWithdrawn(@Payload() data: ComplaintWithdrawnV1, @Ctx() ctx: EventContext) {
    await this.withdrawals.withdrawForComplaint(ctx.manager, data.complaintId, data.reason, ctx.envelope.actor);
  }
}
