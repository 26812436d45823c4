import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { PUBLIC_VERIFY_PATH, publicVerifyUrl, systemActor, type Actor } from '@slrt/contracts';
import { CurrentActor, Public, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { FileResponse, ForwardsTo, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, paged } from '../http/http-input.js';
import { sendPdf } from '../http/http-output.js';

/**
 * The registry (DTKS/DTSEN): person lookup, the lookup audit, the registered-in-DTKS statement and
 * its public verification. A NIK or No. KK only ever travels in a request body, never in a URL
 * (URLs end up in access logs and browser histories).
 */
@ApiTags('registry')
@Controller('v1')
export class RegistryController {
  private readonly publicActor = systemActor('gateway');

  constructor(private readonly rpc: RpcClient) {}

  @Post('registry/persons/search')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.lookup-person.v1')
  @ApiOperation({
    operationId: 'lookupPerson',
    summary:
      'Mencari orang di DTKS/DTSEN: per NIK, per No. KK, atau per nama + tanggal/tahun lahir + desa/kecamatan; NIK/KK disamarkan kecuali reveal (FO/FS/BO); tercatat',
  })
  @ForwardsTo('slrt.rpc.registry.lookup-person.v1')
  lookupPerson(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.lookup-person.v1', asObject(body), { actor });
  }

  @Get('registry/lookup-audit')
  @RolesOf('slrt.rpc.registry.list-lookup-audit.v1')
  @ApiOperation({
    operationId: 'listLookupAudit',
    summary: 'Catatan pencarian data DTKS: siapa, kapan, untuk apa (tanpa NIK/KK/nama)',
  })
  @ForwardsTo('slrt.rpc.registry.list-lookup-audit.v1')
  @OptionalQueries('actorId', 'from', 'to', 'page', 'pageSize')
  listAudit(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-lookup-audit.v1', paged(q), { actor });
  }

  @Post('registry/lookup-audit/search')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.list-lookup-audit.v1')
  @ApiOperation({
    operationId: 'searchLookupAudit',
    summary: 'Catatan pencarian untuk satu NIK (NIK di isi permintaan, tidak di URL)',
  })
  @ForwardsTo('slrt.rpc.registry.list-lookup-audit.v1', { optional: ['page', 'pageSize'] })
  searchAudit(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    const { page, pageSize, ...filters } = asObject(body);
    return forward(
      this.rpc,
      'slrt.rpc.registry.list-lookup-audit.v1',
      { ...filters, page: page ?? 1, pageSize: pageSize ?? 50 },
      { actor },
    );
  }

  @Post('registry/statements')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.get-dtks-statement.v1')
  @ApiOperation({
    operationId: 'getDtksStatement',
    summary:
      'Surat Keterangan Terdaftar DTKS (PDF) untuk NIK di isi permintaan; meminta lagi pada periode data yang sama memberi surat yang sama',
  })
  @ForwardsTo('slrt.rpc.registry.get-dtks-statement.v1', { response: false })
  @FileResponse('application/pdf')
  @ApiProduces('application/pdf')
  async statement(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const file = await forward(this.rpc, 'slrt.rpc.registry.get-dtks-statement.v1', asObject(body), {
      actor,
      timeoutMs: 15_000,
    });
    void reply.header('x-document-number', file.number);
    sendPdf(reply, file);
  }

  @Get('public/documents/:code')
  @Public()
  @ApiOperation({
    operationId: 'verifyDocument',
    summary:
      'Memeriksa keaslian dokumen dari kode QR-nya: jenis, nomor, tanggal, periode data, desa; tanpa data pribadi',
  })
  @ForwardsTo('slrt.rpc.registry.verify-document.v1')
  @ApiParam({ name: 'code', description: 'Kode verifikasi pada dokumen, mis. Q7RK-M2XW-9PDT' })
  async verify(@Param('code') code: string, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply) {
    // Statements printed before the verification page existed point here: a browser is sent to the page.
    if (prefersHtml(accept))
      return void reply
        .status(303)
        .header('location', publicVerifyUrl(PUBLIC_VERIFY_PATH, code))
        .header('vary', 'Accept')
        .send();
    const verified = await this.rpc.request(
      'slrt.rpc.registry.verify-document.v1',
      { code },
      { actor: this.publicActor },
    );
    void reply
      .header('vary', 'Accept')
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(verified));
  }
}

/** Whether an `Accept` header asks for HTML before JSON (a browser opening a QR code's address). */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  const html = accept.indexOf('text/html');
  const json = accept.indexOf('application/json');
  return html >= 0 && (json < 0 || html < json);
}
