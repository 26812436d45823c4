import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { GetNotificationContactsRequestV1, NotificationContactsV1 } from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';

interface ContactsRow {
  id: string;
  receiptNumber: string;
  trackingCode: string;
  anonymous: boolean;
  persons: Array<{
    role: 'subject' | 'complainant';
    name: string;
    phone: string | null;
    consent: boolean;
    desaCode: string;
    street: string | null;
    rt: string | null;
    rw: string | null;
  }>;
}

/** The one caller allowed to read a complaint's contacts. */
export const NOTIFICATION_CONTACTS_READER = 'system:notification';

/**
 * `slrt.rpc.intake.get-notification-contacts.v1`: the phone numbers, names and consent of a
 * complaint's persons, for the notification service alone (any other caller — users included —
 * is refused). An anonymous complainant is never returned (they follow their complaint through
 * the receipt); a person without consent is returned with `consent: false` so the notification
 * service records why nobody was told. With `complaintIds` (at most 100) the answer carries the
 * others found in `others`, all read in one statement. Personal data: neither the request's answer nor any part
 * of it is logged.
 */
@Controller()
export class NotificationContactsHandlers {
  constructor(private readonly dataSource: DataSource) {}

  @OnRequest('slrt.rpc.intake.get-notification-contacts.v1')
  async contacts(
    @Payload() data: GetNotificationContactsRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<NotificationContactsV1> {
    if (ctx.actor.kind !== 'system' || ctx.actor.id !== NOTIFICATION_CONTACTS_READER) {
      throw new DomainError('FORBIDDEN', 'Hanya layanan notifikasi yang boleh membaca kontak pengaduan.', {
        reason: 'NOT_NOTIFICATION_SERVICE',
      });
    }
    const ids = [...new Set([data.complaintId, ...(data.complaintIds ?? [])])];
    // One statement for the whole batch: each complaint with its persons.
    const rows = (await this.dataSource.query(
      `SELECT c.id, c.receipt_number AS "receiptNumber", c.tracking_code AS "trackingCode", c.anonymous,
              coalesce(json_agg(json_build_object('role', p.role, 'name', p.name, 'phone', p.phone, 'consent', p.consent, 'desaCode', p.desa_code, 'street', p.street, 'rt', p.rt, 'rw', p.rw) ORDER BY p.role DESC) FILTER (WHERE p.complaint_id IS NOT NULL), '[]') AS persons
         FROM complaint c LEFT JOIN complaint_person p ON p.complaint_id = c.id
        WHERE c.id = ANY($1::uuid[]) GROUP BY c.id`,
      [ids],
    )) as ContactsRow[];
    const answers = new Map(rows.map((r) => [r.id, this.answer(r)]));
    const main = answers.get(data.complaintId);
    if (!main) throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan.', { reason: 'COMPLAINT_NOT_FOUND' });
    if (!data.complaintIds) return main;
    return { ...main, others: ids.slice(1).flatMap((id) => answers.get(id) ?? []) };
  }

  private answer(complaint: ContactsRow): NotificationContactsV1 {
    const persons = complaint.persons;
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
    return {
      complaintId: complaint.id,
      receiptNumber: complaint.receiptNumber,
      trackingCode: complaint.trackingCode,
      anonymous: complaint.anonymous,
      contacts,
    };
  }
}
