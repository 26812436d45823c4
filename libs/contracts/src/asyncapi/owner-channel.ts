// class-transformer keeps its decorator metadata in a module without a type declaration; it is
// the CommonJS instance because 'class-transformer' resolves to its CommonJS build in Node.
// @ts-expect-error -- no declaration file for this deep import
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENTS, type PayloadClass } from '../catalog.js';
import { EnvelopeMeta } from '../envelope/envelope.js';
import { OWNER_OUT_MAX_AGE_DAYS, STREAMS } from '../subjects/streams.js';

type Schema = Record<string, unknown>;

/** Owner-channel subjects, declared with `*` for the owner code. */
function ownerSubjects(): Array<[subject: string, cls: PayloadClass]> {
  return (Object.entries(EVENTS) as Array<[string, PayloadClass]>).filter(([s]) => s.startsWith('slrt.owner.*.'));
}

/** `slrt.owner.*.referral.sent.v1` → `referralSentV1`. */
function messageName(subject: string): string {
  const [, , , direction, event, version] = subject.split('.');
  const camel = `${direction}-${event}`.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  return `${camel}${version!.toUpperCase()}`;
}

/**
 * The AsyncAPI 3.0 document of the programme-owner channel, generated from the contract classes:
 * what a ministry's developer needs to consume its referrals and answer them. JSON Schemas come
 * from the same class-validator decorators that validate every message on the wire.
 */
export function ownerChannelAsyncApi(version = '1.0.0'): Schema {
  const schemas = validationMetadatasToSchemas({ classTransformerMetadataStorage: defaultMetadataStorage, refPointerPrefix: '#/components/schemas/' }) as Record<string, Schema>;
  // The envelope's schema comes from the same decorators that validate it on the wire.
  const used = new Set<string>([EnvelopeMeta.name, 'Actor']);
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = {};
  for (const [subject, cls] of ownerSubjects()) {
    const name = messageName(subject);
    const outgoing = subject.includes('.referral.');
    used.add(cls.name);
    const address = subject.replace('slrt.owner.*.', 'slrt.owner.{ownerCode}.');
    channels[name] = {
      address,
      title: subject,
      parameters: { ownerCode: { description: 'Kode pengelola program (lower-case kebab), mis. `kemensos-pkh`. Izin NATS hanya memberi setiap pengelola subjeknya sendiri.' } },
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[name] = {
      action: outgoing ? 'receive' : 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: outgoing
        ? `The owner receives this from stream ${STREAMS.find((s) => s.name === 'SLRT_OWNER_OUT')!.name} through its own durable consumer \`owner-<ownerCode>\`.`
        : 'The owner publishes this (JetStream publish with `Nats-Msg-Id` = envelope id) to answer a referral.',
    };
    messages[name] = {
      name,
      title: subject,
      contentType: 'application/json',
      headers: {
        type: 'object',
        properties: {
          'Nats-Msg-Id': { type: 'string', description: 'Envelope id (UUIDv7); duplicates within 2 minutes are dropped by JetStream, later ones by the receiver.' },
          'x-correlation-id': { type: 'string' },
        },
      },
      payload: {
        allOf: [{ $ref: '#/components/schemas/EnvelopeMeta' }, { type: 'object', properties: { data: { $ref: `#/components/schemas/${cls.name}` } } }],
      },
    };
  }
  // Nested classes referenced from the payloads.
  const pending = [...used];
  while (pending.length) {
    const n = pending.pop()!;
    const refs = JSON.stringify(schemas[n] ?? {}).match(/#\/components\/schemas\/([A-Za-z0-9]+)/g) ?? [];
    for (const r of refs) {
      const ref = r.split('/').pop()!;
      if (!used.has(ref)) {
        used.add(ref);
        pending.push(ref);
      }
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'SLRT programme-owner channel',
      version,
      description:
        'Rujukan dari SLRT kabupaten/kota kepada pengelola program (kementerian, lembaga, dinas, mitra) dan jawabannya. ' +
        'Every message is a JSON envelope (id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). ' +
        'Consume `slrt.owner.<ownerCode>.referral.>` from stream SLRT_OWNER_OUT with your durable consumer `owner-<ownerCode>`, which the deployment provisions for you ' +
        '(pull, explicit ack, ack wait 60 s, unlimited redelivery, deliver policy all; you may not create or change consumers: bind to it, e.g. `js.consumers.get("SLRT_OWNER_OUT", "owner-<ownerCode>")`). ' +
        'Connect with your own NATS user over TLS and the inbox prefix `_INBOX_<ownerCode>` (replies reach you only there). ' +
        'answer on `slrt.owner.<ownerCode>.response.<event>.v1` quoting the referralId. Answers are idempotent; an answer for another owner\u2019s referral is refused. ' +
        `Retention (UU PDP 27/2022): SLRT_OWNER_OUT keeps a referral ${OWNER_OUT_MAX_AGE_DAYS} days by default (max_age, set per deployment), acknowledged or not; ` +
        'a consumer offline longer re-reads its referrals over HTTP (`GET /v1/owner/referrals`, `GET /v1/owner/referrals/{id}`) and answers them as usual. ' +
        'The person\u2019s data of a referral is shown to its owner until a grace period (default 30 days) after the referral is closed (resolved, rejected, withdrawn or its case ended); ' +
        'after it the owner sees only ids, status, dates and programmes, so re-read before then, or ask the kab/kota\u2019s SLRT secretariat.',
    },
    defaultContentType: 'application/json',
    servers: { deployment: { host: 'nats.example.go.id:4222', protocol: 'nats', description: 'The NATS server of a kab/kota deployment (or the provincial/national hub it is a leaf of).' } },
    channels,
    operations,
    components: {
      messages,
      schemas: Object.fromEntries([...used].sort().filter((n) => schemas[n]).map((n) => [n, schemas[n]])),
    },
  };
}
