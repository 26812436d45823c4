import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { FileResponse, ForwardsTo } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute } from '../http/http-input.js';
import { sendFile } from '../http/http-output.js';

/**
 * Issue #19 over HTTP (referral): the Puskesos settles a case itself, an owner passes its referral
 * up a level, and the agreements with non-government partners.
 */
@ApiTags('cases')
@Controller('v1')
export class PuskesosController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('cases/:id/puskesos-resolution')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.resolve-at-puskesos.v1')
  @ApiOperation({
    operationId: 'resolveAtPuskesos',
    summary:
      'Selesaikan di Puskesos: SPV atau BO Puskesos menyelesaikan kasus tanpa rujukan, dengan jenis dan uraian penanganan (idempoten per requestId)',
  })
  @ForwardsTo('slrt.rpc.referral.resolve-at-puskesos.v1', { omit: ['caseId'] })
  resolve(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.resolve-at-puskesos.v1', withRoute(body, { caseId: id }), { actor });
  }

  @Post('owner/referrals/:id/forward')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.forward-referral.v1')
  @ApiOperation({
    operationId: 'forwardReferral',
    summary:
      'Teruskan ke tingkat atas: pengelola program meneruskan rujukannya ke pengelola provinsi atau pusat dengan alasan (idempoten per responseId)',
  })
  @ForwardsTo('slrt.rpc.referral.forward-referral.v1', { omit: ['referralId'] })
  forward(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.forward-referral.v1', withRoute(body, { referralId: id }), { actor });
  }

  @Get('partners')
  @RolesOf('slrt.rpc.referral.list-partners.v1')
  @ApiOperation({
    operationId: 'listPartners',
    summary:
      'Mitra non-pemerintah (CSR, BAZNAS, rumah sakit) dengan perjanjian kerja samanya dan program yang berlaku hari ini',
  })
  @ForwardsTo('slrt.rpc.referral.list-partners.v1')
  @ApiQuery({
    name: 'inForceOnly',
    required: false,
    enum: ['true', 'false'],
    description: 'Hanya perjanjian yang berlaku hari ini',
  })
  partners(@Query('inForceOnly') inForceOnly: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.referral.list-partners.v1', inForceOnly === 'true' ? { inForceOnly: true } : {}, {
      actor,
    });
  }

  @Post('partnerships')
  @RolesOf('slrt.rpc.referral.save-partnership.v1')
  @ApiOperation({
    operationId: 'createPartnership',
    summary:
      'Mencatat perjanjian kerja sama dengan mitra non-pemerintah: nomor, program, masa berlaku, dokumen PDF bertanda tangan (ADMIN kabupaten/kota)',
  })
  @ForwardsTo('slrt.rpc.referral.save-partnership.v1')
  create(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-partnership.v1', asObject(body), { actor });
  }

  @Put('partnerships/:id')
  @RolesOf('slrt.rpc.referral.save-partnership.v1')
  @ApiOperation({
    operationId: 'updatePartnership',
    summary: 'Mengubah perjanjian kerja sama (expectedVersion; dokumen baru opsional) (ADMIN kabupaten/kota)',
  })
  @ForwardsTo('slrt.rpc.referral.save-partnership.v1', { omit: ['partnershipId'] })
  update(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-partnership.v1', withRoute(body, { partnershipId: id }), {
      actor,
    });
  }

  @Get('partnerships/:id/document')
  @RolesOf('slrt.rpc.referral.get-partnership-document.v1')
  @ApiOperation({ operationId: 'getPartnershipDocument', summary: 'Dokumen perjanjian kerja sama (PDF)' })
  @ForwardsTo('slrt.rpc.referral.get-partnership-document.v1', { response: false })
  @FileResponse('application/pdf')
  async document(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const file = await this.rpc.request(
      'slrt.rpc.referral.get-partnership-document.v1',
      { partnershipId: id },
      { actor },
    );
    sendFile(reply, file, { contentType: 'application/pdf', disposition: 'inline', sha256: file.sha256 });
  }
}
