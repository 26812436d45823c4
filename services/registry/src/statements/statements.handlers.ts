import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  DtksStatementFileV1,
  GetDtksStatementRequestV1,
  VerifyDocumentRequestV1,
  VerifyDocumentResponseV1,
} from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { StatementsService } from './statements.service.js';

/** Request handlers of the registered-in-DTKS statement and its public verification. */
@Controller()
export class StatementsHandlers {
  constructor(private readonly statements: StatementsService) {}

  @OnRequest('slrt.rpc.registry.get-dtks-statement.v1')
  async getDtksStatement(
    @Payload() data: GetDtksStatementRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<DtksStatementFileV1> {
    return this.statements.getDtksStatement(data, ctx.actor);
  }

  /** Public: the gateway asks on behalf of anyone holding the printed QR code. */
  @OnRequest('slrt.rpc.registry.verify-document.v1')
  async verifyDocument(@Payload() data: VerifyDocumentRequestV1): Promise<VerifyDocumentResponseV1> {
    return this.statements.verifyDocument(data.code);
  }
}
