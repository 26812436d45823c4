import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  CountUnreadInboxRequestV1,
  ListInboxRequestV1,
  MarkAllInboxReadRequestV1,
  MarkInboxReadRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { InboxService } from './inbox.service.js';

/** NATS request adapters of the staff inbox: map, call, return. */
@Controller()
export class InboxHandlers {
  constructor(private readonly inbox: InboxService) {}

  @OnRequest('slrt.rpc.notification.list-inbox.v1')
  list(@Payload() data: ListInboxRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.inbox.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.notification.count-unread-inbox.v1')
  unread(@Payload() data: CountUnreadInboxRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.inbox.unread(data.kind, ctx.actor);
  }

  @OnRequest('slrt.rpc.notification.mark-inbox-read.v1')
  markRead(@Payload() data: MarkInboxReadRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.inbox.markRead(data.itemId, ctx.actor);
  }

  @OnRequest('slrt.rpc.notification.mark-all-inbox-read.v1')
  markAllRead(@Payload() data: MarkAllInboxReadRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.inbox.markAllRead(data, ctx.actor);
  }
}
