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

/** `{"kind":"fonnte","token":…,"url":…}`; `url` defaults to Fonnte's API. */
export interface FonnteConfig {
  kind: 'fonnte';
  token: string;
  url?: string;
}

/** Fonnte reasons that no retry can change (the number itself is wrong). */
const PERMANENT = /target|invalid number|not registered|nomor/i;

/**
 * Fonnte (WhatsApp gateway used by many Indonesian local governments), written from its public
 * API documentation (https://docs.fonnte.com/api-send-message/, webhook status and incoming
 * message pages): `POST https://api.fonnte.com/send` with `Authorization: <device token>` and the
 * fields `target`, `message`, `countryCode`; it answers `{"status":true,"id":["…"],"process":…}`
 * or `{"status":false,"reason":"…"}` (HTTP 200 either way). Its status webhook posts
 * `{"device","id","stateid","status","state"}`; its incoming-message webhook posts
 * `{"device","sender","message",…}`. Fonnte takes no idempotency key: a message whose hand-over
 * was cut by a crash is not resent automatically (see the dispatcher).
 */
export class FonnteAdapter implements ChannelAdapter {
  readonly provider = 'fonnte';
  readonly idempotent = false;

  constructor(
    readonly channel: MessageChannel,
    private readonly config: FonnteConfig,
    private readonly timeoutMs: number,
  ) {}

  async send(m: OutgoingMessage): Promise<SendResult> {
    const body = new URLSearchParams({ target: m.to.slice(1), message: m.text, countryCode: '62' });
    let res: Response;
    try {
      res = await fetch(this.config.url ?? 'https://api.fonnte.com/send', {
        method: 'POST',
        headers: { Authorization: this.config.token, 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      return { kind: 'retry', reason: `Fonnte tidak dapat dihubungi (${e instanceof Error ? e.name : 'error'})` };
    }
    const text = await res.text().catch(() => '');
    if (!res.ok)
      return res.status >= 500 || res.status === 429
        ? { kind: 'retry', reason: httpFailure(res.status, text) }
        : { kind: 'rejected', reason: httpFailure(res.status, text) };
    let json: { status?: unknown; id?: unknown; reason?: unknown };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      return { kind: 'retry', reason: 'jawaban Fonnte tidak terbaca' };
    }
    if (json.status === true) {
      const id = Array.isArray(json.id) ? json.id[0] : json.id;
      return { kind: 'accepted', providerMessageId: id === undefined || id === null ? null : String(id) };
    }
    const reason = `Fonnte: ${typeof json.reason === 'string' ? json.reason.slice(0, 200) : 'ditolak'}`;
    return PERMANENT.test(reason) ? { kind: 'rejected', reason } : { kind: 'retry', reason };
  }

  /** Fonnte's status webhook: `status` sent/invalid/expired…, `state` delivered/read… . */
  parseStatus(body: Record<string, unknown>): StatusReport[] {
    if (body.id === undefined) return [];
    const status = String(body.status ?? '').toLowerCase();
    const state = String(body.state ?? '').toLowerCase();
    const providerMessageId = String(body.id);
    if (state === 'delivered' || state === 'read') return [{ providerMessageId, status: 'delivered', reason: null }];
    if (status === 'invalid')
      return [{ providerMessageId, status: 'undeliverable', reason: 'Fonnte: nomor tidak valid' }];
    if (status === 'expired' || status === 'failed' || status === 'url unreachable')
      return [{ providerMessageId, status: 'failed', reason: `Fonnte: ${status}` }];
    if (status === 'sent') return [{ providerMessageId, status: 'sent', reason: null }];
    return [];
  }

  /** Fonnte's incoming-message webhook. */
  parseInbound(body: Record<string, unknown>): InboundReply | null {
    const from = phoneFromProvider(body.sender);
    return from && typeof body.message === 'string' ? { from, text: body.message } : null;
  }
}
