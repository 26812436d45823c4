import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ListHolidaysRequestV1, ListHolidaysResponseV1 } from '@slrt/contracts';
import { DomainError, OnRequest, type RpcRequestContext } from '@slrt/messaging';

/** Referral's holiday calendar as the double serves it (answered for system:reporting only, as referral does). */
export const HOLIDAYS = [{ date: '2026-10-07', name: 'Libur contoh' }];
/** Who asked the double for the calendar (actor ids), in order. */
export const asked: string[] = [];
@Controller()
class CalendarDouble {
  @OnRequest('slrt.rpc.referral.list-holidays.v1')
  list(@Payload() data: ListHolidaysRequestV1, @Ctx() ctx: RpcRequestContext): ListHolidaysResponseV1 {
    asked.push(ctx.actor.id);
    if (ctx.actor.id !== 'system:reporting') throw new DomainError('FORBIDDEN', 'Hanya layanan pelaporan.');
    return { items: HOLIDAYS.filter((h) => h.date.startsWith(String(data.year))) };
  }
}
/** Referral's double answering list-holidays (import it as the referral double's handlers). */
@Module({ controllers: [CalendarDouble] })
export class CalendarDoubleModule {}
