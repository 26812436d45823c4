import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import {
  ACTOR_KINDS,
  Actor,
  EnvelopeMeta,
  MESSAGE_ID,
  REGION_CODE,
  ROLES,
  inspectUntrusted,
  validatePayload,
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
  const fast = wellFormedEnvelope(parsed);
  if (fast) return { ok: true, envelope: fast };
  const meta = validatePayload(EnvelopeMeta, parsed);
  if (!meta.ok) return { ok: false, reason: 'invalid envelope', fieldErrors: meta.fieldErrors };
  return {
    ok: true,
    envelope: { ...(parsed as Envelope<unknown>), actor: meta.value.actor ?? null, data: meta.value.data },
  };
}

// ── the common envelope, checked without class-validator ─────────────────────────────────────────
// `EnvelopeMeta`'s rules (libs/contracts envelope.ts, actor.ts) written out for the envelopes the
// platform itself sends, which is nearly every message: every check here is as strict as the
// class's or stricter, so what passes here passes there (envelope.spec.ts compares both on
// valid and broken envelopes). Anything else — an unknown key, a time not in `toISOString()`'s
// form, a null where a value is optional — goes to class-validator, which decides and words the
// field errors. Measured on the NIK lookup (bench/README.md, stop 29): the envelope check was the
// largest part of a request's own CPU in the registry.
const ENVELOPE_KEYS = new Set([
  'id',
  'subject',
  'occurredAt',
  'producer',
  'kabKotaCode',
  'correlationId',
  'causationId',
  'actor',
  'data',
]);
const ACTOR_KEYS = new Set(['kind', 'id', 'roles', 'regionScope', 'ownerCode']);
const ACTOR_KIND_SET = new Set<string>(ACTOR_KINDS);
const ROLE_SET = new Set<string>(ROLES);
/** `EnvelopeMeta.producer`. */
const PRODUCER = /^([a-z][a-z0-9-]*|owner:[a-z][a-z0-9-]*)$/;
/** `EnvelopeMeta.kabKotaCode`. */
const KAB_KOTA_CODE = /^\d{2}\.\d{2}$/;
/** `Actor.ownerCode`. */
const OWNER_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** `Date.prototype.toISOString()`'s form (a subset of strict ISO 8601); the date is checked by a round trip. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function onlyKeys(v: Record<string, unknown>, keys: ReadonlySet<string>): boolean {
  for (const k in v) if (!keys.has(k)) return false;
  return true;
}

/** A string of at most `max` UTF-16 units (class-validator's `MaxLength` counts code points: never more). */
function shortString(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isInstant(v: unknown): boolean {
  if (typeof v !== 'string' || !ISO_INSTANT.test(v)) return false;
  const t = Date.parse(v);
  return !Number.isNaN(t) && new Date(t).toISOString() === v;
}

function isUniqueRoles(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const r: unknown = v[i];
    if (typeof r !== 'string' || !ROLE_SET.has(r) || v.indexOf(r) !== i) return false;
  }
  return true;
}

function isRegionScope(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (const r of v as unknown[]) if (typeof r !== 'string' || !REGION_CODE.test(r)) return false;
  return true;
}

/** The actor when it certainly satisfies `Actor`'s rules; `undefined` when the class must decide. */
function wellFormedActor(v: unknown): Actor | null | undefined {
  if (v === null || v === undefined) return null;
  if (!isPlainRecord(v) || !onlyKeys(v, ACTOR_KEYS)) return undefined;
  if (typeof v.kind !== 'string' || !ACTOR_KIND_SET.has(v.kind)) return undefined;
  if (!shortString(v.id, 120) || !isUniqueRoles(v.roles) || !isRegionScope(v.regionScope)) return undefined;
  if (v.ownerCode !== undefined && !(typeof v.ownerCode === 'string' && OWNER_CODE.test(v.ownerCode))) return undefined;
  return Object.assign(new Actor(), v);
}

/**
 * The envelope when it certainly satisfies `EnvelopeMeta` (and `inspectUntrusted`, over the whole
 * message as `validatePayload` would); `undefined` when class-validator must decide.
 */
export function wellFormedEnvelope(parsed: unknown): Envelope<unknown> | undefined {
  if (!isPlainRecord(parsed) || !onlyKeys(parsed, ENVELOPE_KEYS)) return undefined;
  const e = parsed;
  if (typeof e.id !== 'string' || !MESSAGE_ID.test(e.id)) return undefined;
  if (!shortString(e.subject, 255) || !isInstant(e.occurredAt)) return undefined;
  if (typeof e.producer !== 'string' || !PRODUCER.test(e.producer)) return undefined;
  if (typeof e.kabKotaCode !== 'string' || !KAB_KOTA_CODE.test(e.kabKotaCode)) return undefined;
  if (!shortString(e.correlationId, 120)) return undefined;
  if (e.causationId !== undefined && e.causationId !== null && !shortString(e.causationId, 120)) return undefined;
  if (!isPlainRecord(e.data)) return undefined;
  const actor = wellFormedActor(e.actor);
  if (actor === undefined) return undefined;
  // Depth, control characters and prototype keys, over everything (`data` included, as before).
  if (inspectUntrusted(parsed).length > 0) return undefined;
  return { ...(parsed as unknown as Envelope<unknown>), actor };
}

/**
 * Validates the `data` of an envelope `decodeEnvelopeMeta` accepted against its subject's class
 * (`wellFormed`: a hand check of the class's rules tried first, see `validatePayload`).
 */
export function decodePayload<T extends object>(
  envelope: Envelope<unknown>,
  cls: PayloadClass<T> | undefined,
  wellFormed?: (plain: unknown) => boolean,
): DecodeResult<T> {
  if (!cls) return { ok: false, reason: `no payload class declared for subject ${envelope.subject}` };
  // decodeEnvelopeMeta inspected the whole envelope, `data` included.
  const data = validatePayload(cls, envelope.data, { inspected: true, wellFormed });
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
