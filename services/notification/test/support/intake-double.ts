import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { GetNotificationContactsRequestV1, NotificationContactsV1 } from '@slrt/contracts';
import { DomainError, OnRequest, type RpcRequestContext } from '@slrt/messaging';

/** Contacts the double answers, per complaint id (set by the test). */
export const contactsOf = new Map<string, Omit<NotificationContactsV1, 'complaintId'>>();
/** How many complaints each answered request named (1 without `complaintIds`). */
export const batches: number[] = [];
/** The next `left` requests are answered "unavailable" (intake down or restarting). */
export const unavailable = { left: 0 };
/** Who asked: caller and actor. */
export const asked: Array<{ caller: string; actorId: string }> = [];

/** Stands in for intake on the bus: answers get-notification-contacts as intake does (system:notification only). */
@Controller()
class IntakeDouble {
  @OnRequest('slrt.rpc.intake.get-notification-contacts.v1')
  contacts(@Payload() data: GetNotificationContactsRequestV1, @Ctx() ctx: RpcRequestContext): NotificationContactsV1 {
    asked.push({ caller: ctx.caller, actorId: ctx.actor.id });
    if (ctx.actor.id !== 'system:notification')
      throw new DomainError('FORBIDDEN', 'Hanya layanan notifikasi.', { reason: 'NOT_NOTIFICATION_SERVICE' });
    if (unavailable.left > 0) {
      unavailable.left--;
      throw new DomainError('UNAVAILABLE', 'Layanan intake sedang tidak tersedia.');
    }
    const c = contactsOf.get(data.complaintId);
    if (!c) throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan.');
    batches.push((data.complaintIds ?? [data.complaintId]).length);
    if (!data.complaintIds) return { complaintId: data.complaintId, ...c };
    const others = data.complaintIds
      .filter((id) => id !== data.complaintId && contactsOf.has(id))
      .map((id) => ({ complaintId: id, ...contactsOf.get(id)! }));
    return { complaintId: data.complaintId, ...c, others };
  }
}

@Module({ controllers: [IntakeDouble] })
export class IntakeDoubleModule {}
