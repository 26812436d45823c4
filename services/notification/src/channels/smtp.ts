import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelAdapter, OutgoingMessage, SendResult } from './channel.js';

/**
 * E-mail through an SMTP server (nodemailer). A 4xx answer or a broken connection is retried, a
 * 5xx refusal is final. The platform's message id is the Message-ID, so a repeat after a crash is
 * recognisable by the receiving side.
 */
export class SmtpAdapter implements ChannelAdapter {
  readonly channel = 'email' as const;
  readonly provider = 'smtp';
  readonly idempotent = true;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transport = nodemailer.createTransport(url, {
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    } as never);
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    try {
      const info = await this.transport.sendMail({
        from: this.from,
        to: m.to,
        subject: m.subject ?? 'Status pengaduan SLRT',
        text: m.text,
        messageId: `<${m.id}@slrt>`,
      });
      return { kind: 'accepted', providerMessageId: info.messageId ?? null };
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      const reason = `SMTP${code ? ` ${code}` : ''}: ${(e instanceof Error ? e.message : String(e)).slice(0, 200)}`;
      return code && code >= 500 ? { kind: 'rejected', reason } : { kind: 'retry', reason };
    }
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}
