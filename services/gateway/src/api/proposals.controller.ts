import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo, IdempotencyKeyHeader, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { withRoute, requireIdempotencyKey, paged } from '../http/http-input.js';

/** Why `Idempotency-Key` is required on the create routes. */
const KEY_REQUIRED = 'Header Idempotency-Key wajib diisi agar usulan tidak tercatat dua kali.';

const KINDS = ['prelist', 'data-change', 'ppks'];

/**
 * Registry proposals to SIKS-NG: prelist entries (*daftar awal*) and their musdes, field
 * verification and Dukcapil matching; data-change proposals (*perubahan data*) and their decision;
 * PPKS records and categories. A NIK only ever travels in a request body, never in a URL.
 */
@ApiTags('proposals')
@Controller('v1')
export class ProposalsController {
  constructor(private readonly rpc: RpcClient) {}

  // ── prelist ─────────────────────────────────────────────────────────────────────────────────

  @Post('prelist-entries')
  @RolesOf('slrt.rpc.registry.create-prelist-entry.v1')
  @ApiOperation({
    operationId: 'createPrelistEntry',
    summary:
      'Mengusulkan rumah tangga ke prelist (daftar awal) dengan profil dan anggota; idempoten dengan Idempotency-Key',
  })
  @ForwardsTo('slrt.rpc.registry.create-prelist-entry.v1', { omit: ['idempotencyKey'] })
  @IdempotencyKeyHeader()
  createPrelist(
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return forward(
      this.rpc,
      'slrt.rpc.registry.create-prelist-entry.v1',
      withRoute(body, { idempotencyKey: requireIdempotencyKey(key, KEY_REQUIRED) }),
      { actor },
    );
  }

  @Get('prelist-entries')
  @RolesOf('slrt.rpc.registry.list-prelist-entries.v1')
  @ApiOperation({
    operationId: 'listPrelistEntries',
    summary: 'Daftar usulan prelist di wilayah kerja: saringan status, wilayah, pengaduan, periode; berhalaman',
  })
  @ForwardsTo('slrt.rpc.registry.list-prelist-entries.v1')
  @OptionalQueries('status', 'regionCode', 'complaintId', 'from', 'to', 'page', 'pageSize')
  listPrelist(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-prelist-entries.v1', paged(q), { actor });
  }

  @Get('prelist-entries/:id')
  @RolesOf('slrt.rpc.registry.get-prelist-entry.v1')
  @ApiOperation({
    operationId: 'getPrelistEntry',
    summary: 'Satu usulan prelist; NIK/KK/telepon disamarkan kecuali reveal=true oleh FO/FS/BO (tercatat)',
  })
  @ForwardsTo('slrt.rpc.registry.get-prelist-entry.v1')
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'reveal', required: false })
  getPrelist(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('reveal') reveal: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request(
      'slrt.rpc.registry.get-prelist-entry.v1',
      { entryId: id, reveal: reveal === 'true' },
      { actor },
    );
  }

  @Put('prelist-entries/:id')
  @RolesOf('slrt.rpc.registry.update-prelist-entry.v1')
  @ApiOperation({
    operationId: 'updatePrelistEntry',
    summary: 'Mengubah profil/anggota usulan yang masih draft (expectedVersion)',
  })
  @ForwardsTo('slrt.rpc.registry.update-prelist-entry.v1', { omit: ['entryId'] })
  @ApiParam({ name: 'id' })
  updatePrelist(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.update-prelist-entry.v1', withRoute(body, { entryId: id }), { actor });
  }

  @Post('prelist-entries/:id/musdes')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.record-musdes.v1')
  @ApiOperation({
    operationId: 'recordMusdes',
    summary: 'Mencatat hasil musdes/muskel (tanggal, nomor Berita Acara, jumlah hadir, keputusan)',
  })
  @ForwardsTo('slrt.rpc.registry.record-musdes.v1', { omit: ['entryId'] })
  @ApiParam({ name: 'id' })
  recordMusdes(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.record-musdes.v1', withRoute(body, { entryId: id }), { actor });
  }

  @Post('prelist-entries/:id/field-verification')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.record-field-verification.v1')
  @ApiOperation({ operationId: 'recordFieldVerification', summary: 'Mencatat hasil verifikasi lapangan per anggota' })
  @ForwardsTo('slrt.rpc.registry.record-field-verification.v1', { omit: ['entryId'] })
  @ApiParam({ name: 'id' })
  recordVerification(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.record-field-verification.v1', withRoute(body, { entryId: id }), {
      actor,
    });
  }

  @Post('prelist-entries/:id/dukcapil-match')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.record-dukcapil-match.v1')
  @ApiOperation({ operationId: 'recordDukcapilMatch', summary: 'Mencatat hasil padan Dukcapil per anggota' })
  @ForwardsTo('slrt.rpc.registry.record-dukcapil-match.v1', { omit: ['entryId'] })
  @ApiParam({ name: 'id' })
  recordDukcapil(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.record-dukcapil-match.v1', withRoute(body, { entryId: id }), { actor });
  }

  @Post('proposals/:kind/:id/withdraw')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.withdraw-proposal.v1')
  @ApiOperation({
    operationId: 'withdrawProposal',
    summary: 'Menarik usulan (prelist, data-change atau ppks) yang belum dikirim ke SIKS-NG',
  })
  @ForwardsTo('slrt.rpc.registry.withdraw-proposal.v1', { omit: ['kind', 'proposalId'] })
  @ApiParam({ name: 'kind', enum: KINDS })
  @ApiParam({ name: 'id' })
  withdraw(
    @Param('kind') kind: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.withdraw-proposal.v1', withRoute(body, { kind, proposalId: id }), {
      actor,
    });
  }

  // ── data changes ────────────────────────────────────────────────────────────────────────────

  @Post('data-changes')
  @RolesOf('slrt.rpc.registry.create-data-change.v1')
  @ApiOperation({
    operationId: 'createDataChange',
    summary:
      'Mengusulkan perubahan data orang di DTKS/DTSEN (nilai sekarang dan usulan per kolom); idempoten dengan Idempotency-Key',
  })
  @ForwardsTo('slrt.rpc.registry.create-data-change.v1', { omit: ['idempotencyKey'] })
  @IdempotencyKeyHeader()
  createDataChange(
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return forward(
      this.rpc,
      'slrt.rpc.registry.create-data-change.v1',
      withRoute(body, { idempotencyKey: requireIdempotencyKey(key, KEY_REQUIRED) }),
      { actor },
    );
  }

  @Get('data-changes')
  @RolesOf('slrt.rpc.registry.list-data-changes.v1')
  @ApiOperation({
    operationId: 'listDataChanges',
    summary: 'Daftar usulan perubahan data di wilayah kerja; berhalaman',
  })
  @ForwardsTo('slrt.rpc.registry.list-data-changes.v1')
  @OptionalQueries('status', 'regionCode', 'complaintId', 'from', 'to', 'page', 'pageSize')
  listDataChanges(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-data-changes.v1', paged(q), { actor });
  }

  @Get('data-changes/:id')
  @RolesOf('slrt.rpc.registry.get-data-change.v1')
  @ApiOperation({
    operationId: 'getDataChange',
    summary: 'Satu usulan perubahan data; NIK/KK disamarkan kecuali reveal=true oleh FO/FS/BO (tercatat)',
  })
  @ForwardsTo('slrt.rpc.registry.get-data-change.v1')
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'reveal', required: false })
  getDataChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('reveal') reveal: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request(
      'slrt.rpc.registry.get-data-change.v1',
      { dataChangeId: id, reveal: reveal === 'true' },
      { actor },
    );
  }

  @Post('data-changes/:id/decision')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.decide-data-change.v1')
  @ApiOperation({
    operationId: 'decideDataChange',
    summary: 'Menyetujui (sebelum dikirim) atau menolak (dengan catatan) usulan perubahan data',
  })
  @ForwardsTo('slrt.rpc.registry.decide-data-change.v1', { omit: ['dataChangeId'] })
  @ApiParam({ name: 'id' })
  decideDataChange(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.registry.decide-data-change.v1', withRoute(body, { dataChangeId: id }), {
      actor,
    });
  }

  // ── PPKS ────────────────────────────────────────────────────────────────────────────────────

  @Get('ppks-categories')
  @RolesOf('slrt.rpc.registry.list-ppks-categories.v1')
  @ApiOperation({ operationId: 'listPpksCategories', summary: 'Kategori PPKS/PMKS (data rujukan berversi)' })
  @ForwardsTo('slrt.rpc.registry.list-ppks-categories.v1')
  @ApiQuery({ name: 'includeInactive', required: false })
  listCategories(@Query('includeInactive') includeInactive: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request(
      'slrt.rpc.registry.list-ppks-categories.v1',
      { includeInactive: includeInactive === 'true' },
      { actor },
    );
  }

  @Put('ppks-categories/:code')
  @RolesOf('slrt.rpc.registry.save-ppks-category.v1')
  @ApiOperation({
    operationId: 'savePpksCategory',
    summary: 'Menyimpan versi baru satu kategori PPKS (ADMIN); versi lama tidak aktif lagi',
  })
  @ForwardsTo('slrt.rpc.registry.save-ppks-category.v1', { omit: ['code'] })
  @ApiParam({ name: 'code' })
  saveCategory(@Param('code') code: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.save-ppks-category.v1', withRoute(body, { code }), { actor });
  }

  @Post('ppks-records')
  @RolesOf('slrt.rpc.registry.create-ppks-record.v1')
  @ApiOperation({
    operationId: 'createPpksRecord',
    summary: 'Mencatat PPKS (kategori aktif, data orang, desa, keterangan kondisi); idempoten dengan Idempotency-Key',
  })
  @ForwardsTo('slrt.rpc.registry.create-ppks-record.v1', { omit: ['idempotencyKey'] })
  @IdempotencyKeyHeader()
  createPpks(
    @Body() body: Record<string, unknown>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return forward(
      this.rpc,
      'slrt.rpc.registry.create-ppks-record.v1',
      withRoute(body, { idempotencyKey: requireIdempotencyKey(key, KEY_REQUIRED) }),
      { actor },
    );
  }

  @Get('ppks-records')
  @RolesOf('slrt.rpc.registry.list-ppks-records.v1')
  @ApiOperation({
    operationId: 'listPpksRecords',
    summary: 'Daftar data PPKS di wilayah kerja; saringan kategori; berhalaman',
  })
  @ForwardsTo('slrt.rpc.registry.list-ppks-records.v1')
  @OptionalQueries('status', 'categoryCode', 'regionCode', 'complaintId', 'from', 'to', 'page', 'pageSize')
  listPpks(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-ppks-records.v1', paged(q), { actor });
  }

  @Get('ppks-records/:id')
  @RolesOf('slrt.rpc.registry.get-ppks-record.v1')
  @ApiOperation({
    operationId: 'getPpksRecord',
    summary: 'Satu data PPKS; NIK/KK disamarkan kecuali reveal=true oleh FO/FS/BO (tercatat)',
  })
  @ForwardsTo('slrt.rpc.registry.get-ppks-record.v1')
  @ApiParam({ name: 'id' })
  @ApiQuery({ name: 'reveal', required: false })
  getPpks(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('reveal') reveal: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.rpc.request(
      'slrt.rpc.registry.get-ppks-record.v1',
      { ppksRecordId: id, reveal: reveal === 'true' },
      { actor },
    );
  }
}
