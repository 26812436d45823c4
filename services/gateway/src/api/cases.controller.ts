import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import { CASE_STATES, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, strictInt, flag, given, pageOf, paged } from '../http/http-input.js';

/** Cases, the review chain and the owner channel over HTTP (referral). */
@ApiTags('cases')
@Controller('v1')
export class CasesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('cases')
  @RolesOf('slrt.rpc.referral.list-cases.v1')
  @ApiOperation({ operationId: 'listCases', summary: 'Antrian kasus: mine (menunggu tindakan saya), overdue, all' })
  @ForwardsTo('slrt.rpc.referral.list-cases.v1')
  @ApiQuery({ name: 'queue', required: false, enum: ['mine', 'overdue', 'all'] })
  @ApiQuery({ name: 'state', required: false, enum: [...CASE_STATES] })
  @ApiQuery({ name: 'programmeCode', required: false })
  @ApiQuery({
    name: 'priority',
    required: false,
    enum: ['true', 'false'],
    description: 'Hanya kasus kelompok prioritas (true) atau bukan (false)',
  })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const { queue, priority, ...rest } = q;
    return forward(
      this.rpc,
      'slrt.rpc.referral.list-cases.v1',
      { ...paged(rest), ...flag('priority', priority), queue: queue ?? 'mine' },
      { actor },
    );
  }

  @Get('cases/:id')
  @RolesOf('slrt.rpc.referral.get-case.v1')
  @ApiOperation({
    operationId: 'getCase',
    summary:
      'Satu kasus dengan rujukan, riwayat lengkap dan jawaban pengelola program yang ditolak (refusedAnswers: kode dan alasan)',
  })
  @ForwardsTo('slrt.rpc.referral.get-case.v1')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.referral.get-case.v1', { caseId: id }, { actor });
  }

  @Post('cases/:id/actions')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.act-on-case.v1')
  @ApiOperation({
    operationId: 'actOnCase',
    summary:
      'Menindaklanjuti kasus (forward, return, approve, send, …); 409 dengan tindakan yang diizinkan bila tidak berlaku',
  })
  @ForwardsTo('slrt.rpc.referral.act-on-case.v1', { omit: ['caseId'] })
  act(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.act-on-case.v1', withRoute(body, { caseId: id }), { actor });
  }

  @Get('programme-owners')
  // PO too: an owner passing a referral up a level picks the higher owner from the directory (no personal data in it).
  @RolesOf('slrt.rpc.referral.list-programme-owners.v1')
  @ApiOperation({ operationId: 'listProgrammeOwners', summary: 'Direktori pengelola program' })
  @ForwardsTo('slrt.rpc.referral.list-programme-owners.v1')
  owners(@Query('includeInactive') includeInactive: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request(
      'slrt.rpc.referral.list-programme-owners.v1',
      { includeInactive: includeInactive === 'true' },
      { actor },
    );
  }

  @Post('programme-owners')
  @RolesOf('slrt.rpc.referral.save-programme-owner.v1')
  @ApiOperation({ operationId: 'createProgrammeOwner', summary: 'Menambah pengelola program ke direktori (ADMIN)' })
  @ForwardsTo('slrt.rpc.referral.save-programme-owner.v1')
  createOwner(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-programme-owner.v1', asObject(body), { actor });
  }

  @Put('programme-owners/:code')
  @RolesOf('slrt.rpc.referral.save-programme-owner.v1')
  @ApiOperation({ operationId: 'updateProgrammeOwner', summary: 'Mengubah entri direktori pengelola program (ADMIN)' })
  @ForwardsTo('slrt.rpc.referral.save-programme-owner.v1', { omit: ['code'] })
  updateOwner(@Param('code') code: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-programme-owner.v1', withRoute(body, { code }), { actor });
  }

  @Get('holidays')
  @RolesOf('slrt.rpc.referral.list-holidays.v1')
  @ApiOperation({
    operationId: 'listHolidays',
    summary: 'Hari libur nasional yang dilewati tenggat (satu tahun: ?year=2026)',
  })
  @ForwardsTo('slrt.rpc.referral.list-holidays.v1')
  @ApiQuery({ name: 'year', required: true, schema: { type: 'integer', minimum: 2000, maximum: 2100 } })
  holidays(@Query('year') year: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request(
      'slrt.rpc.referral.list-holidays.v1',
      { year: strictInt(year, 0, 'year', 2000, 2100) },
      { actor },
    );
  }

  /**
   * Deprecated alias of `GET /v1/holidays?year=` (kept for existing clients, not in the OpenAPI
   * document: OpenAPI 3.1 forbids `/v1/holidays/{year}` beside `/v1/holidays/{date}`).
   */
  @Get('holidays/:year')
  @RolesOf('slrt.rpc.referral.list-holidays.v1')
  @ApiExcludeEndpoint()
  holidaysOfYearDeprecated(@Param('year') year: string, @CurrentActor() actor: Actor) {
    return this.holidays(year, actor);
  }

  @Put('holidays/:date')
  @RolesOf('slrt.rpc.referral.save-holiday.v1')
  @ApiOperation({ operationId: 'saveHoliday', summary: 'Menambah atau mengganti nama hari libur (ADMIN)' })
  @ForwardsTo('slrt.rpc.referral.save-holiday.v1', { omit: ['date', 'holiday'] })
  saveHoliday(@Param('date') date: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-holiday.v1', withRoute(body, { date, holiday: true }), { actor });
  }

  @Delete('holidays/:date')
  @RolesOf('slrt.rpc.referral.save-holiday.v1')
  @ApiOperation({ operationId: 'deleteHoliday', summary: 'Menghapus hari libur (ADMIN)' })
  @ForwardsTo('slrt.rpc.referral.save-holiday.v1')
  deleteHoliday(@Param('date') date: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.referral.save-holiday.v1', { name: 'dihapus', date, holiday: false }, { actor });
  }

  @Get('owner/referrals')
  @RolesOf('slrt.rpc.referral.list-owner-referrals.v1')
  @ApiOperation({
    operationId: 'listOwnerReferrals',
    summary: 'Rujukan untuk pengelola program pemanggil (pengguna PO atau kunci API)',
  })
  @ForwardsTo('slrt.rpc.referral.list-owner-referrals.v1')
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['sent', 'accepted', 'rejected', 'review-requested', 'resolved', 'withdrawn'],
    description: 'Status rujukan',
  })
  @ApiQuery({ name: 'page', required: false, schema: { type: 'integer', minimum: 1 } })
  @ApiQuery({ name: 'pageSize', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  ownerReferrals(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.referral.list-owner-referrals.v1',
      { ...given(q, ['status']), ...pageOf(q) },
      { actor },
    );
  }

  @Get('owner-read-audit')
  @RolesOf('slrt.rpc.referral.list-owner-read-audit.v1')
  @ApiOperation({
    operationId: 'listOwnerReadAudit',
    summary:
      'Catatan akses data rujukan oleh pengelola program (pengguna PO dan kunci API): siapa, kapan, rujukan mana, untuk apa',
  })
  @ForwardsTo('slrt.rpc.referral.list-owner-read-audit.v1')
  @OptionalQueries('ownerCode', 'actorId', 'from', 'to', 'page', 'pageSize')
  ownerReadAudit(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.list-owner-read-audit.v1', paged(q), { actor });
  }

  @Post('owner/referrals/:id/responses')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.respond-to-referral.v1')
  @ApiOperation({
    operationId: 'respondToReferral',
    summary: 'Jawaban pengelola program: accepted, rejected, review-requested, resolved (idempoten per responseId)',
  })
  @ForwardsTo('slrt.rpc.referral.respond-to-referral.v1', { omit: ['referralId'] })
  respond(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.respond-to-referral.v1', withRoute(body, { referralId: id }), {
      actor,
    });
  }
}
