import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

/** One message read back from a stream: its subject, body and stream sequence. */
export interface ReplayedMessage {
  subject: string;
  body: Uint8Array;
  seq: number;
}

/**
 * Reads `stream` from sequence `fromSeq` (1: the beginning) to its last message at the time of the
 * call, in order, through an ephemeral ordered consumer (nothing acknowledged, nothing left behind
 * on the server; NATS 2.9 compatible: no filter, every subject of the stream). For rebuilding a read
 * model: the connection's user needs `$JS.API.>` (the provisioner), since a service's own user may
 * only read its durables. Returns the last sequence read (`fromSeq - 1` when there was nothing).
 */
export async function replayStream(
  nc: NatsConnection,
  stream: string,
  fromSeq: number,
  onMessage: (m: ReplayedMessage) => Promise<void>,
): Promise<number> {
  const jsm = await jetstreamManager(nc);
  const last = (await jsm.streams.info(stream)).state.last_seq;
  let seq = fromSeq - 1;
  if (last < fromSeq) return seq;
  const consumer = await jetstream(nc).consumers.get(
    stream,
    fromSeq > 1
      ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: fromSeq }
      : { deliver_policy: DeliverPolicy.All },
  );
  while (seq < last) {
    const m = await consumer.next({ expires: 5000 });
    // Messages removed by the stream's limits leave gaps; an empty wait means the end was reached.
    if (!m) break;
    seq = m.seq;
    await onMessage({ subject: m.subject, body: m.data, seq });
  }
  await consumer.delete().catch(() => undefined);
  return seq;
}
