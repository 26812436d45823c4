import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ListOwnerWebhooksRequestV1,
  ListWebhookDeliveriesRequestV1,
  RedeliverWebhookDeliveryRequestV1,
  SaveOwnerWebhookRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { WebhooksService } from './webhooks.service.js';

/** NATS request adapters of owners' webhooks (kab/kota-wide ADMIN through the gateway). */
@Controller()
export class WebhooksHandlers {
  constructor(private readonly webhooks: WebhooksService) {}

  @OnRequest('slrt.rpc.referral.list-owner-webhooks.v1')
  list(@Payload() data: ListOwnerWebhooksRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.webhooks.list(data.ownerCode, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-owner-webhook.v1')
  save(@Payload() data: SaveOwnerWebhookRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.webhooks.save(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-webhook-deliveries.v1')
  deliveries(@Payload() data: ListWebhookDeliveriesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.webhooks.listDeliveries(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.redeliver-webhook-delivery.v1')
  redeliver(@Payload() data: RedeliverWebhookDeliveryRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.webhooks.redeliver(data.deliveryId, data.ownerCode, ctx.actor);
  }
}
