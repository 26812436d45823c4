import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, given } from '../http/http-input.js';

/** The referral directory's data (routing rules, programme catalogue) and one referral for its owner, over HTTP (referral). */
@ApiTags('directory')
@Controller('v1')
export class DirectoryController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('owner/referrals/:id')
  @RolesOf('slrt.rpc.referral.get-owner-referral.v1')
  @ApiOperation({
    operationId: 'getOwnerReferral',
    summary:
      'Satu rujukan untuk pengelola program pemanggil (pengguna PO atau kunci API); dicatat dalam catatan akses. Data pribadi tidak ditampilkan lagi setelah masa tenggang sejak rujukan ditutup',
  })
  @ForwardsTo('slrt.rpc.referral.get-owner-referral.v1')
  ownerReferral(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.referral.get-owner-referral.v1', { referralId: id }, { actor });
  }

  @Get('routing-rules')
  @RolesOf('slrt.rpc.referral.list-routing-rules.v1')
  @ApiOperation({
    operationId: 'listRoutingRules',
    summary: 'Aturan rujukan (kategori × program × syarat atribut → pengelola program), dengan riwayat bila diminta',
  })
  @ApiQuery({ name: 'category', required: false, enum: ['kepesertaan', 'non-kepesertaan'] })
  @ApiQuery({ name: 'programmeCode', required: false })
  @ApiQuery({ name: 'includeInactive', required: false, type: Boolean })
  @ApiQuery({ name: 'includeHistory', required: false, type: Boolean })
  @ForwardsTo('slrt.rpc.referral.list-routing-rules.v1')
  rules(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const filters = {
      ...given(q, ['category', 'programmeCode']),
      includeInactive: q.includeInactive === 'true',
      includeHistory: q.includeHistory === 'true',
    };
    return forward(this.rpc, 'slrt.rpc.referral.list-routing-rules.v1', filters, { actor });
  }

  @Post('routing-rules')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.save-routing-rule.v1')
  @ApiOperation({
    operationId: 'saveRoutingRule',
    summary:
      'Membuat aturan rujukan (tanpa id) atau menyimpan versi barunya (id + expectedVersion); riwayat: siapa, kapan, alasan, sebelum/sesudah (ADMIN kabupaten/kota)',
  })
  @ForwardsTo('slrt.rpc.referral.save-routing-rule.v1')
  saveRule(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-routing-rule.v1', asObject(body), { actor });
  }

  @Get('programmes')
  @RolesOf('slrt.rpc.referral.list-programmes.v1')
  @ApiOperation({
    operationId: 'listProgrammes',
    summary:
      'Katalog program: program nasional dan program daerah (APBD, BAZNAS, CSR) yang dapat disebut dalam pengaduan',
  })
  @ApiQuery({ name: 'includeInactive', required: false, type: Boolean })
  @ApiQuery({
    name: 'q',
    required: false,
    type: String,
    description: 'Cari di nama, kode, alias, manfaat, dan syarat penerima',
  })
  @ApiQuery({ name: 'sector', required: false, type: String, description: 'Satu dari sembilan sektor' })
  @ForwardsTo('slrt.rpc.referral.list-programmes.v1')
  programmes(
    @Query('includeInactive') includeInactive: string | undefined,
    @Query('q') q: unknown,
    @Query('sector') sector: unknown,
    @CurrentActor() actor: Actor,
  ) {
    const search = {
      ...(q !== undefined && q !== '' ? { q } : {}),
      ...(sector !== undefined && sector !== '' ? { sector } : {}),
    };
    return forward(
      this.rpc,
      'slrt.rpc.referral.list-programmes.v1',
      { includeInactive: includeInactive === 'true', ...search },
      { actor },
    );
  }

  @Put('programmes/:code')
  @RolesOf('slrt.rpc.referral.save-programme.v1')
  @ApiOperation({
    operationId: 'saveProgramme',
    summary:
      'Menambah program daerah atau mengubah program (ADMIN kabupaten/kota); program baru langsung dirujuk ke pengelola bawaannya',
  })
  @ForwardsTo('slrt.rpc.referral.save-programme.v1', { omit: ['code'] })
  saveProgramme(@Param('code') code: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-programme.v1', withRoute(body, { code }), { actor });
  }
}
