import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { GetNotificationContactsRequestV1, NotificationContactsV1 } from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ComplaintsRepository } from './complaints.repository.js';

/** The one caller allowed to read a complaint's contacts. */
export const NOTIFICATION_CONTACTS_READER = 'system:notification';

/**
 * `slrt.rpc.intake.get-notification-contacts.v1`: the phone numbers, names and consent of a
 * complaint's persons, for the notification service alone (any other caller — users included —
 * is refused). An anonymous complainant is never returned (they follow their complaint through
 * the receipt); a person without consent is returned with `consent: false` so the notification
 * service records why nobody was told. Personal data: neither the request's answer nor any part
 * of it is logged.
 */
@Controller()
export class NotificationContactsHandlers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
  ) {}

  @OnRequest('slrt.rpc.intake.get-notification-contacts.v1')
  async contacts(@Payload() data: GetNotificationContactsRequestV1, @Ctx() ctx: RpcRequestContext): Promise<NotificationContactsV1> {
    if (ctx.actor.kind !== 'system' || ctx.actor.id !== NOTIFICATION_CONTACTS_READER) {
      throw new DomainError('FORBIDDEN', 'Hanya layanan notifikasi yang boleh membaca kontak pengaduan.', { reason: 'NOT_NOTIFICATION_SERVICE' });
    }
    const m = this.dataSource.manager;
    const complaint = await this.repo.findById(m, data.complaintId);
    if (!complaint) throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan.', { reason: 'COMPLAINT_NOT_FOUND' });
    const persons = await this.repo.persons(m, complaint.id);
    const hasComplainant = persons.some((p) => p.role === 'complainant');
    const contacts = persons
      // Anonymous: the complainant (the subject when they reported for themselves) is reached only through the receipt.
      .filter((p) => !complaint.anonymous || (p.role === 'subject' && hasComplainant))
      .map((p) => ({
        role: p.role,
        name: p.name,
        phone: p.phone,
        email: null,
        consent: p.consent,
        desaCode: p.desaCode,
        address: [p.street, p.rt ? `RT ${p.rt}` : null, p.rw ? `RW ${p.rw}` : null].filter(Boolean).join(' ') || null,
      }));
    return { complaintId: complaint.id, receiptNumber: complaint.receiptNumber, trackingCode: complaint.trackingCode, anonymous: complaint.anonymous, contacts };
  }
}
