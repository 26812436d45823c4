import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { MonthlyRollupV1 } from '@slrt/contracts';
import { EventContext, OnEvent, PermanentError } from '@slrt/messaging';
import { RollupService } from './rollup.service.js';

/**
 * Province mode only (issue 13): the monthly roll-up of every kab/kota that publishes to this hub
 * (on a national hub: every kab/kota of every province, forwarded unchanged by the province hubs).
 * Keeps the newest version per kab/kota and month, with its envelope; an older or equal version (a
 * redelivery, a duplicate publish, a late message after a newer one) changes nothing.
 */
@Controller()
export class RollupConsumers {
  constructor(private readonly rollup: RollupService) {}

  @OnEvent('slrt.rollup.*.monthly.v1', { durable: 'reporting-rollup' })
  async onMonthly(@Payload() data: MonthlyRollupV1, @Ctx() ctx: EventContext) {
    // The subject names the kab/kota too (`slrt.rollup.6271.…`): both must agree.
    const token = ctx.subject.split('.')[2];
    if (token !== data.kabKotaCode.replace('.', ''))
      throw new PermanentError(`subject ${ctx.subject} does not name kab/kota ${data.kabKotaCode}`);
    await this.rollup.receive(ctx.manager, data, ctx.receivedAt, ctx.envelope);
  }
}
