import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiParam, ApiProduces, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { MUSDES_SIGNED_CHUNK_BYTES, MusdesMeetingV1, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { BinaryBody, FileResponse, ForwardsTo, JsonResponse, OptionalQueries } from '../http/openapi.js';
import { sendInChunks, sentFileName } from './file-chunks.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, badRequest, paged } from '../http/http-input.js';
import { sendPdf } from '../http/http-output.js';

/**
 * The musdes/muskel as a meeting (registry): one per desa/kelurahan and date, attendance,
 * decisions per prelist household, the Berita Acara (PDF) and its signed scan, which makes the
 * meeting final. Region scope is checked by the registry on every request.
 */
@ApiTags('proposals')
@Controller('v1')
export class MusdesMeetingsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('musdes-meetings')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.create-musdes-meeting.v1')
  @ApiOperation({
    operationId: 'createMusdesMeeting',
    summary:
      'Mencatat musyawarah desa/kelurahan (satu per desa dan tanggal; meminta lagi mengembalikan yang sama): agenda, tempat, pimpinan',
  })
  @ForwardsTo('slrt.rpc.registry.create-musdes-meeting.v1')
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.create-musdes-meeting.v1', asObject(body), { actor });
  }

  @Get('musdes-meetings')
  @RolesOf('slrt.rpc.registry.list-musdes-meetings.v1')
  @ApiOperation({
    operationId: 'listMusdesMeetings',
    summary: 'Daftar musyawarah desa/kelurahan di wilayah kerja, terbaru dahulu',
  })
  @ForwardsTo('slrt.rpc.registry.list-musdes-meetings.v1')
  @OptionalQueries('regionCode', 'status', 'page', 'pageSize')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.list-musdes-meetings.v1', paged(q), { actor });
  }

  @Get('musdes-meetings/:id')
  @RolesOf('slrt.rpc.registry.get-musdes-meeting.v1')
  @ApiOperation({
    operationId: 'getMusdesMeeting',
    summary: 'Satu musyawarah: daftar hadir, keputusan per rumah tangga (NIK disamarkan), usulan yang belum diputuskan',
  })
  @ForwardsTo('slrt.rpc.registry.get-musdes-meeting.v1')
  @ApiParam({ name: 'id' })
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.registry.get-musdes-meeting.v1', { meetingId: id }, { actor });
  }

  @Put('musdes-meetings/:id/attendance')
  @RolesOf('slrt.rpc.registry.record-musdes-attendance.v1')
  @ApiOperation({
    operationId: 'recordMusdesAttendance',
    summary: 'Mencatat daftar hadir (nama dan jabatan pejabat, jumlah warga; tanpa NIK) sebelum ada keputusan',
  })
  @ForwardsTo('slrt.rpc.registry.record-musdes-attendance.v1', { omit: ['meetingId'] })
  @ApiParam({ name: 'id' })
  attendance(@Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.record-musdes-attendance.v1', withRoute(body, { meetingId: id }), {
      actor,
    });
  }

  @Post('musdes-meetings/:id/decisions')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.record-musdes-decisions.v1')
  @ApiOperation({
    operationId: 'recordMusdesDecisions',
    summary:
      'Mencatat keputusan per rumah tangga (setuju, tidak setuju, ditunda dengan alasan); setiap usulan diputuskan sekali',
  })
  @ForwardsTo('slrt.rpc.registry.record-musdes-decisions.v1', { omit: ['meetingId'] })
  @ApiParam({ name: 'id' })
  decisions(@Param('id', ParseUUIDPipe) id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.registry.record-musdes-decisions.v1', withRoute(body, { meetingId: id }), {
      actor,
      timeoutMs: 15_000,
    });
  }

  @Get('musdes-meetings/:id/berita-acara')
  @RolesOf('slrt.rpc.registry.get-musdes-minutes.v1')
  @ApiOperation({
    operationId: 'downloadMusdesMinutes',
    summary: 'Berita Acara musyawarah (PDF); versi yang sama selalu berkas yang sama',
  })
  @ForwardsTo('slrt.rpc.registry.get-musdes-minutes.v1', { response: false })
  @FileResponse('application/pdf')
  @ApiProduces('application/pdf')
  @ApiParam({ name: 'id' })
  async minutes(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const file = await this.rpc.request(
      'slrt.rpc.registry.get-musdes-minutes.v1',
      { meetingId: id },
      { actor, timeoutMs: 20_000 },
    );
    void reply.header('x-document-number', file.number).header('x-document-version', String(file.version));
    sendPdf(reply, file);
  }

  @Post('musdes-meetings/:id/berita-acara-signed')
  @HttpCode(200)
  @RolesOf('slrt.rpc.registry.upload-musdes-signed-chunk.v1')
  @ApiOperation({
    operationId: 'uploadMusdesSignedMinutes',
    summary:
      'Mengunggah Berita Acara bertanda tangan (PDF atau foto JPEG, diperiksa isinya); musyawarah menjadi final dan keputusan terkunci',
  })
  @BinaryBody(
    'Pindaian Berita Acara bertanda tangan (PDF atau JPEG) sebagai isi permintaan; nama asli di header X-File-Name',
    'application/pdf',
    'image/jpeg',
  )
  @JsonResponse(MusdesMeetingV1)
  @ApiConsumes('application/pdf', 'image/jpeg')
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'Nama berkas asli' })
  @ApiParam({ name: 'id' })
  async upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw badRequest(
        'SIGNED_MINUTES_EMPTY',
        'Kirim Berita Acara bertanda tangan sebagai isi permintaan dengan Content-Type application/pdf atau image/jpeg.',
      );
    const uploadId = uuidv7();
    const last = await sendInChunks(body, MUSDES_SIGNED_CHUNK_BYTES, ({ bytes, index, count }) =>
      this.rpc.request(
        'slrt.rpc.registry.upload-musdes-signed-chunk.v1',
        {
          meetingId: id,
          uploadId,
          fileName: sentFileName(fileName, 'berita-acara'),
          totalSize: body.length,
          chunkIndex: index,
          chunkCount: count,
          contentBase64: bytes.toString('base64'),
        },
        { actor },
      ),
    );
    return last.meeting;
  }
}
