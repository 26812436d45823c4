import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxPublisher } from '@slrt/messaging';

const OUTCOMES = ['delivered', 'failed', 'undeliverable'];

/**
 * Publishes `slrt.evt.notification.message.outcome.v1` for messages that just reached an outcome,
 * through the outbox in the transaction that recorded it (so the event exists exactly when the
 * outcome does). Reads the row as committed by that transaction: ids, desa, channel, step,
 * recipient kind — never the address, name or text.
 */
@Injectable()
export class MessageOutcomes {
  constructor(private readonly outbox: OutboxPublisher) {}

  async publish(m: EntityManager, ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const rows: Array<{
      id: string;
      complaint_id: string;
      desa_code: string;
      channel: string;
      step: string;
      recipient: string;
      status: string;
      updated_at: Date;
    }> = await m.query(
      `SELECT id, complaint_id, desa_code, channel, step, recipient, status, updated_at FROM message WHERE id = ANY($1::uuid[]) AND status = ANY($2) ORDER BY id`,
      [ids, OUTCOMES],
    );
    for (const r of rows) {
      await this.outbox.publish(
        m,
        'slrt.evt.notification.message.outcome.v1',
        {
          messageId: r.id,
          complaintId: r.complaint_id,
          desaCode: r.desa_code,
          channel: r.channel as 'sms',
          step: r.step,
          recipient: r.recipient as 'subject',
          outcome: r.status as 'delivered',
          at: new Date(r.updated_at).toISOString(),
        },
        { actor: null },
      );
    }
  }
}
