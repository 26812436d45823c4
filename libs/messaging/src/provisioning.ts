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
  jetstreamManager,
} from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAMS, streamForSubject, type StreamDeclaration } from '@slrt/contracts';
import { readFileSync } from 'node:fs';
import { inboxPrefix } from './connection.js';
import { OUTAGE_REDELIVERIES } from './backoff.js';

const NANOS = 1_000_000;

export interface StreamProvisioningOptions {
  /** JetStream duplicate window (default 2 minutes). */
  duplicateWindowMs?: number;
  /** Replicas per stream (1 on a single node, 3 on a cluster). */
  replicas?: number;
  /**
   * Age limit of `SLRT_OWNER_OUT` in milliseconds (default `OWNER_OUT_MAX_AGE_DAYS`; 0: none).
   * An existing stream is updated to it (nats-server 2.9 allows changing `max_age`).
   */
  ownerOutMaxAgeMs?: number;
  /**
   * Programme owners that read at the national hub (deploy/nats/links.mjs, `NATS_NATIONAL_OWNERS`):
   * their referrals and feedback go to the link stream SLRT_NATIONAL_OUT, so SLRT_OWNER_OUT then
   * captures the local owners' subjects only (`localOwners`; two streams may not share a subject).
   */
  nationalOwners?: readonly string[];
  /** The local owners (SLRT_OWNER_OUT's subjects when there are national owners). */
  localOwners?: readonly string[];
}

/** The subjects a stream captures in this deployment (SLRT_OWNER_OUT leaves national owners out). */
export function streamSubjects(s: StreamDeclaration, o: StreamProvisioningOptions = {}): string[] {
  if (s.name !== 'SLRT_OWNER_OUT' || !o.nationalOwners?.length) return [...s.subjects];
  const local = (o.localOwners ?? []).filter((c) => !o.nationalOwners!.includes(c));
  if (!local.length)
    throw new Error('with national owners, SLRT_OWNER_OUT needs at least one local owner (NATS_OWNERS)');
  return local.flatMap((c) => [`slrt.owner.${c}.referral.>`, `slrt.owner.${c}.feedback.>`]);
}

const DAY_MS = 24 * 3600 * 1000;

/** The age limit a stream should have, in milliseconds (0: none). */
export function streamMaxAgeMs(s: StreamDeclaration, o: StreamProvisioningOptions = {}): number {
  if (s.name === 'SLRT_OWNER_OUT' && o.ownerOutMaxAgeMs !== undefined) return o.ownerOutMaxAgeMs;
  return (s.maxAgeDays ?? 0) * DAY_MS;
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
  for (const s of STREAMS as readonly StreamDeclaration[]) {
    const desired: Partial<StreamConfig> & { name: string } = {
      name: s.name,
      subjects: streamSubjects(s, o),
      description: s.description,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      duplicate_window: (o.duplicateWindowMs ?? 120_000) * NANOS,
      num_replicas: o.replicas ?? 1,
      max_age: streamMaxAgeMs(s, o) * NANOS,
    };
    try {
      const info = await jsm.streams.info(s.name);
      const c = info.config;
      const same =
        c.subjects?.join(',') === desired.subjects!.join(',') &&
        c.description === desired.description &&
        c.duplicate_window === desired.duplicate_window &&
        c.num_replicas === desired.num_replicas &&
        c.max_age === desired.max_age;
      if (!same) {
        await jsm.streams.update(s.name, {
          ...c,
          subjects: desired.subjects!,
          description: desired.description!,
          duplicate_window: desired.duplicate_window!,
          num_replicas: desired.num_replicas!,
          max_age: desired.max_age!,
        });
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
  /** Deliveries the server attempts at most (our own limit is one lower, see the transport); -1: unlimited. */
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

/** A service's durable consumer as declared in durables.json (and used by its `@OnEvent`). */
export interface ServiceDurable {
  service: string;
  durable: string;
  stream: string;
  subject: string;
  /** The handler's delivery limit before the DLQ (default: the transport's, 5). */
  maxDeliver?: number;
  /** The handler's concurrency (default 1). */
  concurrency?: number;
}

/** Every durable consumer of the platform's services (libs/messaging/src/durables.json). */
export const SERVICE_DURABLES: readonly ServiceDurable[] = (
  JSON.parse(readFileSync(new URL('./durables.json', import.meta.url), 'utf8')) as { durables: ServiceDurable[] }
).durables;

/** The pre-provisioned durable a programme owner reads (same settings as deploy/nats/generate.mjs `ownerDurable`). */
export function ownerDurableSpec(code: string): DurableConsumerSpec {
  return {
    stream: 'SLRT_OWNER_OUT',
    durable: `owner-${code}`,
    filterSubject: `slrt.owner.${code}.referral.>`,
    maxDeliver: -1,
    ackWaitMs: 60_000,
    maxAckPending: 1000,
    description: `programme owner ${code}: its referrals`,
  };
}

/**
 * The pre-provisioned durable through which a programme owner reads the feedback on its answers
 * (`slrt.owner.<code>.feedback.>`: applied / refused), same settings as its referral durable
 * (deploy/nats/generate.mjs `ownerFeedbackDurable`).
 */
export function ownerFeedbackDurableSpec(code: string): DurableConsumerSpec {
  return {
    stream: 'SLRT_OWNER_OUT',
    durable: `owner-${code}-feedback`,
    filterSubject: `slrt.owner.${code}.feedback.>`,
    maxDeliver: -1,
    ackWaitMs: 60_000,
    maxAckPending: 1000,
    description: `programme owner ${code}: feedback on its answers`,
  };
}

/**
 * Server-side settings of a service durable: the transport gives up (DLQ) one delivery before the
 * server would, after the handler's attempts plus the deliveries a database outage may take.
 */
export function serviceDurableSpec(
  d: ServiceDurable,
  o: { maxDeliver?: number; ackWaitMs?: number } = {},
): DurableConsumerSpec {
  return {
    stream: d.stream,
    durable: d.durable,
    filterSubject: d.subject,
    maxDeliver: (d.maxDeliver ?? o.maxDeliver ?? 5) + OUTAGE_REDELIVERIES + 1,
    ackWaitMs: o.ackWaitMs ?? 30_000,
    maxAckPending: Math.max(64, (d.concurrency ?? 1) * 4),
    description: `${d.service}: ${d.subject}`,
  };
}

export interface ProvisionOptions extends StreamProvisioningOptions {
  /** Programme owner codes whose durables `owner-<code>` and `owner-<code>-feedback` are created. */
  owners?: readonly string[];
  /** The services' durables (default SERVICE_DURABLES; tests add their probes). */
  durables?: readonly ServiceDurable[];
  /** Default delivery limit of handlers (default 5) — tests shorten it. */
  maxDeliver?: number;
  /** Ack wait of service durables (default 30 s) — tests shorten it. */
  ackWaitMs?: number;
}

/**
 * The provisioning step (the `provisioner` NATS identity: migrate job, launcher, test setup):
 * creates or updates every stream, every service durable and every programme owner's durable.
 * Services and owners only bind to what exists. Idempotent.
 */
export async function provisionJetStream(
  jsm: JetStreamManager,
  o: ProvisionOptions = {},
): Promise<{ streams: string[]; consumers: string[] }> {
  const local = (o.owners ?? []).filter((c) => !o.nationalOwners?.includes(c));
  const streams = await ensureStreams(jsm, { ...o, localOwners: local });
  const specs = [
    ...(o.durables ?? SERVICE_DURABLES).map((d) => serviceDurableSpec(d, o)),
    // A national owner reads at the national hub (SLRT_NATIONAL_OUT there), not here.
    ...local.flatMap((code) => [ownerDurableSpec(code), ownerFeedbackDurableSpec(code)]),
  ];
  for (const spec of specs) {
    const stream = streamForSubject(spec.filterSubject);
    if (stream?.name !== spec.stream)
      throw new Error(`durable ${spec.durable}: ${spec.filterSubject} is not in stream ${spec.stream}`);
    await ensureDurableConsumer(jsm, spec);
  }
  return { streams, consumers: specs.map((s) => s.durable) };
}

export interface ProvisionNatsOptions extends ProvisionOptions {
  /** Comma-separated server URLs. */
  url: string;
  /** The provisioning identity (`provisioner`); none: anonymous (a server without auth). */
  user?: string;
  password?: string;
  /** CA of the server certificate (requires TLS). */
  tlsCaFile?: string;
}

/** Connects as the provisioning identity, provisions streams and durables (`provisionJetStream`), disconnects. */
export async function provisionNats(o: ProvisionNatsOptions): Promise<{ streams: string[]; consumers: string[] }> {
  const nc = await connect({
    servers: o.url.split(',').map((s) => s.trim()),
    name: 'provisioner',
    ...(o.user ? { user: o.user, pass: o.password ?? '', inboxPrefix: inboxPrefix(o.user) } : {}),
    ...(o.tlsCaFile ? { tls: { caFile: o.tlsCaFile } } : {}),
  });
  try {
    return await provisionJetStream(await jetstreamManager(nc), o);
  } finally {
    await nc.close();
  }
}
