import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { withRoute, given, pageOf } from '../http/http-input.js';

const OWNER_CODE = {
  name: 'ownerCode',
  description: 'Kode pengelola program, mis. kemensos-pkh',
  schema: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
} as const;

/**
 * Webhook delivery of the owner channel (owners without NATS): configurations and deliveries,
 * managed by a kab/kota-wide ADMIN (referral checks the scope again).
 */
@ApiTags('owner-webhooks')
@Controller('v1/owner-webhooks')
export class OwnerWebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RolesOf('slrt.rpc.referral.list-owner-webhooks.v1')
  @ApiOperation({
    operationId: 'listOwnerWebhooks',
    summary:
      'Konfigurasi webhook pengelola program (URL, aktif, jumlah pengiriman tertunda/gagal/terkirim); rahasia tidak pernah ditampilkan lagi',
  })
  @ApiQuery({ name: 'ownerCode', required: false, schema: OWNER_CODE.schema })
  @ForwardsTo('slrt.rpc.referral.list-owner-webhooks.v1')
  list(@Query('ownerCode') ownerCode: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.referral.list-owner-webhooks.v1', ownerCode ? { ownerCode } : {}, { actor });
  }

  @Put(':ownerCode')
  @RolesOf('slrt.rpc.referral.save-owner-webhook.v1')
  @ApiOperation({
    operationId: 'saveOwnerWebhook',
    summary:
      'Membuat atau mengubah webhook pengelola program; rahasia penandatanganan dibuat platform dan ditampilkan sekali (saat dibuat atau rotateSecret)',
  })
  @ApiParam(OWNER_CODE)
  @ForwardsTo('slrt.rpc.referral.save-owner-webhook.v1', { omit: ['ownerCode'] })
  save(@Param('ownerCode') ownerCode: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-owner-webhook.v1', withRoute(body, { ownerCode }), { actor });
  }

  @Get(':ownerCode/deliveries')
  @RolesOf('slrt.rpc.referral.list-webhook-deliveries.v1')
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'Pengiriman webhook seorang pengelola program, terbaru dahulu: status, jumlah percobaan, galat terakhir',
  })
  @ApiParam(OWNER_CODE)
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'failed'] })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ForwardsTo('slrt.rpc.referral.list-webhook-deliveries.v1')
  deliveries(@Param('ownerCode') ownerCode: string, @Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.referral.list-webhook-deliveries.v1',
      { ownerCode, ...given(q, ['status']), ...pageOf(q) },
      { actor },
    );
  }

  @Post(':ownerCode/deliveries/:id/redeliver')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.redeliver-webhook-delivery.v1')
  @ApiOperation({
    operationId: 'redeliverWebhookDelivery',
    summary: 'Mengirim ulang pesan (gagal atau terkirim) ke webhook pengelola program dengan jatah percobaan baru',
  })
  @ApiParam(OWNER_CODE)
  @ApiParam({ name: 'id', description: 'Id pesan (X-SLRT-Message-Id)', schema: { type: 'string', format: 'uuid' } })
  @ForwardsTo('slrt.rpc.referral.redeliver-webhook-delivery.v1')
  redeliver(
    @Param('ownerCode') ownerCode: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request(
      'slrt.rpc.referral.redeliver-webhook-delivery.v1',
      { ownerCode, deliveryId: id },
      { actor },
    );
  }
}
