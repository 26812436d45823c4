import { jetstreamManager, jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { fromNatsHeaders, toNatsHeaders } from './envelope.js';

/**
 * JetStream for code outside this library that must publish to a stream of another server (the
 * reporting service's roll-up to its province hub) or look into one (tests): services import no
 * NATS client themselves (the module boundary rule), so the few calls they need are here.
 */

/** Publishes `body` on `subject` and waits for the stream's acknowledgement (deduplicated by `msgID`). */
export async function publishToStream(
  nc: NatsConnection,
  subject: string,
  body: string,
  o: { msgID: string; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ stream: string; seq: number; duplicate: boolean }> {
  const ack = await jetstream(nc).publish(subject, body, {
    msgID: o.msgID,
    ...(o.headers ? { headers: toNatsHeaders(o.headers) } : {}),
    timeout: o.timeoutMs ?? 5000,
  });
  return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
}

/** How many messages a stream holds (needs the stream info permission: the provisioner's, in production accounts). */
export async function streamMessageCount(nc: NatsConnection, stream: string): Promise<number> {
  return (await (await jetstreamManager(nc)).streams.info(stream)).state.messages;
}

/** The last message of a stream on `subject`, its body and headers; null when there is none. */
export async function lastStreamMessage(
  nc: NatsConnection,
  stream: string,
  subject: string,
): Promise<{ body: string; headers: Record<string, string> } | null> {
  const m = await (await jetstreamManager(nc)).streams.getMessage(stream, { last_by_subj: subject }).catch(() => null);
  return m ? { body: m.string(), headers: fromNatsHeaders(m.header) } : null;
}
