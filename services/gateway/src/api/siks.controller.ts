import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { EXCHANGE_CHUNK_BYTES, VerivaliImportV1, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { BinaryBody, FileResponse, ForwardsTo, JsonResponse, OptionalQueries } from '../http/openapi.js';
import { sendInChunks, sentFileName, streamFileChunks } from './file-chunks.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, badRequest, pageOf } from '../http/http-input.js';
import { SIKS_UPLOAD_MEDIA_TYPES } from '../http/file-bodies.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The SIKS-NG exchange (export batches, verivali results) and candidate ranking (registry): thin
 * adapters; roles and region scope are checked again by the registry.
 */
@ApiTags('siks-ng')
@Controller('v1')
export class SiksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('siks/export-profiles')
  @RolesOf('slrt.rpc.registry.list-siks-export-profiles.v1')
  @ApiOperation({
    operationId: 'listSiksExportProfiles',
    summary: 'Profil kolom ekspor SIKS-NG per jenis usulan, dengan sumber data yang dikenal',
  })
  @ForwardsTo('slrt.rpc.registry.list-siks-export-profiles.v1')
  @ApiQuery({ name: 'kind', required: false })
  listProfiles(@Query('kind') kind: string | undefined, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-siks-export-profiles.v1', kind ? { kind } : {}, { actor });
  }

  @Put('siks/export-profiles/:code')
  @RolesOf('slrt.rpc.registry.save-siks-export-profile.v1')
  @ApiOperation({
    operationId: 'saveSiksExportProfile',
    summary: 'Membuat atau mengubah profil kolom ekspor (ADMIN); sumber diperiksa',
  })
  @ForwardsTo('slrt.rpc.registry.save-siks-export-profile.v1', { omit: ['code'] })
  saveProfile(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.save-siks-export-profile.v1', withRoute(body, { code }), { actor });
  }

  @Post('siks/exports')
  @RolesOf('slrt.rpc.registry.create-siks-export.v1')
  @ApiOperation({
    operationId: 'createSiksExport',
    summary:
      'Membekukan usulan siap kirim (jenis, periode, wilayah, profil) menjadi batch ekspor SIKS-NG; 422 bila tidak ada',
  })
  @ForwardsTo('slrt.rpc.registry.create-siks-export.v1')
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.create-siks-export.v1', asObject(body), { actor });
  }

  @Get('siks/exports')
  @RolesOf('slrt.rpc.registry.list-siks-exports.v1')
  @ApiOperation({ operationId: 'listSiksExports', summary: 'Batch ekspor SIKS-NG di wilayah kerja, terbaru dahulu' })
  @ForwardsTo('slrt.rpc.registry.list-siks-exports.v1')
  @OptionalQueries('kind', 'page', 'pageSize')
  list(
    @Query('kind') kind: string | undefined,
    @Query('page') page: string | undefined,
    @Query('pageSize') pageSize: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return forward(
      this.rpc,
      'slrt.rpc.registry.list-siks-exports.v1',
      { ...(kind ? { kind } : {}), ...pageOf({ page, pageSize }) },
      { actor },
    );
  }

  @Get('siks/exports/:id')
  @RolesOf('slrt.rpc.registry.get-siks-export.v1')
  @ApiOperation({
    operationId: 'getSiksExport',
    summary: 'Satu batch ekspor SIKS-NG (jumlah usulan dan baris, sha256 berkas)',
  })
  @ForwardsTo('slrt.rpc.registry.get-siks-export.v1')
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.get-siks-export.v1', { batchId: id }, { actor });
  }

  @Get('siks/exports/:id/file')
  @RolesOf('slrt.rpc.registry.get-siks-export-chunk.v1')
  @ApiOperation({
    operationId: 'downloadSiksExport',
    summary: 'Mengunduh berkas batch (csv atau xlsx), dialirkan; unduhan ulang identik (X-Content-SHA256); tercatat',
  })
  @FileResponse('text/csv', XLSX)
  @ApiQuery({ name: 'format', required: false, enum: ['csv', 'xlsx'] })
  @ApiProduces('text/csv', XLSX)
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('format') format: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    const f = format ?? 'csv';
    if (f !== 'csv' && f !== 'xlsx') throw badRequest('FORMAT_UNKNOWN', 'Format berkas csv atau xlsx.');
    await streamFileChunks(reply, (i) =>
      this.rpc.request(
        'slrt.rpc.registry.get-siks-export-chunk.v1',
        { batchId: id, format: f, chunkIndex: i },
        { actor },
      ),
    );
  }

  @Post('siks/verivali-imports')
  @HttpCode(202)
  @RolesOf('slrt.rpc.registry.add-verivali-chunk.v1')
  @ApiOperation({
    operationId: 'importVerivaliResults',
    summary: 'Mengimpor berkas hasil verivali SIKS-NG (CSV atau XLSX; isi permintaan = berkasnya); diproses di latar',
  })
  @BinaryBody(
    'Berkas hasil verivali sebagai isi permintaan (CSV atau XLSX); nama asli di header X-File-Name',
    ...SIKS_UPLOAD_MEDIA_TYPES,
  )
  @JsonResponse(VerivaliImportV1)
  @ApiConsumes('text/csv', XLSX, 'application/octet-stream')
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'Nama berkas asli (.csv atau .xlsx)' })
  async importVerivali(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw badRequest(
        'FILE_EMPTY',
        'Kirim berkas hasil verivali sebagai isi permintaan dengan Content-Type text/csv atau XLSX.',
      );
    const name = sentFileName(fileName, 'hasil-verivali');
    const format = contentType?.startsWith(XLSX) || /\.xlsx$/i.test(name) ? 'xlsx' : 'csv';
    const uploadId = uuidv7();
    const last = await sendInChunks(body, EXCHANGE_CHUNK_BYTES, ({ bytes, index, count }) =>
      this.rpc.request(
        'slrt.rpc.registry.add-verivali-chunk.v1',
        {
          uploadId,
          fileName: name.slice(0, 200),
          format,
          totalSize: body.length,
          chunkIndex: index,
          chunkCount: count,
          contentBase64: bytes.toString('base64'),
        },
        { actor },
      ),
    );
    return last.job;
  }

  @Get('siks/verivali-imports/:id')
  @RolesOf('slrt.rpc.registry.get-verivali-import.v1')
  @ApiOperation({
    operationId: 'getVerivaliImport',
    summary:
      'Hasil impor verivali: jumlah diterapkan/tidak berubah/ditolak/tidak valid dan laporan kesalahan (baris, kolom, pesan)',
  })
  @ForwardsTo('slrt.rpc.registry.get-verivali-import.v1')
  getVerivali(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.get-verivali-import.v1', { jobId: id }, { actor });
  }

  @Get('ranking/presets')
  @RolesOf('slrt.rpc.registry.list-ranking-presets.v1')
  @ApiOperation({
    operationId: 'listRankingPresets',
    summary: 'Preset kriteria pemeringkatan calon penerima program daerah',
  })
  @ForwardsTo('slrt.rpc.registry.list-ranking-presets.v1')
  listPresets(@CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.list-ranking-presets.v1', {}, { actor });
  }

  @Put('ranking/presets/:code')
  @RolesOf('slrt.rpc.registry.save-ranking-preset.v1')
  @ApiOperation({ operationId: 'saveRankingPreset', summary: 'Membuat atau mengubah preset kriteria (ADMIN)' })
  @ForwardsTo('slrt.rpc.registry.save-ranking-preset.v1', { omit: ['code'] })
  savePreset(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.save-ranking-preset.v1', withRoute(body, { code }), { actor });
  }

  @Post('ranking/candidates')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.rank-candidates.v1')
  @ApiOperation({
    operationId: 'rankCandidates',
    summary: 'Peringkat keluarga calon penerima di wilayah (desil, lalu kriteria); NIK/KK disamarkan; per halaman',
  })
  @ForwardsTo('slrt.rpc.registry.rank-candidates.v1')
  rank(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.rank-candidates.v1', asObject(body), { actor });
  }

  @Post('ranking/candidates/export')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.export-candidate-ranking.v1')
  @ApiOperation({
    operationId: 'exportCandidateRanking',
    summary: 'Mengunduh peringkat calon (csv atau xlsx), dialirkan; NIK/KK disamarkan',
  })
  @ForwardsTo('slrt.rpc.registry.export-candidate-ranking.v1', { response: false })
  @FileResponse('text/csv', XLSX)
  @ApiProduces('text/csv', XLSX)
  async exportRanking(@Body() body: unknown, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const e = await forward(this.rpc, 'slrt.rpc.registry.export-candidate-ranking.v1', asObject(body), { actor });
    await streamFileChunks(reply, (i) =>
      this.rpc.request(
        'slrt.rpc.registry.get-candidate-ranking-chunk.v1',
        { exportId: e.exportId, chunkIndex: i },
        { actor },
      ),
    );
  }
}
