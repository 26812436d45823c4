import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  AddAttachmentChunkRequestV1,
  GetAttachmentChunkRequestV1,
  ListAttachmentsRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { AttachmentsService } from './attachments.service.js';

/** NATS request adapters for attachments. */
@Controller()
export class AttachmentsHandlers {
  constructor(private readonly attachments: AttachmentsService) {}

  @OnRequest('slrt.rpc.intake.add-attachment-chunk.v1')
  add(@Payload() data: AddAttachmentChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.attachments.addChunk(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.list-attachments.v1')
  list(@Payload() data: ListAttachmentsRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.attachments.list(data.complaintId, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-attachment-chunk.v1')
  get(@Payload() data: GetAttachmentChunkRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.attachments.getChunk(data.attachmentId, data.chunkIndex, ctx.actor);
  }
}
