import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { GetRollupRequestV1 } from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { RollupService } from './rollup.service.js';

/** `get-rollup`: the province's view of its kab/kota for a month (empty on a kab/kota instance). */
@Controller()
export class RollupHandlers {
  constructor(private readonly rollup: RollupService) {}

  @OnRequest('slrt.rpc.reporting.get-rollup.v1')
  getRollup(@Payload() data: GetRollupRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.rollup.get(data, ctx.actor);
  }
}
