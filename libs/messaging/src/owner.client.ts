import { jetstream } from '@nats-io/jetstream';
import { createLogger } from '@slrt/observability';
import { connectNats, inboxPrefix } from './connection.js';
import { fromNatsHeaders, toNatsHeaders } from './envelope.js';

/** A message as a programme owner receives it: subject, headers and the raw body. */
export interface OwnerReceivedMessage {
  subject: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * What a programme owner's system does on the owner channel, with nothing of the platform but the
 * wire: binds to its pre-provisioned durables on `SLRT_OWNER_OUT` (no stream lookup, no consumer
 * creation), pulls and acks, and publishes raw answer bodies (well-formed or not). For tests and
 * operators' tools; services use the transport.
 */
export async function connectOwnerClient(o: {
  url: string;
  user?: string;
  password?: string;
  tlsCaFile?: string;
  ownerCode: string;
}) {
  const nc = await connectNats({
    url: o.url,
    name: `owner:${o.ownerCode}`,
    logger: createLogger(`owner:${o.ownerCode}`, 'silent'),
    inboxPrefix: inboxPrefix(o.user ?? o.ownerCode),
    ...(o.user ? { user: o.user, password: o.password ?? '' } : {}),
    ...(o.tlsCaFile ? { tlsCaFile: o.tlsCaFile } : {}),
  });
  const js = jetstream(nc);
  return {
    /** The next message of durable `owner-<code>` (`which: 'referrals'`) or `owner-<code>-feedback`, acked; null when none came within `expiresMs`. */
    async next(which: 'referrals' | 'feedback', expiresMs = 3000): Promise<OwnerReceivedMessage | null> {
      const durable = which === 'referrals' ? `owner-${o.ownerCode}` : `owner-${o.ownerCode}-feedback`;
      const consumer = await js.consumers.get('SLRT_OWNER_OUT', durable);
      const m = await consumer.next({ expires: expiresMs });
      if (!m) return null;
      await m.ackAck();
      return { subject: m.subject, headers: fromNatsHeaders(m.headers), body: m.string() };
    },
    /** JetStream publish of a raw body (any bytes) on `subject`, with `Nats-Msg-Id` when given. */
    async publishRaw(
      subject: string,
      body: string,
      msgId?: string,
      headers: Record<string, string> = {},
    ): Promise<void> {
      await js.publish(subject, body, {
        ...(msgId ? { msgID: msgId } : {}),
        ...(Object.keys(headers).length ? { headers: toNatsHeaders(headers) } : {}),
      });
    },
    close: () => nc.close(),
  };
}
