import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiConsumes, ApiHeader, ApiOperation, ApiProduces, ApiTags } from '../http/api-docs.js';
import type { FastifyReply } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { ATTACHMENT_CHUNK_BYTES, AttachmentViewV1, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { BinaryBody, FileResponse, ForwardsTo, JsonResponse } from '../http/openapi.js';
import { sendInChunks, sentFileName, streamChunks } from './file-chunks.js';
import { badRequest } from '../http/http-input.js';

/**
 * Attachments of a complaint. The file is the raw request body (no multipart parsing); the gateway
 * cuts it into chunks for intake, which stores it and checks its type by content. Downloads are
 * streamed from intake's chunks, a few requests ahead.
 */
@ApiTags('complaints')
@Controller('v1')
export class AttachmentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('complaints/:id/attachments')
  @RolesOf('slrt.rpc.intake.add-attachment-chunk.v1')
  @ApiOperation({
    operationId: 'addComplaintAttachment',
    summary: 'Melampirkan foto (JPEG, PNG, WebP) atau PDF; isi permintaan = berkasnya',
  })
  @BinaryBody(
    'Berkasnya sendiri (foto JPEG, PNG, WebP atau PDF) sebagai isi permintaan; nama asli di header X-File-Name',
    'image/jpeg',
    'image/png',
    'image/webp',
    'application/pdf',
  )
  @JsonResponse(AttachmentViewV1)
  @ApiConsumes('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiHeader({ name: 'X-File-Name', required: false, description: 'Nama berkas asli' })
  async add(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Headers('x-file-name') fileName: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw badRequest(
        'ATTACHMENT_EMPTY',
        'Kirim berkas sebagai isi permintaan dengan Content-Type image/jpeg, image/png, image/webp atau application/pdf.',
      );
    const uploadId = uuidv7();
    const last = await sendInChunks(body, ATTACHMENT_CHUNK_BYTES, ({ bytes, index, count }) =>
      this.rpc.request(
        'slrt.rpc.intake.add-attachment-chunk.v1',
        {
          uploadId,
          complaintId: id,
          fileName: sentFileName(fileName, 'lampiran'),
          totalSize: body.length,
          chunkIndex: index,
          chunkCount: count,
          contentBase64: bytes.toString('base64'),
        },
        { actor },
      ),
    );
    return last.attachment;
  }

  @Get('complaints/:id/attachments')
  @RolesOf('slrt.rpc.intake.list-attachments.v1')
  @ApiOperation({ operationId: 'listComplaintAttachments', summary: 'Daftar lampiran pengaduan' })
  @ForwardsTo('slrt.rpc.intake.list-attachments.v1')
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.intake.list-attachments.v1', { complaintId: id }, { actor });
  }

  @Get('attachments/:id')
  @RolesOf('slrt.rpc.intake.get-attachment-chunk.v1')
  @ApiOperation({ operationId: 'getComplaintAttachment', summary: 'Mengunduh satu lampiran' })
  @FileResponse('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'application/pdf')
  async download(@Param('id', ParseUUIDPipe) id: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    await streamChunks(
      reply,
      (chunkIndex) =>
        this.rpc.request('slrt.rpc.intake.get-attachment-chunk.v1', { attachmentId: id, chunkIndex }, { actor }),
      ({ attachment }) => ({
        fileName: attachment.fileName,
        contentType: attachment.contentType,
        size: attachment.size,
      }),
    );
  }
}
