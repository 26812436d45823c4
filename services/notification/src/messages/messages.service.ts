import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  ComplaintStatusChangedV1,
  MessageChannel,
  MessageRecipient,
  MessageStatus,
  MessageViewV1,
} from '@slrt/contracts';
import { maskPhone } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { Channels } from '../channels/channels.js';
import { NotificationEnv } from '../config/notification.env.js';
import { TemplateStore } from '../templates/template-store.js';
import { render, type TemplateValues } from '../templates/templates.js';
import { MessageOutcomes } from './message-outcomes.js';
import { templateValues } from './template-values.js';
import { OutcomeQuestions } from '../outcome/outcome-questions.js';

/** Shown to staff for a message whose channel has no provider: never pretended sent. */
export const NOT_CONFIGURED = 'tidak terkirim: belum ada penyedia yang dikonfigurasi';
export const AWAITING_LETTER = 'menunggu dicetak dan diantar oleh FS';
export const AWAITING_VISIT = 'menunggu kunjungan FS ke rumah tangga';
export const NO_CONSENT = 'tidak dikirim: warga tidak memberi persetujuan untuk dihubungi';
export const OPTED_OUT = 'tidak dikirim: warga meminta berhenti menerima pesan (STOP)';
export const UNREACHABLE = 'tidak dikirim: tidak ada saluran yang menjangkau warga (tanpa nomor telepon atau e-mail)';

/** A message row as the service reads it. Personal data (address, name, body): never logged. */
export interface MessageRow {
  id: string;
  complaintId: string;
  sequence: number;
  step: ComplaintStatusChangedV1['step'];
  recipient: MessageRecipient;
  channel: MessageChannel;
  desaCode: string;
  address: string;
  name: string;
  body: string;
  subject: string | null;
  templateVersion: number;
  status: MessageStatus | 'sending';
  statusReason: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  provider: string | null;
  providerMessageId: string | null;
  replacesMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
}

export const MESSAGE_COLUMNS = `id, complaint_id AS "complaintId", sequence, step, recipient, channel, desa_code AS "desaCode", address, name, body, subject,
  template_version AS "templateVersion", status, status_reason AS "statusReason", attempts, next_attempt_at AS "nextAttemptAt", provider,
  provider_message_id AS "providerMessageId", replaces_message_id AS "replacesMessageId", created_at AS "createdAt", updated_at AS "updatedAt", sent_at AS "sentAt"`;

export { OWNER_LABELS } from './owner-labels.js';

/** Channels a citizen can reply STOP on: an opt-out cancels what waits on them. */
export const TEXT_CHANNELS: readonly MessageChannel[] = ['sms', 'whatsapp'];

/** Where the message goes, as staff see it: phone masked, e-mail masked, desa for letters and visits. */
export function maskedAddress(channel: MessageChannel, address: string, desaCode: string): string {
  if (channel === 'sms' || channel === 'whatsapp') return maskPhone(address);
  if (channel === 'email') return address.replace(/^(.).*(@.*)$/, '$1***$2');
  return `desa/kelurahan ${desaCode}`;
}

/**
 * Messages to citizens once planned (message-planning.service.ts): what staff see and do with them
 * (resend, switch channel, cancel, opt-out), the attempts and the providers' reports.
 */
@Injectable()
export class MessagesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: NotificationEnv,
    private readonly templates: TemplateStore,
    private readonly channels: Channels,
    private readonly outcomes: MessageOutcomes,
    private readonly outcomeQuestions: OutcomeQuestions,
  ) {}

  async optedOut(m: EntityManager, address: string): Promise<boolean> {
    return ((await m.query(`SELECT 1 FROM opt_out WHERE address = $1`, [address])) as unknown[]).length > 0;
  }

  // ── what staff see and do ───────────────────────────────────────────────────────────────

  view(r: MessageRow): MessageViewV1 {
    const status: MessageStatus = r.status === 'sending' ? 'queued' : r.status;
    return {
      messageId: r.id,
      complaintId: r.complaintId,
      sequence: r.sequence,
      step: r.step,
      recipient: r.recipient,
      channel: r.channel,
      address: maskedAddress(r.channel, r.address, r.desaCode),
      status,
      statusReason: r.status === 'sending' ? 'sedang diserahkan ke penyedia' : r.statusReason,
      text: r.body,
      attempts: r.attempts,
      nextAttemptAt: r.nextAttemptAt ? new Date(r.nextAttemptAt).toISOString() : null,
      providerMessageId: r.providerMessageId,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      replacesMessageId: r.replacesMessageId,
    };
  }

  async find(m: EntityManager, id: string, lock = false): Promise<MessageRow | null> {
    const [row] = (await m.query(`SELECT ${MESSAGE_COLUMNS} FROM message WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [
      id,
    ])) as MessageRow[];
    return row ?? null;
  }

  /**
   * A staff action on one message. Resend and switch create a new message (naming the one it
   * replaces) with the same text from the current template; the old one, if still queued, is
   * cancelled. Letters and visits are recorded as delivered or undeliverable by the FS.
   */
  async act(
    messageId: string,
    action: string,
    note: string | undefined,
    actor: Actor,
    inScope: (desa: string) => boolean,
  ) {
    return this.dataSource.transaction(async (m) => {
      const r = await this.find(m, messageId, true);
      if (!r || !inScope(r.desaCode))
        throw new DomainError('NOT_FOUND', 'Pesan tidak ditemukan.', { reason: 'MESSAGE_NOT_FOUND' });
      const conflict = (detail: string) => new DomainError('CONFLICT', detail, { reason: 'ILLEGAL_MESSAGE_ACTION' });
      let created: MessageRow | null = null;
      switch (action) {
        case 'mark-delivered':
        case 'mark-undeliverable': {
          if (r.channel !== 'letter' && r.channel !== 'fs-visit')
            throw conflict(
              'Hanya surat dan kunjungan FS yang dicatat oleh petugas; status SMS/WhatsApp/e-mail datang dari penyedia.',
            );
          if (r.status !== 'queued') throw conflict('Pesan ini sudah selesai dicatat.');
          const delivered = action === 'mark-delivered';
          await m.query(
            `UPDATE message SET status = $2, status_reason = $3, sent_at = CASE WHEN $4 THEN now() ELSE sent_at END, updated_at = now() WHERE id = $1`,
            [
              r.id,
              delivered ? 'delivered' : 'undeliverable',
              note ?? (delivered ? 'disampaikan oleh FS' : 'tidak dapat disampaikan'),
              delivered,
            ],
          );
          await this.attempt(m, r.id, action, `oleh ${actor.id}`);
          await this.outcomes.publish(m, [r.id]);
          break;
        }
        case 'opt-out': {
          if (!TEXT_CHANNELS.includes(r.channel))
            throw conflict('Berhenti berlangganan hanya berlaku untuk SMS/WhatsApp.');
          await this.recordOptOut(m, r.address, 'staff', actor.id);
          break;
        }
        case 'resend':
        case 'switch-to-letter':
        case 'switch-to-fs-visit': {
          if (r.status === 'sending') throw conflict('Pesan sedang diserahkan ke penyedia; coba lagi sebentar lagi.');
          const channel: MessageChannel =
            action === 'resend' ? r.channel : action === 'switch-to-letter' ? 'letter' : 'fs-visit';
          if (action === 'resend' && ['sent', 'delivered'].includes(r.status) && !note) {
            throw new DomainError('VALIDATION_FAILED', 'Pesan sudah terkirim; sebutkan alasan mengirim ulang.', {
              fieldErrors: [
                { field: 'note', messages: ['Alasan wajib diisi untuk mengirim ulang pesan yang sudah terkirim.'] },
              ],
            });
          }
          if (TEXT_CHANNELS.includes(channel) && (await this.optedOut(m, r.address)))
            throw conflict('Warga telah meminta berhenti menerima pesan (STOP).');
          const template = await this.templates.current(m, r.step, channel);
          const text = channel === r.channel || !template ? r.body : render(template.body, this.valuesFromRow(r));
          const address = channel === r.channel ? r.address : `desa/kelurahan ${r.desaCode}`;
          const configured = this.channels.configured().includes(channel);
          const reason =
            channel === 'letter'
              ? AWAITING_LETTER
              : channel === 'fs-visit'
                ? AWAITING_VISIT
                : configured
                  ? null
                  : NOT_CONFIGURED;
          const id = uuidv7();
          await m.query(
            `INSERT INTO message (id, complaint_id, sequence, step, recipient, channel, desa_code, address, name, body, subject, template_version, status, status_reason, replaces_message_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'queued', $13, $14)`,
            [
              id,
              r.complaintId,
              r.sequence,
              r.step,
              r.recipient,
              channel,
              r.desaCode,
              address,
              r.name,
              text,
              r.subject,
              template?.version ?? r.templateVersion,
              reason,
              r.id,
            ],
          );
          if (r.status === 'queued')
            await m.query(
              `UPDATE message SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE id = $1`,
              [r.id, `diganti (${action}) oleh petugas`],
            );
          await this.attempt(m, r.id, action, `oleh ${actor.id}${note ? `: ${note}` : ''}`);
          await m.query(`SELECT pg_notify('notification_message', '')`);
          created = await this.find(m, id);
          break;
        }
      }
      const after = (await this.find(m, r.id))!;
      return { message: this.view(after), created: created ? this.view(created) : null };
    });
  }

  /** The template values of an existing message (a switch renders the new channel's template). */
  private valuesFromRow(r: MessageRow): TemplateValues {
    const receipt = /(\d{4}-\d{4}-\d{6})/.exec(r.body)?.[1] ?? '';
    const code =
      /kode=([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(r.body)?.[1] ?? /Kode pelacakan: ([A-Z0-9-]{9})/.exec(r.body)?.[1] ?? '';
    return templateValues(
      this.env,
      { step: r.step, ownerCode: null, reasonText: null, occurredAt: new Date(r.createdAt).toISOString() },
      { receiptNumber: receipt, trackingCode: code },
      r.name,
    );
  }

  async attempt(m: EntityManager, messageId: string, outcome: string, detail: string | null): Promise<void> {
    await m.query(`INSERT INTO message_attempt (message_id, outcome, detail) VALUES ($1, $2, $3)`, [
      messageId,
      outcome,
      detail,
    ]);
  }

  /** Records an opt-out and cancels what is still waiting for that phone number. */
  async recordOptOut(m: EntityManager, address: string, source: 'reply' | 'staff', by: string): Promise<number> {
    await m.query(
      `INSERT INTO opt_out (address, source, recorded_by) VALUES ($1, $2, $3) ON CONFLICT (address) DO NOTHING`,
      [address, source, by],
    );
    const rows = (await m.query(
      `UPDATE message SET status = 'cancelled', status_reason = $2, updated_at = now() WHERE address = $1 AND status = 'queued' AND channel IN ('sms', 'whatsapp') RETURNING id`,
      [address, OPTED_OUT],
    )) as unknown[];
    return rows.length;
  }

  // ── the providers' callbacks ────────────────────────────────────────────────────────────

  /** Applies a provider's delivery report or a citizen's reply; unknown ids change nothing. */
  async callback(
    provider: string,
    kind: 'status' | 'inbound',
    raw: string,
  ): Promise<{ accepted: boolean; updated: number }> {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch {
      body = Object.fromEntries(new URLSearchParams(raw));
    }
    const adapters = this.channels.byProvider(provider);
    if (adapters.length === 0)
      throw new DomainError('NOT_FOUND', 'Penyedia tidak dikonfigurasi.', { reason: 'PROVIDER_NOT_CONFIGURED' });
    let updated = 0;
    await this.dataSource.transaction(async (m) => {
      if (kind === 'inbound') {
        const reply = adapters[0]!.parseInbound?.(body);
        if (reply && /^\s*(STOP|BERHENTI|UNREG)\b/i.test(reply.text))
          updated += await this.recordOptOut(m, reply.from, 'reply', `${provider}:reply`);
        // "YA"/"TIDAK" answers an outcome verification asked of this phone (none asked: ignored).
        else if (
          reply &&
          (await this.outcomeQuestions.onReply(
            m,
            reply.from,
            reply.text,
            adapters[0]!.channel === 'whatsapp' ? 'whatsapp' : adapters[0]!.channel === 'sms' ? 'sms' : null,
          ))
        )
          updated++;
        return;
      }
      const reports = adapters[0]!.parseStatus?.(body) ?? [];
      const rank: Record<string, number> = {
        queued: 0,
        sending: 0,
        sent: 1,
        delivered: 2,
        failed: 2,
        undeliverable: 2,
      };
      for (const rep of reports) {
        const rows = (await m.query(
          `SELECT id, status FROM message WHERE provider = $1 AND (($2::text IS NOT NULL AND provider_message_id = $2) OR ($3::uuid IS NOT NULL AND id = $3::uuid)) FOR UPDATE`,
          [
            provider,
            rep.providerMessageId ?? null,
            rep.messageId && /^[0-9a-f-]{36}$/i.test(rep.messageId) ? rep.messageId : null,
          ],
        )) as Array<{ id: string; status: string }>;
        for (const row of rows) {
          // Reports may arrive out of order: never go back from delivered to sent.
          if ((rank[rep.status] ?? 0) < (rank[row.status] ?? 0) || row.status === rep.status) continue;
          await m.query(`UPDATE message SET status = $2, status_reason = $3, updated_at = now() WHERE id = $1`, [
            row.id,
            rep.status,
            rep.reason,
          ]);
          await this.attempt(m, row.id, `callback:${rep.status}`, rep.reason);
          await this.outcomes.publish(m, [row.id]);
          updated++;
        }
      }
    });
    return { accepted: true, updated };
  }
}
