import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ForwardReferralRequestV1,
  GetPartnershipDocumentRequestV1,
  ListPartnersRequestV1,
  ResolveAtPuskesosRequestV1,
  SavePartnershipRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ForwardReferralService } from './forward-referral.service.js';
import { PartnershipsService } from './partnerships.service.js';
import { ResolveAtPuskesosService } from './resolve-at-puskesos.service.js';

/** NATS request adapters of the Puskesos flows (issue #19): map, call, return. */
@Controller()
export class PuskesosHandlers {
  constructor(
    private readonly resolver: ResolveAtPuskesosService,
    private readonly forwarder: ForwardReferralService,
    private readonly partnerships: PartnershipsService,
  ) {}

  @OnRequest('slrt.rpc.referral.resolve-at-puskesos.v1')
  resolve(@Payload() data: ResolveAtPuskesosRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.resolver.resolve(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.forward-referral.v1')
  forward(@Payload() data: ForwardReferralRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.forwarder.forwardOverHttp(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-partnership.v1')
  savePartnership(@Payload() data: SavePartnershipRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.partnerships.save(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-partners.v1')
  partners(@Payload() data: ListPartnersRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.partnerships.list(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.get-partnership-document.v1')
  document(@Payload() data: GetPartnershipDocumentRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.partnerships.document(data.partnershipId, ctx.actor);
  }
}
