import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { ComplaintInputV1, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { FileResponse, ForwardsTo, IdempotencyKeyHeader, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, requireIdempotencyKey, flag, paged } from '../http/http-input.js';
import { sendPdf } from '../http/http-output.js';

/** Complaints (intake): thin adapters from HTTP to intake's request subjects. */
@ApiTags('complaints')
@Controller('v1')
export class ComplaintsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('complaints')
  @RolesOf('slrt.rpc.intake.register-complaint.v1')
  @ApiOperation({
    operationId: 'registerComplaint',
    summary: 'Mencatat pengaduan (FO/FS); idempoten dengan Idempotency-Key',
  })
  @ForwardsTo('slrt.rpc.intake.register-complaint.v1', { body: ComplaintInputV1 })
  @IdempotencyKeyHeader()
  register(
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const idempotencyKey = requireIdempotencyKey(
      key,
      'Header Idempotency-Key wajib diisi agar pengaduan tidak tercatat dua kali.',
    );
    return forward(this.rpc, 'slrt.rpc.intake.register-complaint.v1', withRoute(body, { idempotencyKey }), { actor });
  }

  @Get('complaints')
  @RolesOf('slrt.rpc.intake.list-complaints.v1')
  @ApiOperation({
    operationId: 'listComplaints',
    summary: 'Daftar pengaduan di wilayah kerja, dengan saringan dan halaman',
  })
  @ForwardsTo('slrt.rpc.intake.list-complaints.v1')
  @OptionalQueries('status', 'registryCheck', 'from', 'to', 'regionCode', 'channel', 'programmeCode', 'officerId')
  @ApiQuery({ name: 'contactType', required: false, enum: ['pertanyaan', 'saran', 'pengaduan'] })
  @ApiQuery({ name: 'priority', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'answered', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'page', required: false })
  @ApiQuery({ name: 'pageSize', required: false })
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    const { priority, answered, ...rest } = q;
    return forward(
      this.rpc,
      'slrt.rpc.intake.list-complaints.v1',
      { ...paged(rest), ...flag('priority', priority), ...flag('answered', answered) },
      { actor },
    );
  }

  @Get('complaint-counts')
  @RolesOf('slrt.rpc.intake.count-intake.v1')
  @ApiOperation({
    operationId: 'countIntake',
    summary:
      'Rekap pencatatan: jenis kontak dan jawaban langsung, kelompok prioritas, program yang diterima/dibutuhkan, standar layanan loket',
  })
  @ForwardsTo('slrt.rpc.intake.count-intake.v1')
  @OptionalQueries('from', 'to', 'regionCode')
  counts(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.count-intake.v1', q, { actor });
  }

  @Post('complaints/:id/answer')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.answer-contact.v1')
  @ApiOperation({
    operationId: 'answerContact',
    summary: 'Menjawab langsung pertanyaan atau saran (FO/SPV), tanpa rantai penelaahan',
  })
  @ForwardsTo('slrt.rpc.intake.answer-contact.v1', { omit: ['complaintId'] })
  answer(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.answer-contact.v1', withRoute(body, { complaintId: id }), { actor });
  }

  @Post('complaints/:id/subject-identity')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.record-subject-identity.v1')
  @ApiOperation({
    operationId: 'recordSubjectIdentity',
    summary: 'Mencatat NIK subjek yang didaftarkan tanpa NIK (setelah Disdukcapil); pemeriksaan DTKS diulang',
  })
  @ForwardsTo('slrt.rpc.intake.record-subject-identity.v1', { omit: ['complaintId'] })
  recordSubjectIdentity(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.intake.record-subject-identity.v1', withRoute(body, { complaintId: id }), {
      actor,
    });
  }

  @Post('complaints/search-by-person')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.find-person-complaints.v1')
  @ApiOperation({
    operationId: 'findPersonComplaints',
    summary: 'Pengaduan yang sudah ada untuk satu NIK (ditampilkan sebelum menyimpan)',
  })
  @ForwardsTo('slrt.rpc.intake.find-person-complaints.v1')
  findByPerson(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.find-person-complaints.v1', asObject(body), { actor });
  }

  @Get('complaints/:id')
  @RolesOf('slrt.rpc.intake.get-complaint.v1')
  @ApiOperation({
    operationId: 'getComplaint',
    summary:
      'Satu pengaduan; NIK/KK/telepon disamarkan kecuali reveal=true dengan revealReason oleh peran yang berwenang (tercatat)',
  })
  @ForwardsTo('slrt.rpc.intake.get-complaint.v1')
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'reveal', required: false })
  @ApiQuery({
    name: 'revealReason',
    required: false,
    description: 'Alasan membuka data lengkap (10–300 karakter), wajib bersama reveal=true; dicatat',
  })
  get(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('reveal') reveal: string | undefined,
    @Query('revealReason') revealReason: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request(
      'slrt.rpc.intake.get-complaint.v1',
      { complaintId: id, reveal: reveal === 'true', ...(revealReason !== undefined ? { revealReason } : {}) },
      { actor },
    );
  }

  @Put('complaints/:id')
  @RolesOf('slrt.rpc.intake.correct-complaint.v1')
  @ApiOperation({
    operationId: 'correctComplaint',
    summary: 'Koreksi data pendaftaran (versi, alasan; sebelum/sesudah disimpan)',
  })
  @ForwardsTo('slrt.rpc.intake.correct-complaint.v1', { omit: ['complaintId'] })
  correct(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.correct-complaint.v1', withRoute(body, { complaintId: id }), { actor });
  }

  @Post('complaints/:id/withdraw')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.withdraw-complaint.v1')
  @ApiOperation({ operationId: 'withdrawComplaint', summary: 'Menarik pengaduan' })
  @ForwardsTo('slrt.rpc.intake.withdraw-complaint.v1', { omit: ['complaintId'] })
  withdraw(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.intake.withdraw-complaint.v1', withRoute(body, { complaintId: id }), { actor });
  }

  @Get('complaints/:id/receipt')
  @RolesOf('slrt.rpc.intake.get-complaint-receipt.v1')
  @ApiOperation({ operationId: 'getComplaintReceipt', summary: 'Resi keluhan (PDF): layout a4, a5 atau thermal-80' })
  @FileResponse('application/pdf')
  @ApiProduces('application/pdf')
  @ApiQuery({ name: 'layout', required: false, enum: ['a4', 'a5', 'thermal-80'] })
  async receipt(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('layout') layout: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    sendPdf(
      reply,
      await forward(
        this.rpc,
        'slrt.rpc.intake.get-complaint-receipt.v1',
        { complaintId: id, layout: layout ?? 'a4' },
        { actor },
      ),
    );
  }

  @Get('complaints/:id/civil-registration-letter')
  @RolesOf('slrt.rpc.intake.get-civil-registration-letter.v1')
  @ApiOperation({
    operationId: 'getCivilRegistrationLetter',
    summary: 'Surat rekomendasi ke Disdukcapil (PDF) untuk subjek tanpa NIK/KK',
  })
  @FileResponse('application/pdf')
  @ApiProduces('application/pdf')
  async letter(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    sendPdf(
      reply,
      await this.rpc.request('slrt.rpc.intake.get-civil-registration-letter.v1', { complaintId: id }, { actor }),
    );
  }

  @Post('field-sync')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.sync-field-complaints.v1')
  @ApiOperation({
    operationId: 'syncFieldComplaints',
    summary: 'Kiriman pengaduan yang dicatat luring oleh Fasilitator; dijawab per butir',
  })
  @ForwardsTo('slrt.rpc.intake.sync-field-complaints.v1')
  sync(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.sync-field-complaints.v1', asObject(body), { actor, timeoutMs: 60_000 });
  }
}
