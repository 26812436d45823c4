import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type {
  ListProgrammesRequestV1,
  ListPublicProgrammesRequestV1,
  ListRoutingRulesRequestV1,
  SaveProgrammeRequestV1,
  SaveRoutingRuleRequestV1,
} from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { DirectoryService } from './directory.service.js';
import { PublicProgrammesService } from './public-programmes.service.js';

/** NATS request adapters of the directory: routing rules and the programme catalogue. */
@Controller()
export class DirectoryHandlers {
  constructor(
    private readonly directory: DirectoryService,
    private readonly publicProgrammes: PublicProgrammesService,
  ) {}

  @OnRequest('slrt.rpc.referral.list-routing-rules.v1')
  rules(@Payload() data: ListRoutingRulesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.directory.listRules(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-routing-rule.v1')
  saveRule(@Payload() data: SaveRoutingRuleRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.directory.saveRule(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-programmes.v1')
  programmes(@Payload() data: ListProgrammesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.directory.listProgrammes(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.save-programme.v1')
  saveProgramme(@Payload() data: SaveProgrammeRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.directory.saveProgramme(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.referral.list-public-programmes.v1')
  publicProgrammeList(@Payload() data: ListPublicProgrammesRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.publicProgrammes.list(data, ctx.actor);
  }
}
