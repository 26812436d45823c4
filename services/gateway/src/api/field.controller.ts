import { createHash } from 'node:crypto';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import {
  ATTACHMENT_CHUNK_BYTES,
  FieldAppBundleV1,
  FieldUploadV1,
  type Actor,
  type MessageViewV1,
} from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { BinaryBody, ForwardsTo, JsonResponse } from '../http/openapi.js';
import { ProblemError } from '../http/problem.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, badRequest, strictInt } from '../http/http-input.js';

/** Most visit/letter tasks one bundle carries (per channel). */
const TASK_PAGE = 200;

/**
 * The Fasilitator's offline field app: enrolled devices (remote logout), the bundle it caches for
 * days offline, and resumable photo uploads. Offline complaints travel on `POST /v1/field-sync`.
 */
@ApiTags('field')
@Controller('v1/field')
export class FieldController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('devices')
  @RolesOf('slrt.rpc.intake.enrol-field-device.v1')
  @ApiOperation({
    operationId: 'enrolFieldDevice',
    summary: 'Mendaftarkan HP Fasilitator (daring); kode perangkat = awalan nomor sementara L-<kode>-<n>',
  })
  @ForwardsTo('slrt.rpc.intake.enrol-field-device.v1')
  enrol(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.enrol-field-device.v1', asObject(body), { actor });
  }

  @Get('devices')
  @RolesOf('slrt.rpc.intake.list-field-devices.v1')
  @ApiOperation({
    operationId: 'listFieldDevices',
    summary: 'Perangkat Fasilitator: milik sendiri (FS) atau di wilayah kerja (SPV, ADMIN)',
  })
  @ForwardsTo('slrt.rpc.intake.list-field-devices.v1')
  @ApiQuery({ name: 'includeRevoked', required: false, enum: ['true', 'false'] })
  list(@Query('includeRevoked') includeRevoked: string | undefined, @CurrentActor() actor: Actor) {
    if (includeRevoked !== undefined && includeRevoked !== 'true' && includeRevoked !== 'false') {
      throw new ProblemError(422, 'VALIDATION_FAILED', 'Data yang dikirim belum benar. Periksa isian yang ditandai.', [
        { field: 'includeRevoked', messages: ['Harus true atau false.'] },
      ]);
    }
    return this.rpc.request(
      'slrt.rpc.intake.list-field-devices.v1',
      includeRevoked ? { includeRevoked: includeRevoked === 'true' } : {},
      { actor },
    );
  }

  @Post('devices/:deviceId/revoke')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.revoke-field-device.v1')
  @ApiOperation({
    operationId: 'revokeFieldDevice',
    summary:
      'Mencabut perangkat (keluar jarak jauh): sinkronisasi berikutnya ditolak DEVICE_REVOKED dan aplikasi menghapus datanya',
  })
  @ForwardsTo('slrt.rpc.intake.revoke-field-device.v1', { omit: ['deviceId'] })
  revoke(
    @Param('deviceId', ParseUUIDPipe) deviceId: string,
    @Body() body: Record<string, unknown> | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.intake.revoke-field-device.v1', withRoute(body ?? {}, { deviceId }), { actor });
  }

  @Get('bundle')
  @RolesOf('slrt.rpc.intake.get-field-bundle.v1')
  @ApiOperation({
    operationId: 'getFieldBundle',
    summary:
      'Data rujukan untuk bekerja luring: desa, kategori, program, daftar dokumen, pengaduan terdahulu (disamarkan), tugas kunjungan; ETag/If-None-Match',
  })
  @ForwardsTo('slrt.rpc.intake.get-field-bundle.v1', { response: false })
  @JsonResponse(FieldAppBundleV1)
  @ApiQuery({
    name: 'regionCode',
    required: false,
    description: 'Kecamatan atau desa di wilayah kerja (bawaan: seluruh wilayah kerja)',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'ETag dari bundel yang tersimpan di perangkat: 304 bila tidak berubah',
  })
  @ApiResponse({ status: 200, description: 'Berhasil' })
  @ApiResponse({ status: 304, description: 'Tidak berubah sejak ETag pada If-None-Match (tanpa isi)' })
  async bundle(
    @Query('regionCode') regionCode: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    // Earlier complaints come in pages (one bus message stays small); the rest is the same on every page.
    const hash = createHash('sha256');
    let intake = await this.rpc.request('slrt.rpc.intake.get-field-bundle.v1', regionCode ? { regionCode } : {}, {
      actor,
      timeoutMs: 30_000,
    });
    hash.update(intake.etag);
    const earlier = new Map(intake.earlierComplaints.map((c) => [c.receiptNumber, c]));
    let truncated = intake.earlierComplaintsTruncated;
    for (let page = intake.earlierComplaintsNextPage; page !== null; page = intake.earlierComplaintsNextPage) {
      intake = await this.rpc.request(
        'slrt.rpc.intake.get-field-bundle.v1',
        { ...(regionCode ? { regionCode } : {}), page },
        { actor, timeoutMs: 30_000 },
      );
      hash.update(intake.etag);
      // Complaints registered between two pages shift the rest: a repeated one is kept once.
      for (const c of intake.earlierComplaints) if (!earlier.has(c.receiptNumber)) earlier.set(c.receiptNumber, c);
      truncated ||= intake.earlierComplaintsTruncated;
    }
    const { tasks, complete } = await this.tasks(actor);
    const etag = `"fb-${hash.update(JSON.stringify(tasks)).update(String(complete)).digest('base64url').slice(0, 27)}"`;
    void reply
      .header('etag', etag)
      .header('cache-control', 'private, no-store')
      .header('vary', 'authorization, cookie');
    if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
      void reply.status(304).send();
      return;
    }
    const body: FieldAppBundleV1 = {
      ...intake,
      earlierComplaints: [...earlier.values()],
      earlierComplaintsTruncated: truncated,
      earlierComplaintsNextPage: null,
      etag,
      tasks,
      tasksComplete: complete,
    };
    void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
  }

  /** The FS's visit and letter tasks still to do (notification's queue in the caller's scope). */
  private async tasks(actor: Actor): Promise<{ tasks: MessageViewV1[]; complete: boolean }> {
    try {
      const pages = await Promise.all(
        (['fs-visit', 'letter'] as const).map((channel) =>
          this.rpc.request(
            'slrt.rpc.notification.list-messages.v1',
            { channel, status: 'queued', page: 1, pageSize: TASK_PAGE },
            { actor, timeoutMs: 5_000 },
          ),
        ),
      );
      return { tasks: pages.flatMap((p) => p.items), complete: pages.every((p) => p.total <= p.items.length) };
    } catch {
      return { tasks: [], complete: false };
    }
  }

  @Post('uploads')
  @RolesOf('slrt.rpc.intake.create-field-upload.v1')
  @ApiOperation({
    operationId: 'createFieldUpload',
    summary: 'Membuka unggahan foto bertahap (ukuran, SHA-256); idempoten per clientUploadId',
  })
  @ForwardsTo('slrt.rpc.intake.create-field-upload.v1')
  createUpload(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.create-field-upload.v1', asObject(body), { actor });
  }

  @Get('uploads/:uploadId')
  @RolesOf('slrt.rpc.intake.get-field-upload.v1')
  @ApiOperation({
    operationId: 'getFieldUpload',
    summary: 'Posisi unggahan (offset): lanjutkan dari sini setelah terputus',
  })
  @ForwardsTo('slrt.rpc.intake.get-field-upload.v1')
  getUpload(@Param('uploadId', ParseUUIDPipe) uploadId: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.intake.get-field-upload.v1', { uploadId }, { actor });
  }

  @Put('uploads/:uploadId')
  @RolesOf('slrt.rpc.intake.put-field-upload-chunk.v1')
  @ApiOperation({
    operationId: 'putFieldUploadChunk',
    summary:
      'Mengirim potongan berkas pada offset (Upload-Offset atau ?offset=); potongan ulang tidak mengubah apa pun; celah → 409 dengan Upload-Offset',
  })
  @BinaryBody('Bytes of the chunk (application/octet-stream), starting at the offset', 'application/octet-stream')
  @JsonResponse(FieldUploadV1)
  @ApiHeader({ name: 'Upload-Offset', required: false, description: 'Byte awal potongan ini (atau query offset)' })
  @ApiQuery({ name: 'offset', required: false })
  async putChunk(
    @Param('uploadId', ParseUUIDPipe) uploadId: string,
    @Query('offset') queryOffset: string | undefined,
    @Headers('upload-offset') headerOffset: string | undefined,
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
    @Res() reply: FastifyReply,
  ) {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw badRequest(
        'CHUNK_EMPTY',
        'Kirim potongan berkas sebagai isi permintaan dengan Content-Type application/octet-stream.',
      );
    if (headerOffset !== undefined && queryOffset !== undefined && headerOffset !== queryOffset)
      throw badRequest('OFFSET_AMBIGUOUS', 'Upload-Offset dan ?offset= berbeda: kirim salah satu.');
    const offset = strictInt(headerOffset ?? queryOffset, -1, 'offset', 0, Number.MAX_SAFE_INTEGER);
    if (offset < 0)
      throw badRequest('OFFSET_REQUIRED', 'Sebutkan byte awal potongan di header Upload-Offset (atau ?offset=).');
    let answer: { accepted: boolean; upload: FieldUploadV1 } | undefined;
    // Larger bodies travel as several bus chunks, each at its own offset.
    for (let at = 0; at < body.length; at += ATTACHMENT_CHUNK_BYTES) {
      const bytes = body.subarray(at, at + ATTACHMENT_CHUNK_BYTES);
      answer = await this.rpc.request(
        'slrt.rpc.intake.put-field-upload-chunk.v1',
        { uploadId, offset: offset + at, contentBase64: bytes.toString('base64') },
        { actor },
      );
      if (!answer.accepted) break;
    }
    const { accepted, upload } = answer!;
    void reply.header('upload-offset', String(upload.offset)).header('cache-control', 'no-store');
    if (!accepted) {
      throw new ProblemError(
        409,
        'UPLOAD_OFFSET_MISMATCH',
        `Potongan dimulai pada byte ${offset}, tetapi server baru menerima ${upload.offset} byte. Kirim lagi mulai byte ${upload.offset}.`,
        [{ field: 'offset', messages: [`Harus ${upload.offset} atau kurang.`] }],
        { 'Upload-Offset': String(upload.offset) },
      );
    }
    void reply.header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(upload));
  }

  @Post('uploads/:uploadId/complete')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.complete-field-upload.v1')
  @ApiOperation({
    operationId: 'completeFieldUpload',
    summary: 'Menyelesaikan unggahan: ukuran, SHA-256 dan jenis isi diperiksa, lalu dilampirkan ke pengaduan',
  })
  @ForwardsTo('slrt.rpc.intake.complete-field-upload.v1', { omit: ['uploadId'] })
  complete(@Param('uploadId', ParseUUIDPipe) uploadId: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.intake.complete-field-upload.v1', { uploadId }, { actor, timeoutMs: 30_000 });
  }
}
