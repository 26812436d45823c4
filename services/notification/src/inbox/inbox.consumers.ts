import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CaseDeadlineEscalatedV1,
  CaseOpenedV1,
  CaseTransitionedV1,
  FieldCheckRequestedV1,
  FieldCheckReturnedV1,
  ImportCompletedV1,
} from '@slrt/contracts';
import { EventContext, OnEvent } from '@slrt/messaging';
import { NotificationEnv } from '../config/notification.env.js';
import { InboxRules, type InboxDraft } from './inbox-rules.js';
import { InboxRepository } from './inbox.repository.js';
import { inboxHorizon } from './inbox.service.js';

/**
 * Events that put items in staff members' inboxes (durable names WIRE-STABLE). Each handler runs
 * in the transaction that records the event in the inbox, so an event's items are written exactly
 * once across redeliveries and restarts (and the items' unique index holds if it ever did not).
 * An event older than the inbox's horizon (`NOTIFICATION_INBOX_DAYS`; a first deployment reads
 * the streams' whole history) makes no item.
 */
/**
 * Group commit (libs/messaging): the handlers only write this service's own inbox rows through the
 * event's transaction (no request to another service, no lock anyone else waits for), so events
 * fetched together share one transaction, a savepoint each (a failing event is rolled back and
 * retried alone); one batch at a time keeps stream order.
 */
const INBOX_GROUP = { maxMessages: 16, maxWaitMs: 0 };

@Controller()
export class InboxConsumers {
  private readonly rules: InboxRules;

  constructor(
    private readonly repo: InboxRepository,
    private readonly env: NotificationEnv,
  ) {
    this.rules = new InboxRules(env.SLRT_TIME_ZONE);
  }

  @OnEvent('slrt.evt.referral.case.opened.v1', { durable: 'notification-inbox-case-opened', groupCommit: INBOX_GROUP })
  async onCaseOpened(@Payload() data: CaseOpenedV1, @Ctx() ctx: EventContext) {
    await this.repo.rememberCase(ctx.manager, data.caseId, data.programmeCodes);
    await this.write(ctx, this.rules.caseOpened(data));
  }

  @OnEvent('slrt.evt.referral.case.transitioned.v1', {
    durable: 'notification-inbox-case-transitioned',
    groupCommit: INBOX_GROUP,
  })
  async onCaseTransitioned(@Payload() data: CaseTransitionedV1, @Ctx() ctx: EventContext) {
    const programmes = await this.repo.programmesOfCase(ctx.manager, data.caseId);
    await this.write(ctx, this.rules.caseTransitioned(data, programmes));
  }

  @OnEvent('slrt.evt.referral.case.deadline-escalated.v1', {
    durable: 'notification-inbox-case-escalated',
    groupCommit: INBOX_GROUP,
  })
  async onDeadlineEscalated(@Payload() data: CaseDeadlineEscalatedV1, @Ctx() ctx: EventContext) {
    const programmes = await this.repo.programmesOfCase(ctx.manager, data.caseId);
    await this.write(ctx, this.rules.deadlineEscalated(data, programmes));
  }

  @OnEvent('slrt.evt.registry.import.completed.v1', {
    durable: 'notification-inbox-import-completed',
    groupCommit: INBOX_GROUP,
  })
  async onImportCompleted(@Payload() data: ImportCompletedV1, @Ctx() ctx: EventContext) {
    await this.write(ctx, this.rules.importCompleted(data, ctx.envelope.actor, this.env.KAB_KOTA_CODE));
  }

  @OnEvent('slrt.evt.intake.field-check.requested.v1', {
    durable: 'notification-inbox-field-check-requested',
    groupCommit: INBOX_GROUP,
  })
  async onFieldCheckRequested(@Payload() data: FieldCheckRequestedV1, @Ctx() ctx: EventContext) {
    await this.write(ctx, this.rules.fieldCheckRequested(data));
  }

  @OnEvent('slrt.evt.intake.field-check.returned.v1', {
    durable: 'notification-inbox-field-check-returned',
    groupCommit: INBOX_GROUP,
  })
  async onFieldCheckReturned(@Payload() data: FieldCheckReturnedV1, @Ctx() ctx: EventContext) {
    await this.write(ctx, this.rules.fieldCheckReturned(data));
  }

  private async write(ctx: EventContext, drafts: InboxDraft[]) {
    if (new Date(ctx.envelope.occurredAt).getTime() <= inboxHorizon(this.env).getTime()) return;
    await this.repo.insert(ctx.manager, ctx.envelope.id, drafts);
  }
}
