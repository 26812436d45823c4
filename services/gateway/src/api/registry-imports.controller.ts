import { Readable } from 'node:stream';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import {
  SNAPSHOT_CHUNK_BYTES,
  XLSX_CONTENT_TYPE,
  ImportJobV1,
  type Actor,
  type UploadSnapshotChunkResponseV1,
} from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { BinaryBody, FileResponse, ForwardsTo, JsonResponse } from '../http/openapi.js';
import { fixedChunks, sentFileName, streamFileChunks } from './file-chunks.js';
import { forward } from '../http/forward.js';
import { withRoute, badRequest } from '../http/http-input.js';
import { SENT_TYPE_HEADER } from '../http/file-bodies.js';

/** A file name the registry accepts, from the client's `X-File-Name` and media type. */
export function uploadFileName(sent: string | undefined, contentType: string): string {
  const xlsx = contentType.startsWith(XLSX_CONTENT_TYPE) || /\.xlsx$/i.test(sent ?? '');
  const base = sentFileName(sent, '')
    .replace(/\.(csv|xlsx)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 120);
  return `${base || 'snapshot'}.${xlsx ? 'xlsx' : 'csv'}`;
}

/**
 * DTKS/DTSEN snapshot imports through the gateway, so an admin needs no shell on the server: the
 * file is the raw request body, streamed to the registry in chunks; the job, its error report and
 * the column profiles. Roles are checked again by the registry.
 */
@ApiTags('registry')
@Controller('v1/registry')
export class RegistryImportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('imports')
  @HttpCode(202)
  @RolesOf('slrt.rpc.registry.upload-snapshot-chunk.v1')
  @ApiOperation({
    operationId: 'importRegistrySnapshot',
    summary: 'Mengunggah berkas DTKS/DTSEN (CSV atau XLSX; isi permintaan = berkasnya) dan memulai impornya',
  })
  @BinaryBody(
    'Berkas DTKS/DTSEN sebagai isi permintaan (CSV atau XLSX, dialirkan); nama asli di header X-File-Name',
    'text/csv',
    XLSX_CONTENT_TYPE,
  )
  @JsonResponse(ImportJobV1)
  @ApiConsumes('text/csv', XLSX_CONTENT_TYPE)
  @ApiQuery({ name: 'dataPeriod', required: true, description: 'Periode data TTTT-BB' })
  @ApiQuery({ name: 'profile', required: true, description: 'Kode profil kolom, mis. dtsen' })
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'Nama berkas asli' })
  async importSnapshot(
    @Body() body: unknown,
    @Query('dataPeriod') dataPeriod: string | undefined,
    @Query('profile') profile: string | undefined,
    @Headers('x-file-name') sentName: string | undefined,
    @Headers(SENT_TYPE_HEADER) sentType: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (!(body instanceof Readable))
      throw badRequest('SNAPSHOT_EMPTY', 'Kirim berkas CSV atau XLSX sebagai isi permintaan.');
    const uploadId = uuidv7();
    const fileName = uploadFileName(sentName, sentType ?? '');
    let result: UploadSnapshotChunkResponseV1 | null = null;
    let chunkIndex = 0;
    for await (const { bytes, last } of fixedChunks(body as AsyncIterable<Buffer>, SNAPSHOT_CHUNK_BYTES)) {
      result = await this.rpc.request(
        'slrt.rpc.registry.upload-snapshot-chunk.v1',
        {
          uploadId,
          fileName,
          dataPeriod: dataPeriod ?? '',
          profile: profile ?? '',
          chunkIndex: chunkIndex++,
          last,
          contentBase64: bytes.toString('base64'),
        },
        // The last chunk hashes the whole file before the job starts.
        { actor, timeoutMs: last ? 120_000 : 30_000 },
      );
    }
    if (!result?.job) throw badRequest('SNAPSHOT_EMPTY', 'Kirim berkas CSV atau XLSX sebagai isi permintaan.');
    return result.job;
  }

  @Get('imports/:jobId')
  @RolesOf('slrt.rpc.registry.get-import-job.v1')
  @ApiOperation({ operationId: 'getImportJob', summary: 'Status dan hitungan baris satu pekerjaan impor' })
  @ForwardsTo('slrt.rpc.registry.get-import-job.v1')
  getImportJob(@Param('jobId') jobId: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.get-import-job.v1', { jobId }, { actor });
  }

  @Get('imports/:jobId/errors')
  @RolesOf('slrt.rpc.registry.get-import-errors-chunk.v1')
  @ApiOperation({
    operationId: 'downloadImportErrors',
    summary: 'Mengunduh laporan kesalahan impor (CSV: baris, kolom, pesan)',
  })
  @FileResponse('text/csv')
  @ApiProduces('text/csv')
  async downloadImportErrors(@Param('jobId') jobId: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    await streamFileChunks(reply, (chunkIndex) =>
      this.rpc.request('slrt.rpc.registry.get-import-errors-chunk.v1', { jobId, chunkIndex }, { actor }),
    );
  }

  @Get('column-profiles')
  @RolesOf('slrt.rpc.registry.list-column-profiles.v1')
  @ApiOperation({
    operationId: 'listColumnProfiles',
    summary: 'Profil kolom berkas registri (judul kolom → data snapshot)',
  })
  @ForwardsTo('slrt.rpc.registry.list-column-profiles.v1')
  listColumnProfiles(@CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.list-column-profiles.v1', {}, { actor });
  }

  @Put('column-profiles/:code')
  @RolesOf('slrt.rpc.registry.save-column-profile.v1')
  @ApiOperation({
    operationId: 'saveColumnProfile',
    summary: 'Menambah atau mengubah profil kolom (ADMIN); semua kolom wajib harus dipetakan',
  })
  @ForwardsTo('slrt.rpc.registry.save-column-profile.v1', { omit: ['code'] })
  saveColumnProfile(@Param('code') code: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.save-column-profile.v1', withRoute(body, { code }), { actor });
  }
}
