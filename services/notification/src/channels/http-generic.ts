import type { MessageChannel } from '@slrt/contracts';
import {
  httpFailure,
  phoneFromProvider,
  type ChannelAdapter,
  type InboundReply,
  type OutgoingMessage,
  type SendResult,
  type StatusReport,
} from './channel.js';

/**
 * Configuration of the generic HTTP adapter (JSON in NOTIFY_SMS_PROVIDER / NOTIFY_WHATSAPP_PROVIDER):
 * one POST per message to `url`, the token in `authHeader` (`Authorization: Bearer <token>` by
 * default), the body JSON or form-encoded with configurable field names, the platform's message
 * id in `idempotencyHeader` (the provider drops repeats) and as `reference`.
 */
export interface GenericHttpConfig {
  kind: 'http';
  url: string;
  token?: string;
  authHeader?: string;
  authScheme?: string;
  format?: 'json' | 'form';
  fields?: { to?: string; text?: string; reference?: string };
  /** Extra constant fields (sender id, route…). */
  extra?: Record<string, string>;
  /** Dot path of the provider's message id in its JSON answer (default `id`). */
  idField?: string;
  /** Header carrying the idempotency key; empty string: the provider has none. */
  idempotencyHeader?: string;
  /** How the number is written: `e164` (+62…), `62` (62…) or `0` (08…). */
  numberFormat?: 'e164' | '62' | '0';
}

const STATUSES: Record<string, StatusReport['status']> = {
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  undeliverable: 'undeliverable',
  rejected: 'failed',
  expired: 'failed',
};

function at(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
}

export function formatNumber(e164: string, style: GenericHttpConfig['numberFormat']): string {
  if (style === '62') return e164.slice(1);
  if (style === '0') return `0${e164.slice(3)}`;
  return e164;
}

/** The generic, configurable HTTP adapter (any provider with a "POST a message" API). */
export class GenericHttpAdapter implements ChannelAdapter {
  readonly provider = 'http';
  readonly idempotent: boolean;

  constructor(
    readonly channel: MessageChannel,
    private readonly config: GenericHttpConfig,
    private readonly timeoutMs: number,
  ) {
    this.idempotent = (config.idempotencyHeader ?? 'Idempotency-Key') !== '';
  }

  async send(m: OutgoingMessage): Promise<SendResult> {
    const f = { to: 'to', text: 'text', reference: 'reference', ...this.config.fields };
    const fields: Record<string, string> = {
      ...this.config.extra,
      [f.to]: formatNumber(m.to, this.config.numberFormat),
      [f.text]: m.text,
      [f.reference]: m.id,
    };
    const headers: Record<string, string> = {};
    if (this.config.token)
      headers[this.config.authHeader ?? 'Authorization'] =
        `${this.config.authScheme ?? 'Bearer'} ${this.config.token}`.trim();
    const idem = this.config.idempotencyHeader ?? 'Idempotency-Key';
    if (idem) headers[idem] = m.id;
    let body: string;
    if (this.config.format === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(fields).toString();
    } else {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(fields);
    }
    let res: Response;
    try {
      res = await fetch(this.config.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return { kind: 'retry', reason: `penyedia tidak dapat dihubungi (${e instanceof Error ? e.name : 'error'})` };
    }
    const text = await res.text().catch(() => '');
    if (res.ok) {
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        /* a plain-text OK is still an acceptance */
      }
      const id = at(json, this.config.idField ?? 'id');
      return {
        kind: 'accepted',
        providerMessageId: id === undefined || id === null ? null : String(Array.isArray(id) ? id[0] : id),
      };
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500)
      return { kind: 'retry', reason: httpFailure(res.status, text) };
    return { kind: 'rejected', reason: httpFailure(res.status, text) };
  }

  /** Generic delivery report: `{ "reference": <our id> | "id": <provider id>, "status": "delivered", "reason": … }` (or an array of them). */
  parseStatus(body: Record<string, unknown>): StatusReport[] {
    const items = Array.isArray(body.reports) ? (body.reports as Array<Record<string, unknown>>) : [body];
    return items.flatMap((r) => {
      const status = STATUSES[String(r.status ?? '').toLowerCase()];
      if (!status) return [];
      return [
        {
          messageId: typeof r.reference === 'string' ? r.reference : undefined,
          providerMessageId: r.id === undefined ? undefined : String(r.id),
          status,
          reason: typeof r.reason === 'string' ? r.reason.slice(0, 300) : null,
        },
      ];
    });
  }

  /** Generic inbound reply: `{ "from": "62812…", "text": "STOP" }`. */
  parseInbound(body: Record<string, unknown>): InboundReply | null {
    const from = phoneFromProvider(body.from);
    return from && typeof body.text === 'string' ? { from, text: body.text } : null;
  }
}
