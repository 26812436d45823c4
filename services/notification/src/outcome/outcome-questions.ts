import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  publicStatusUrl,
  systemActor,
  type MessageChannel,
  type NotificationContactV1,
  type NotificationContactsV1,
  type OutcomeVerificationCompletedV1,
  type OutcomeVerificationRequestedV1,
} from '@slrt/contracts';
import { findRegion, localDate } from '@slrt/domain';
import { formatTanggalKalender } from '@slrt/documents';
import { OutboxPublisher, RpcClient } from '@slrt/messaging';
import { Channels } from '../channels/channels.js';
import { NotificationEnv } from '../config/notification.env.js';
import { OWNER_LABELS } from '../messages/owner-labels.js';

/** A reply that answers the question: YA / TIDAK (and their short forms), first word only. */
const ANSWER = /^\s*(ya|y|iya|sudah|tidak|tdk|t|belum)\b/i;

/** The answer a reply gives, or null when it is not one. */
export function replyAnswer(text: string): 'ya' | 'tidak' | null {
  const m = ANSWER.exec(text);
  if (!m) return null;
  return ['ya', 'y', 'iya', 'sudah'].includes(m[1]!.toLowerCase()) ? 'ya' : 'tidak';
}

/** The question texts (Bahasa Indonesia; the SMS fits one GSM-7 part for usual names and owners). */
export function questionText(
  channel: MessageChannel,
  v: { kabKota: string; receiptNumber: string; owner: string; resolvedOn: string; name: string; statusUrl: string },
): string {
  if (channel === 'fs-visit') {
    return `Kunjungi rumah tangga ${v.name} dan tanyakan: apakah manfaat dari ${v.owner} untuk pengaduan ${v.receiptNumber} (dinyatakan selesai pada ${v.resolvedOn}) sudah diterima? Catat jawaban YA/TIDAK di menu Verifikasi hasil.`;
  }
  return `SLRT ${v.kabKota}: ${v.owner} menyatakan pengaduan ${v.receiptNumber} selesai. Apakah manfaatnya sudah Anda terima? Balas YA atau TIDAK.`;
}

/**
 * Outcome verification, notification's side (issue 19): asks the household whether the benefit
 * arrived (SMS/WhatsApp when it has a phone, consented and not opted out, and a provider is
 * configured; otherwise a visit by the desa's FS), takes its reply "YA"/"TIDAK" from the phone
 * that was asked, and closes the question when referral settles the verification.
 */
@Injectable()
export class OutcomeQuestions {
  private readonly self = systemActor('notification');

  constructor(
    private readonly rpc: RpcClient,
    private readonly env: NotificationEnv,
    private readonly channels: Channels,
    private readonly outbox: OutboxPublisher,
  ) {}

  /** Plans the question of one verification in the consumer's transaction (once: keyed by the verification). */
  async ask(m: EntityManager, e: OutcomeVerificationRequestedV1): Promise<void> {
    const seen = (await m.query(`SELECT 1 FROM outcome_question WHERE verification_id = $1`, [
      e.verificationId,
    ])) as unknown[];
    if (seen.length) return;
    const contacts: NotificationContactsV1 = await this.rpc.request(
      'slrt.rpc.intake.get-notification-contacts.v1',
      { complaintId: e.complaintId },
      { actor: this.self, timeoutMs: this.env.NOTIFY_INTAKE_TIMEOUT_MS },
    );
    // The household that should have received the benefit: the subject, else the complainant (who may be its member).
    const person = [
      contacts.contacts.find((c) => c.role === 'subject'),
      contacts.contacts.find((c) => c.role === 'complainant'),
    ].find((c): c is NotificationContactV1 => Boolean(c && c.consent));
    const configured = this.channels.configured();
    let channel: MessageChannel = 'fs-visit';
    if (person?.phone) {
      const opted =
        ((await m.query(`SELECT 1 FROM opt_out WHERE address = $1`, [person.phone])) as unknown[]).length > 0;
      const text = (['sms', 'whatsapp'] as const).find((c) => configured.includes(c));
      if (!opted && text) channel = text;
    }
    // Without consent the household is not contacted: the question waits for the counter (staff record the answer).
    if (!person) {
      await m.query(
        `INSERT INTO outcome_question (verification_id, complaint_id, channel, address, desa_code, status, expires_at) VALUES ($1, $2, 'none', NULL, $3, 'open', $4)`,
        [e.verificationId, e.complaintId, e.desaCode, e.expiresAt],
      );
      return;
    }
    const kabKota = (findRegion(this.env.KAB_KOTA_CODE)?.name ?? `kab/kota ${this.env.KAB_KOTA_CODE}`)
      .replace(/^KOTA /i, 'Kota ')
      .replace(/^KAB\. /i, 'Kabupaten ');
    const local = localDate(new Date(e.askedAt), this.env.SLRT_TIME_ZONE);
    const body = questionText(channel, {
      kabKota,
      receiptNumber: e.receiptNumber,
      owner: OWNER_LABELS[e.ownerCode] ?? e.ownerCode,
      resolvedOn: formatTanggalKalender(local),
      name: person.name,
      statusUrl: publicStatusUrl(this.env.SLRT_PUBLIC_STATUS_URL, contacts.receiptNumber, contacts.trackingCode),
    });
    const address =
      channel === 'fs-visit' ? [person.address, person.desaCode].filter(Boolean).join(', ') : person.phone!;
    const id = uuidv7();
    const rows = (await m.query(
      `INSERT INTO message (id, complaint_id, sequence, step, recipient, channel, desa_code, address, name, body, subject, template_version, status, status_reason)
       VALUES ($1, $2, $3, 'resolved', $4, $5, $6, $7, $8, $9, NULL, 0, 'queued', $10)
       ON CONFLICT (complaint_id, sequence, recipient, channel) WHERE replaces_message_id IS NULL DO NOTHING RETURNING id`,
      [
        id,
        e.complaintId,
        -e.ordinal,
        person.role,
        channel,
        e.desaCode,
        address,
        person.name,
        body,
        channel === 'fs-visit' ? 'menunggu kunjungan FS ke rumah tangga: verifikasi hasil' : null,
      ],
    )) as unknown[];
    await m.query(
      `INSERT INTO outcome_question (verification_id, complaint_id, message_id, channel, address, desa_code, status, expires_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)`,
      [
        e.verificationId,
        e.complaintId,
        rows.length ? id : null,
        channel,
        channel === 'fs-visit' ? null : person.phone,
        e.desaCode,
        e.expiresAt,
      ],
    );
    if (rows.length && channel !== 'fs-visit') await m.query(`SELECT pg_notify('notification_message', '')`);
  }

  /**
   * A reply from `from` (E.164) through the provider's signed inbound webhook: if it answers YA or
   * TIDAK and the phone has an open question, the newest such question takes it and referral is
   * told (`outcome-answer.received`, outbox, this transaction). A phone that was not asked, or a
   * question already answered, expired or closed: nothing. Returns whether it answered one.
   */
  async onReply(m: EntityManager, from: string, text: string, channel: 'sms' | 'whatsapp' | null): Promise<boolean> {
    const answer = replyAnswer(text);
    if (!answer) return false;
    const [q] = (await m.query(
      `SELECT verification_id AS "verificationId", complaint_id AS "complaintId", channel, message_id AS "messageId" FROM outcome_question
       WHERE address = $1 AND status = 'open' AND expires_at > now() ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [from],
    )) as Array<{ verificationId: string; complaintId: string; channel: 'sms' | 'whatsapp'; messageId: string | null }>;
    if (!q) return false;
    const receivedAt = new Date();
    await m.query(
      `UPDATE outcome_question SET status = 'answered', answer = $2, answered_at = $3 WHERE verification_id = $1`,
      [q.verificationId, answer, receivedAt],
    );
    if (q.messageId)
      await m.query(`INSERT INTO message_attempt (message_id, outcome, detail) VALUES ($1, $2, $3)`, [
        q.messageId,
        `reply:${answer}`,
        'jawaban rumah tangga diterima',
      ]);
    await this.outbox.publish(
      m,
      'slrt.evt.notification.outcome-answer.received.v1',
      {
        verificationId: q.verificationId,
        complaintId: q.complaintId,
        answer,
        via: channel ?? q.channel,
        receivedAt: receivedAt.toISOString(),
      },
      { actor: this.self },
    );
    return true;
  }

  /**
   * Referral settled the verification: the question closes; a visit still waiting is recorded done
   * when the FS brought the answer, else cancelled (answered otherwise, or no answer in time), as
   * is a text still queued.
   */
  async settled(m: EntityManager, e: OutcomeVerificationCompletedV1): Promise<void> {
    const [q] = (await m.query(
      `SELECT message_id AS "messageId", status FROM outcome_question WHERE verification_id = $1 FOR UPDATE`,
      [e.verificationId],
    )) as Array<{ messageId: string | null; status: string }>;
    if (!q) return;
    if (q.status === 'open')
      await m.query(`UPDATE outcome_question SET status = 'closed' WHERE verification_id = $1`, [e.verificationId]);
    if (!q.messageId) return;
    const byVisit = e.via === 'fs-visit';
    const reason = byVisit
      ? 'jawaban rumah tangga dicatat oleh FS'
      : e.outcome === 'unverified'
        ? 'tidak diperlukan lagi: batas waktu jawaban lewat'
        : 'tidak diperlukan lagi: jawaban sudah dicatat';
    const rows = (await m.query(
      `UPDATE message SET status = CASE WHEN channel = 'fs-visit' AND $2 THEN 'delivered' ELSE 'cancelled' END, status_reason = $3,
         sent_at = CASE WHEN channel = 'fs-visit' AND $2 THEN now() ELSE sent_at END, updated_at = now()
       WHERE id = $1 AND status = 'queued' RETURNING id`,
      [q.messageId, byVisit, reason],
    )) as unknown[];
    if (rows.length)
      await m.query(`INSERT INTO message_attempt (message_id, outcome, detail) VALUES ($1, $2, $3)`, [
        q.messageId,
        `outcome:${e.outcome}`,
        reason,
      ]);
  }
}
