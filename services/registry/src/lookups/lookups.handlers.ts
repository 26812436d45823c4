import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { LookupNikRequestV1, LookupNikResponseV1 } from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';
import { LookupsService } from './lookups.service.js';

/** Request handlers of registry lookups (intake's triage calls `lookup-nik`). */
@Controller()
export class LookupsHandlers {
  constructor(private readonly lookups: LookupsService) {}

  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  async lookupNik(@Payload() data: LookupNikRequestV1, @Ctx() ctx: RpcRequestContext): Promise<LookupNikResponseV1> {
    return this.lookups.lookupNik(data, ctx.actor);
  }
}
