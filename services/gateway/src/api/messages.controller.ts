import { createHmac, timingSafeEqual } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import {
  COMPLAINT_STEPS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  ProviderCallbackResponseV1,
  systemActor,
  type Actor,
} from '@slrt/contracts';
import { CurrentActor, Public, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { GatewayEnv } from '../config/gateway.env.js';
import { ProblemError } from '../http/problem.js';
import { BinaryBody, FileResponse, ForwardsTo, JsonResponse } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, badRequest, given, pageOf } from '../http/http-input.js';
import { sendPdf } from '../http/http-output.js';

/**
 * The signature a provider's webhook URL carries: hex HMAC-SHA256 of `<provider>/<kind>` under
 * NOTIFY_WEBHOOK_SECRET. Providers such as Fonnte cannot sign their callbacks, so the URL
 * configured at the provider is the credential; it names one provider and one kind.
 */
export function webhookSignature(secret: string, provider: string, kind: string): string {
  return createHmac('sha256', secret).update(`${provider}/${kind}`).digest('hex');
}

/** Messages to citizens (notification): per complaint, the FS task queue, staff actions, ADMIN settings and templates, provider webhooks. */
@ApiTags('messages')
@Controller('v1')
export class MessagesController {
  private readonly gatewayActor = systemActor('gateway');

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: GatewayEnv,
  ) {}

  @Get('complaints/:id/messages')
  @RolesOf('slrt.rpc.notification.list-messages.v1')
  @ApiOperation({
    operationId: 'listComplaintMessages',
    summary: 'Pesan kepada warga tentang satu pengaduan, dengan status pengiriman (nomor telepon disamarkan)',
  })
  @ForwardsTo('slrt.rpc.notification.list-messages.v1')
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  complaintMessages(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() q: Record<string, string>,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request('slrt.rpc.notification.list-messages.v1', { complaintId: id, ...pageOf(q) }, { actor });
  }

  @Get('messages')
  @RolesOf('slrt.rpc.notification.list-messages.v1')
  @ApiOperation({
    operationId: 'listMessages',
    summary:
      'Pesan dalam wilayah saya, mis. tugas kunjungan FS dan surat yang menunggu (channel=fs-visit|letter, status=queued)',
  })
  @ApiQuery({ name: 'channel', required: false, enum: [...MESSAGE_CHANNELS] })
  @ApiQuery({ name: 'status', required: false, enum: [...MESSAGE_STATUSES] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ForwardsTo('slrt.rpc.notification.list-messages.v1')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.notification.list-messages.v1',
      { ...given(q, ['channel', 'status']), ...pageOf(q) },
      { actor },
    );
  }

  @Post('messages/:id/actions')
  @HttpCode(200)
  @RolesOf('slrt.rpc.notification.act-on-message.v1')
  @ApiOperation({
    operationId: 'actOnMessage',
    summary:
      'Kirim ulang, ganti ke surat atau kunjungan FS, catat tersampaikan/tidak dapat disampaikan, catat permintaan berhenti (opt-out)',
  })
  @ForwardsTo('slrt.rpc.notification.act-on-message.v1', { omit: ['messageId'] })
  act(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.act-on-message.v1', withRoute(body, { messageId: id }), { actor });
  }

  @Get('messages/:id/letter')
  @RolesOf('slrt.rpc.notification.get-message-letter.v1')
  @ApiOperation({
    operationId: 'getMessageLetter',
    summary: 'Surat pemberitahuan (PDF) untuk warga tanpa telepon, dicetak dan diantar oleh FS',
  })
  @ForwardsTo('slrt.rpc.notification.get-message-letter.v1', { response: false })
  @FileResponse('application/pdf')
  async letter(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    sendPdf(reply, await this.rpc.request('slrt.rpc.notification.get-message-letter.v1', { messageId: id }, { actor }));
  }

  @Get('notification-settings')
  @RolesOf('slrt.rpc.notification.get-settings.v1')
  @ApiOperation({
    operationId: 'getNotificationSettings',
    summary: 'Tahap mana yang dikabarkan kepada warga, kepada siapa, lewat saluran apa; jam tenang; batas per penerima',
  })
  @ForwardsTo('slrt.rpc.notification.get-settings.v1')
  settings(@CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.notification.get-settings.v1', {}, { actor });
  }

  @Put('notification-settings')
  @RolesOf('slrt.rpc.notification.save-settings.v1')
  @ApiOperation({ operationId: 'saveNotificationSettings', summary: 'Mengubah pengaturan pesan kepada warga (ADMIN)' })
  @ForwardsTo('slrt.rpc.notification.save-settings.v1')
  saveSettings(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.save-settings.v1', asObject(body), { actor });
  }

  @Get('message-templates')
  @RolesOf('slrt.rpc.notification.list-templates.v1')
  @ApiOperation({
    operationId: 'listMessageTemplates',
    summary: 'Templat pesan (versi terbaru per tahap dan saluran) dan penanda yang tersedia',
  })
  @ApiQuery({ name: 'step', required: false, enum: [...COMPLAINT_STEPS] })
  @ForwardsTo('slrt.rpc.notification.list-templates.v1')
  templates(@Query('step') step: string | undefined, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.list-templates.v1', step ? { step } : {}, { actor });
  }

  @Put('message-templates/:step/:channel')
  @RolesOf('slrt.rpc.notification.save-template.v1')
  @ApiOperation({
    operationId: 'saveMessageTemplate',
    summary: 'Menyimpan versi baru templat (penanda diperiksa saat disimpan) (ADMIN)',
  })
  @ForwardsTo('slrt.rpc.notification.save-template.v1', { omit: ['step', 'channel'] })
  saveTemplate(
    @Param('step') step: string,
    @Param('channel') channel: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.notification.save-template.v1', withRoute(body, { step, channel }), { actor });
  }

  @Post('message-templates/preview')
  @HttpCode(200)
  @RolesOf('slrt.rpc.notification.preview-template.v1')
  @ApiOperation({
    operationId: 'previewMessageTemplate',
    summary: 'Pratinjau templat dengan data contoh, dengan panjang SMS (GSM-7/UCS-2, jumlah bagian)',
  })
  @ForwardsTo('slrt.rpc.notification.preview-template.v1')
  preview(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.preview-template.v1', asObject(body), { actor });
  }

  /**
   * A provider's delivery report (`kind=status`) or a citizen's reply (`kind=inbound`, STOP), at
   * the signed URL configured at the provider: `/v1/webhooks/notification/<provider>/<kind>?sig=<hex>`.
   * Unsigned or wrongly signed: 404, as if nothing were here; forwarded to notification as is.
   */
  @Post('webhooks/notification/:provider/:kind')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    operationId: 'notificationProviderWebhook',
    summary: 'Laporan pengiriman dan balasan warga dari penyedia SMS/WhatsApp (URL bertanda tangan)',
  })
  @ApiQuery({ name: 'sig', description: 'HMAC-SHA256 (hex) dari `<provider>/<kind>` dengan NOTIFY_WEBHOOK_SECRET' })
  @BinaryBody('Laporan pengiriman atau balasan warga dalam format penyedia (diteruskan apa adanya)', 'application/json')
  @JsonResponse(ProviderCallbackResponseV1)
  async webhook(
    @Param('provider') provider: string,
    @Param('kind') kind: string,
    @Query('sig') sig: string | undefined,
    @Body() body: unknown,
  ) {
    const secret = this.env.NOTIFY_WEBHOOK_SECRET;
    const expected = secret ? Buffer.from(webhookSignature(secret, provider, kind)) : null;
    const given = Buffer.from(typeof sig === 'string' ? sig.toLowerCase() : '');
    if (
      !expected ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected) ||
      (kind !== 'status' && kind !== 'inbound')
    ) {
      throw new ProblemError(404, 'NOT_FOUND', 'Alamat tidak ditemukan.');
    }
    if (body === null || typeof body !== 'object')
      throw badRequest('BODY_NOT_OBJECT', 'Isi permintaan harus berupa objek JSON.');
    return this.rpc.request(
      'slrt.rpc.notification.provider-callback.v1',
      { provider, kind, body: JSON.stringify(body) },
      { actor: this.gatewayActor },
    );
  }
}
