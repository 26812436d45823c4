import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import {
  EnvelopeMeta,
  validatePayload,
  type Actor,
  type Envelope,
  type FieldError,
  type PayloadClass,
} from '@slrt/contracts';
import { RequestContext, childTraceparent, pooledUuidv7 } from '@slrt/observability';

/** Header names carried on every platform message. WIRE-STABLE. */
export const HEADER = {
  msgId: 'Nats-Msg-Id',
  correlationId: 'x-correlation-id',
  causationId: 'x-causation-id',
  traceparent: 'traceparent',
  producer: 'x-producer',
  dlqReason: 'x-dlq-reason',
  dlqSubject: 'x-dlq-original-subject',
  dlqStream: 'x-dlq-original-stream',
  dlqSequence: 'x-dlq-original-sequence',
  dlqDeliveries: 'x-dlq-deliveries',
  dlqConsumer: 'x-dlq-consumer',
} as const;

/** Who publishes, and for which deployment. */
export interface Producer {
  service: string;
  kabKotaCode: string;
}

/** Optional overrides of what the ambient context would put in the envelope. */
export interface PublishMeta {
  correlationId?: string;
  causationId?: string | null;
  actor?: Actor | null;
  occurredAt?: Date;
  id?: string;
}

/**
 * Builds an envelope for `data` on `subject`: a UUIDv7 id, the time, the producer, and the
 * correlation/causation ids and actor of the work in progress (RequestContext) unless given.
 */
export function buildEnvelope<T>(
  producer: Producer,
  subject: string,
  data: T,
  meta: PublishMeta & { actor?: Actor | null } = {},
): Envelope<T> {
  const ctx = RequestContext.current();
  const id = meta.id ?? pooledUuidv7();
  return {
    id,
    subject,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    producer: producer.service,
    kabKotaCode: producer.kabKotaCode,
    correlationId: meta.correlationId ?? ctx?.correlationId ?? id,
    causationId: meta.causationId !== undefined ? meta.causationId : (ctx?.eventId ?? null),
    actor: meta.actor ?? null,
    data,
  };
}

/**
 * NATS headers for an envelope: dedup id, correlation, causation, and the sender's trace span (the
 * work's `traceparent`, or a new trace outside any): the receiver's span is its child.
 */
export function envelopeHeaders(envelope: Envelope): Record<string, string> {
  const h: Record<string, string> = {
    [HEADER.msgId]: envelope.id,
    [HEADER.correlationId]: envelope.correlationId,
    [HEADER.producer]: envelope.producer,
    [HEADER.traceparent]: RequestContext.current()?.traceparent ?? childTraceparent(undefined),
  };
  if (envelope.causationId) h[HEADER.causationId] = envelope.causationId;
  return h;
}

export function toNatsHeaders(record: Record<string, string>): MsgHdrs {
  const h = natsHeaders();
  for (const [k, v] of Object.entries(record)) h.set(k, v);
  return h;
}

export function fromNatsHeaders(h: MsgHdrs | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const [k, v] of h) if (v.length) out[k] = v[0]!;
  return out;
}

export type DecodeResult<T> =
  { ok: true; envelope: Envelope<T> } | { ok: false; reason: string; fieldErrors?: FieldError[] };

/**
 * Parses a message body and validates the envelope fields, not yet `data`: what a request's
 * identity check needs before any payload-dependent work (`decodePayload` then does the rest).
 */
export function decodeEnvelopeMeta(body: Uint8Array): DecodeResult<unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  const meta = validatePayload(EnvelopeMeta, parsed);
  if (!meta.ok) return { ok: false, reason: 'invalid envelope', fieldErrors: meta.fieldErrors };
  return {
    ok: true,
    envelope: { ...(parsed as Envelope<unknown>), actor: meta.value.actor ?? null, data: meta.value.data },
  };
}

/** Validates the `data` of an envelope `decodeEnvelopeMeta` accepted against its subject's class. */
export function decodePayload<T extends object>(
  envelope: Envelope<unknown>,
  cls: PayloadClass<T> | undefined,
): DecodeResult<T> {
  if (!cls) return { ok: false, reason: `no payload class declared for subject ${envelope.subject}` };
  // decodeEnvelopeMeta inspected the whole envelope, `data` included.
  const data = validatePayload(cls, envelope.data, { inspected: true });
  if (!data.ok)
    return {
      ok: false,
      reason: 'invalid payload',
      fieldErrors: data.fieldErrors.map((f) => ({ ...f, field: `data.${f.field}`.replace(/\.$/, '') })),
    };
  return { ok: true, envelope: { ...envelope, data: data.value } as Envelope<T> };
}

/** Parses and validates a message body: the envelope fields, then `data` against its class. */
export function decodeEnvelope<T extends object>(body: Uint8Array, cls: PayloadClass<T> | undefined): DecodeResult<T> {
  const meta = decodeEnvelopeMeta(body);
  return meta.ok ? decodePayload(meta.envelope, cls) : meta;
}
