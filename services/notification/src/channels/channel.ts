import type { MessageChannel, MessageStatus } from '@slrt/contracts';

/** A message handed to a provider. `id` is the platform's message id (the idempotency key). */
export interface OutgoingMessage {
  id: string;
  to: string;
  text: string;
  subject: string | null;
}

/**
 * What a provider said: accepted (with its message id for callbacks), a transient failure to retry
 * with backoff, or a refusal that no retry can change.
 */
export type SendResult =
  | { kind: 'accepted'; providerMessageId: string | null }
  | { kind: 'retry'; reason: string }
  | { kind: 'rejected'; reason: string };

/** A delivery report parsed from a provider's callback. */
export interface StatusReport {
  /** The provider's message id, or our own message id when the provider echoes it. */
  providerMessageId?: string;
  messageId?: string;
  status: Extract<MessageStatus, 'sent' | 'delivered' | 'failed' | 'undeliverable'>;
  reason: string | null;
}

/** A reply from a citizen (phone in +62 form). */
export interface InboundReply {
  from: string;
  text: string;
}

/** One provider adapter behind a channel. */
export interface ChannelAdapter {
  readonly channel: MessageChannel;
  /** Name in callbacks' URLs and in the message rows (`http`, `fonnte`, `smtp`). */
  readonly provider: string;
  /** The provider drops a repeated request with the same idempotency key: safe to resend after a crash. */
  readonly idempotent: boolean;
  send(message: OutgoingMessage): Promise<SendResult>;
  parseStatus?(body: Record<string, unknown>): StatusReport[];
  parseInbound?(body: Record<string, unknown>): InboundReply | null;
  close?(): Promise<void>;
}

/** `+6281234567890` from `6281234567890`, `081234567890` or `+62…`; null otherwise. */
export function phoneFromProvider(raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const digits = String(raw).replace(/[^\d]/g, '');
  if (/^62\d{7,13}$/.test(digits)) return `+${digits}`;
  if (/^0\d{7,13}$/.test(digits)) return `+62${digits.slice(1)}`;
  return null;
}

/** A short reason for a failed HTTP exchange, never with the request's content. */
export function httpFailure(status: number, detail?: unknown): string {
  const text = typeof detail === 'string' ? detail.slice(0, 200) : '';
  return `HTTP ${status}${text ? `: ${text}` : ''}`;
}
