import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { STREAMS } from '@slrt/contracts';

const NANOS = 1_000_000;

export interface StreamProvisioningOptions {
  /** JetStream duplicate window (default 2 minutes). */
  duplicateWindowMs?: number;
  /** Replicas per stream (1 on a single node, 3 on a cluster). */
  replicas?: number;
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && (err.code === 10059 || err.code === 10014 || err.status === 404);
}

/**
 * Creates every platform stream that is missing and updates the editable settings of those that
 * exist. Idempotent: safe on every start of every instance. Uses only settings nats-server 2.9
 * supports.
 */
export async function ensureStreams(jsm: JetStreamManager, o: StreamProvisioningOptions = {}): Promise<string[]> {
  const changed: string[] = [];
  for (const s of STREAMS) {
    const desired: Partial<StreamConfig> & { name: string } = {
      name: s.name,
      subjects: [...s.subjects],
      description: s.description,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: (o.duplicateWindowMs ?? 120_000) * NANOS,
      num_replicas: o.replicas ?? 1,
      max_age: 0,
    };
    try {
      const info = await jsm.streams.info(s.name);
      const c = info.config;
      const same =
        c.subjects?.join(',') === desired.subjects!.join(',') &&
        c.description === desired.description &&
        c.duplicate_window === desired.duplicate_window &&
        c.num_replicas === desired.num_replicas;
      if (!same) {
        await jsm.streams.update(s.name, { ...c, subjects: desired.subjects!, description: desired.description!, duplicate_window: desired.duplicate_window!, num_replicas: desired.num_replicas! });
        changed.push(s.name);
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await jsm.streams.add(desired);
        changed.push(s.name);
      } catch (addErr) {
        // Another instance created it between our info and add: that is the state we wanted.
        if (!(addErr instanceof JetStreamApiError && addErr.code === 10058)) throw addErr;
      }
    }
  }
  return changed;
}

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  /** Deliveries the server attempts at most (our own limit is one lower, see the transport). */
  maxDeliver: number;
  ackWaitMs: number;
  maxAckPending: number;
  description?: string;
}

/** Creates or updates a durable pull consumer with explicit acks. Idempotent. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const desired: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: spec.filterSubject,
    max_deliver: spec.maxDeliver,
    ack_wait: spec.ackWaitMs * NANOS,
    max_ack_pending: spec.maxAckPending,
    ...(spec.description ? { description: spec.description } : {}),
  };
  try {
    const info = await jsm.consumers.info(spec.stream, spec.durable);
    const c = info.config;
    if (
      c.filter_subject !== desired.filter_subject ||
      c.max_deliver !== desired.max_deliver ||
      c.ack_wait !== desired.ack_wait ||
      c.max_ack_pending !== desired.max_ack_pending
    ) {
      await jsm.consumers.update(spec.stream, spec.durable, {
        filter_subject: desired.filter_subject!,
        max_deliver: desired.max_deliver!,
        ack_wait: desired.ack_wait!,
        max_ack_pending: desired.max_ack_pending!,
      });
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.consumers.add(spec.stream, desired);
    } catch (addErr) {
      // Created concurrently by another instance of the service (same definition): fine.
      if (!(addErr instanceof JetStreamApiError && addErr.code === 10148)) throw addErr;
    }
  }
}
