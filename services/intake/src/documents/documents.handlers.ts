import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { GetCivilRegistrationLetterRequestV1, GetComplaintReceiptRequestV1 } from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { DocumentsService } from './documents.service.js';

/** NATS request adapters for intake's documents. */
@Controller()
export class DocumentsHandlers {
  constructor(private readonly documents: DocumentsService) {}

  @OnRequest('slrt.rpc.intake.get-complaint-receipt.v1')
  receipt(@Payload() data: GetComplaintReceiptRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.documents.receipt(data.complaintId, data.layout, ctx.actor);
  }

  @OnRequest('slrt.rpc.intake.get-civil-registration-letter.v1')
  letter(@Payload() data: GetCivilRegistrationLetterRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.documents.civilRegistrationLetter(data.complaintId, ctx.actor);
  }
}
