import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import { INBOX_ITEM_KINDS, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, strictBool, given, pageOf } from '../http/http-input.js';

/**
 * The caller's in-app inbox (notification): cases entering their queue, returned cases, owner
 * answers, deadlines at risk or passed, their imports' ends. Who sees what follows the caller's
 * roles and region scope, checked by the notification service on every read.
 */
@ApiTags('inbox')
@Controller('v1/inbox')
export class InboxController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @RolesOf('slrt.rpc.notification.list-inbox.v1')
  @ApiOperation({
    operationId: 'listInbox',
    summary: 'Kotak masuk saya: pemberitahuan terbaru lebih dulu, dengan status sudah/belum dibaca',
  })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'], description: 'true: hanya yang belum dibaca' })
  @ApiQuery({ name: 'kind', required: false, enum: [...INBOX_ITEM_KINDS] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  @ForwardsTo('slrt.rpc.notification.list-inbox.v1')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const unreadOnly = strictBool(q.unread, 'unread');
    return forward(
      this.rpc,
      'slrt.rpc.notification.list-inbox.v1',
      { ...(unreadOnly !== undefined ? { unreadOnly } : {}), ...given(q, ['kind']), ...pageOf(q) },
      { actor },
    );
  }

  @Get('unread-count')
  @RolesOf('slrt.rpc.notification.count-unread-inbox.v1')
  @ApiOperation({ operationId: 'countUnreadInbox', summary: 'Jumlah pemberitahuan yang belum dibaca (lencana)' })
  @ApiQuery({ name: 'kind', required: false, enum: [...INBOX_ITEM_KINDS] })
  @ForwardsTo('slrt.rpc.notification.count-unread-inbox.v1')
  unread(@Query('kind') kind: string | undefined, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.count-unread-inbox.v1', kind ? { kind } : {}, { actor });
  }

  @Post('read-all')
  @HttpCode(200)
  @RolesOf('slrt.rpc.notification.mark-all-inbox-read.v1')
  @ApiOperation({
    operationId: 'markAllInboxRead',
    summary: 'Tandai semua pemberitahuan sudah dibaca (opsional: hanya jenis tertentu, hanya sampai waktu upTo)',
  })
  @ForwardsTo('slrt.rpc.notification.mark-all-inbox-read.v1')
  readAll(@Body() body: Record<string, unknown> | undefined, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.notification.mark-all-inbox-read.v1', asObject(body ?? {}), { actor });
  }

  @Post(':id/read')
  @HttpCode(200)
  @RolesOf('slrt.rpc.notification.mark-inbox-read.v1')
  @ApiOperation({ operationId: 'markInboxRead', summary: 'Tandai satu pemberitahuan sudah dibaca (idempoten)' })
  @ForwardsTo('slrt.rpc.notification.mark-inbox-read.v1')
  read(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.notification.mark-inbox-read.v1', { itemId: id }, { actor });
  }
}
