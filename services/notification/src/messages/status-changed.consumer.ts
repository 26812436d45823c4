import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ComplaintStatusChangedV1 } from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { MessagePlanning } from './message-planning.service.js';

/**
 * A step of a complaint's timeline becomes the messages its rule asks for, in the transaction
 * that records the event in the inbox (durable name WIRE-STABLE). A redelivery finds the inbox row
 * and does nothing; the unique (complaint, sequence, recipient, channel) key guards the rest.
 * Group commit: the events already fetched (up to 16; no waiting for more: maxWaitMs 0) share one
 * transaction, each under its own savepoint, and four such batches run at once (transitions are
 * independent, each has its own sequence, so order does not matter). The first event of a batch
 * asks intake for the whole batch's contacts in one request; nothing else in the handler waits on
 * the network, and it takes no row lock but its own inserts'.
 */
@Controller()
export class StatusChangedConsumer {
  constructor(private readonly planning: MessagePlanning) {}

  @OnEvent('slrt.evt.intake.complaint.status-changed.v1', {
    durable: 'notification-complaint-status',
    concurrency: 4,
    groupCommit: { maxMessages: 16, maxWaitMs: 0 },
  })
  async onStatusChanged(@Payload() data: ComplaintStatusChangedV1, @Ctx() ctx: EventContext) {
    await this.planning.planForTransition(ctx.manager, data, ctx.batch as readonly ComplaintStatusChangedV1[]);
  }
}
