// class-transformer keeps its decorator metadata in a module without a type declaration; it is
// the CommonJS instance because 'class-transformer' resolves to its CommonJS build in Node.
// @ts-expect-error -- no declaration file for this deep import
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENTS, type PayloadClass } from '../catalog.js';
import { EnvelopeMeta } from '../envelope/envelope.js';
import { Actor } from '../envelope/actor.js';
import { nullableProperties } from '../nullable.js';
import { SCHEMA_CONVERTERS } from '../schema-converters.js';
import { OWNER_OUT_MAX_AGE_DAYS } from '../subjects/streams.js';

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

/** UUIDv7 as the validator demands it for the platform's own ids (`@IsUUID('7')`). */
const UUID_V7 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-7[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

/**
 * Settings of the owners' pre-provisioned durables (libs/messaging `ownerDurableSpec`,
 * deploy/nats/generate.mjs `ownerDurable`; a test keeps the three in step).
 */
export const OWNER_DURABLE_SETTINGS = {
  stream: 'SLRT_OWNER_OUT',
  ackPolicy: 'explicit',
  ackWaitSeconds: 60,
  maxDeliver: -1,
  maxAckPending: 1000,
  deliverPolicy: 'all',
  pull: true,
} as const;

/**
 * Retention of `SLRT_OWNER_OUT`. ── Left for the data-retention work (issue #11, "access that
 * ends"): when the stream gets a max age, say it here (and what a ministry offline for longer
 * must do). Today: limits retention, no max age, no max messages: every referral and feedback is
 * kept until an operator purges it.
 */
export const OWNER_OUT_RETENTION =
  'Stream SLRT_OWNER_OUT: limits retention (messages stay after you ack them; acking moves only your durable), file storage, ' +
  `maximum age ${OWNER_OUT_MAX_AGE_DAYS} days by default (UU PDP 27/2022; set per deployment: ask the kab/kota), acknowledged or not. ` +
  'A consumer offline longer re-reads its referrals over HTTP (`GET /v1/owner/referrals`, `GET /v1/owner/referrals/{id}`: listOwnerReferrals, getOwnerReferral) and answers them as usual. ' +
  'The person\u2019s data of a referral is shown to its owner until a grace period (default 30 days) after the referral is closed (resolved, rejected, withdrawn or its case ended); ' +
  'after it the owner sees only ids, status, dates and programmes, so re-read before then, or ask the kab/kota\u2019s SLRT secretariat.';

/** Headers the platform sets on every message it publishes (libs/messaging `envelopeHeaders`). */
const SENT_HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description:
        'The envelope id (UUIDv7). JetStream drops a duplicate within its 2-minute window; deduplicate later ones by this id.',
    },
    'x-correlation-id': { type: 'string', description: 'Same as the envelope correlationId.' },
    'x-causation-id': { type: 'string', description: 'Same as the envelope causationId; absent when that is null.' },
    'x-producer': { type: 'string', description: 'Same as the envelope producer (`referral`).' },
    traceparent: {
      type: 'string',
      description:
        'W3C trace context of the platform\u2019s work that produced the message (`00-<trace-id>-<span-id>-01`); pass it on in your answer to join the trace.',
    },
  },
  required: ['Nats-Msg-Id', 'x-correlation-id', 'x-producer', 'traceparent'],
};

/** Headers an owner may send with an answer. */
const ANSWER_HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description:
        'Set it to the envelope id (JetStream publish option msgID): a re-publish within 2 minutes is dropped by the server; later ones are recognised by the id (no second effect, no second feedback).',
    },
    traceparent: { type: 'string', description: 'Optional W3C trace context; the platform continues the trace.' },
  },
};

/** The platform's own conventions the schema generator cannot see from the decorators. */
function refine(
  schemas: Record<string, Schema>,
  classes: Map<string, PayloadClass | typeof EnvelopeMeta | typeof Actor>,
): void {
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.type !== 'object' || !schema.properties) continue;
    // The validator refuses unknown properties at every level (forbidNonWhitelisted).
    schema.additionalProperties = false;
    const props = schema.properties as Record<string, Schema>;
    const cls = classes.get(name);
    for (const { name: p, optional } of cls ? nullableProperties(cls as never) : []) {
      if (!props[p]) continue;
      props[p] = { anyOf: [props[p], { type: 'null' }] };
      // Always present, possibly null: required (the validator refuses it absent).
      if (!optional) schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), p])];
    }
  }
}

/**
 * The AsyncAPI 3.0 document of the programme-owner channel, generated from the contract classes:
 * what a ministry's developer needs to consume its referrals, answer them and read the feedback
 * on its answers. JSON Schemas come from the same class-validator decorators that validate every
 * message on the wire (a test validates live messages against this document).
 */
export function ownerChannelAsyncApi(version = '1.2.0'): Schema {
  const schemas = validationMetadatasToSchemas({
    classTransformerMetadataStorage: defaultMetadataStorage,
    refPointerPrefix: '#/components/schemas/',
    additionalConverters: {
      ...SCHEMA_CONVERTERS,
      // `@IsUUID('7')`: the generator would say only `format: uuid`; the validator wants v7.
      isUuid: (meta: { constraints?: unknown[] }) =>
        meta.constraints?.[0] === '7'
          ? { type: 'string', format: 'uuid', pattern: UUID_V7 }
          : { type: 'string', format: 'uuid' },
    },
  }) as Record<string, Schema>;
  const classes = new Map<string, PayloadClass | typeof EnvelopeMeta | typeof Actor>([
    [EnvelopeMeta.name, EnvelopeMeta],
    [Actor.name, Actor],
  ]);
  // The envelope's schema comes from the same decorators that validate it on the wire.
  const used = new Set<string>([EnvelopeMeta.name, 'Actor']);
  const channels: Schema = {};
  const operations: Schema = {};
  const messages: Schema = {};
  const d = OWNER_DURABLE_SETTINGS;
  for (const [subject, cls] of ownerSubjects()) {
    const name = messageName(subject);
    const kind = subject.split('.')[3] as 'referral' | 'response' | 'feedback';
    const outgoing = kind !== 'response';
    used.add(cls.name);
    classes.set(cls.name, cls);
    const address = subject.replace('slrt.owner.*.', 'slrt.owner.{ownerCode}.');
    const durable = kind === 'feedback' ? 'owner-{ownerCode}-feedback' : 'owner-{ownerCode}';
    channels[name] = {
      address,
      title: subject,
      parameters: {
        ownerCode: {
          description:
            'Kode pengelola program (lower-case kebab), mis. `kemensos-pkh`. Izin NATS hanya memberi setiap pengelola subjeknya sendiri.',
        },
      },
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
    };
    operations[name] = {
      action: outgoing ? 'receive' : 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: outgoing
        ? `Receive from stream ${d.stream} through your pre-provisioned pull durable \`${durable}\` (bind to it by name; do not look up the stream, do not create consumers).`
        : 'Publish with JetStream (`Nats-Msg-Id` = envelope id) into stream SLRT_OWNER_IN to answer a referral; the platform answers with exactly one feedback message.',
      ...(outgoing
        ? {
            'x-jetstream-consumer': {
              stream: d.stream,
              durable,
              filterSubject:
                kind === 'feedback' ? 'slrt.owner.{ownerCode}.feedback.>' : 'slrt.owner.{ownerCode}.referral.>',
              ackPolicy: d.ackPolicy,
              ackWaitSeconds: d.ackWaitSeconds,
              maxDeliver: d.maxDeliver,
              maxAckPending: d.maxAckPending,
              deliverPolicy: d.deliverPolicy,
              newDurable:
                'A new durable starts at the first message of the stream still held for you (deliver policy all): the whole history, not only new messages.',
            },
          }
        : {
            'x-jetstream-publish': {
              stream: 'SLRT_OWNER_IN',
              msgId: 'envelope id',
              feedback: 'slrt.owner.{ownerCode}.feedback.answer-applied.v1 | answer-refused.v1',
            },
          }),
    };
    messages[name] = {
      name,
      title: subject,
      contentType: 'application/json',
      headers: outgoing ? SENT_HEADERS : ANSWER_HEADERS,
      payload: {
        allOf: [
          { $ref: '#/components/schemas/EnvelopeMeta' },
          { type: 'object', properties: { data: { $ref: `#/components/schemas/${cls.name}` } } },
        ],
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
  const published = Object.fromEntries(
    [...used]
      .sort()
      .filter((n) => schemas[n])
      .map((n) => [n, structuredClone(schemas[n]!)]),
  );
  refine(published, classes);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'SLRT programme-owner channel',
      version,
      description: [
        'Rujukan dari SLRT kabupaten/kota kepada pengelola program (kementerian, lembaga, dinas, mitra), jawabannya, dan umpan balik atas setiap jawaban.',
        '',
        '## Connect',
        'Each kab/kota deployment hands you (over a trusted channel): the NATS URL `tls://<host>:4222`, your user (= your owner code) and password, the deployment\u2019s CA certificate (`ca.crt`; TLS is required of every client, the server certificate is signed by that CA), and this document. ' +
          'Connect with **inbox prefix `_INBOX_<ownerCode>`** (nats.js `inboxPrefix`, Go `nats.CustomInboxPrefix`, Python `inbox_prefix`): NATS permissions deliver replies (pulled messages, PubAcks) to you only there; with the default `_INBOX.` every pull and publish times out. ' +
          'The local development server (`npm start`) differs: `nats://127.0.0.1:4223`, no TLS, passwords in `.data/nats/credentials.json`.',
        '',
        '## Receive',
        'You may not look up streams or create, change or list consumers. Bind to your two pre-provisioned pull durables on stream `SLRT_OWNER_OUT` by name (nats.js `js.consumers.get("SLRT_OWNER_OUT", "owner-<ownerCode>")`; Go `js.PullSubscribe("slrt.owner.<ownerCode>.referral.>", "owner-<ownerCode>", nats.Bind("SLRT_OWNER_OUT", "owner-<ownerCode>"))` or `jetstream.Consumer(ctx, "SLRT_OWNER_OUT", "owner-<ownerCode>")`; Python `js.pull_subscribe_bind(durable="owner-<ownerCode>", stream="SLRT_OWNER_OUT")`): ' +
          '`owner-<ownerCode>` (filter `slrt.owner.<ownerCode>.referral.>`: referrals sent, updated, withdrawn) and `owner-<ownerCode>-feedback` (filter `slrt.owner.<ownerCode>.feedback.>`: what became of each of your answers). ' +
          `Both: pull, explicit ack, ack wait ${d.ackWaitSeconds} s (unacked messages are redelivered after it), max deliver unlimited (a message stays until you ack it), max ack pending ${d.maxAckPending}, deliver policy all: a brand-new durable delivers the whole history the stream holds for you, not only new messages. Ack after your own processing committed; deduplicate by the envelope id.`,
        '',
        `Retention: ${OWNER_OUT_RETENTION}`,
        '',
        '## Answer',
        'Publish with JetStream on `slrt.owner.<ownerCode>.response.<accepted|rejected|review-requested|resolved|forwarded>.v1` (stream SLRT_OWNER_IN), `Nats-Msg-Id` = your envelope id (any RFC 9562 UUID, v4 or v7), `producer` `owner:<ownerCode>`, quoting the `referralId`. ' +
          'The owner code in the subject is your identity (NATS lets you publish only on your own subjects); an envelope naming another owner is refused. Extra properties are refused at every level (`additionalProperties: false`).',
        '',
        'To pass a referral up a level (a kab/kota office to the province or the centre; a desa service to the kab/kota), publish `slrt.owner.<ownerCode>.response.forwarded.v1` with `targetOwnerCode` (a directory code at a higher level) and `reason`: your referral closes as `forwarded`, the higher owner receives a new referral (once, whatever the redeliveries) and the case follows it. Refused with UNKNOWN_TARGET_OWNER (not in the directory or inactive), TARGET_NOT_HIGHER_LEVEL (same or lower level), TARGET_PARTNERSHIP_INVALID (a partner without an agreement in force for the programme), TARGET_ALREADY_REFERRED (the target has an open referral for the case already).',
        '',
        '## At the national hub (national owners)',
        'A national owner (a ministry) whose kab/kota are linked to the national hub (deploy/nats/README.md, "Province and national links") connects there instead of to each kab/kota: the same user name, inbox prefix, durable names and settings, but on stream `SLRT_NATIONAL_OUT` (`js.consumers.get("SLRT_NATIONAL_OUT", "owner-<ownerCode>")` and `owner-<ownerCode>-feedback`), which holds the referrals and feedback of every linked kab/kota (the envelope\u2019s `kabKotaCode` says whose). ' +
          'Answer with JetStream on the **national variant** of the answer subject, the referral\u2019s kab/kota code without its dot as third token: `slrt.national.<kabKota>.<ownerCode>.response.<kind>.v1` (e.g. `slrt.national.6271.kemensos-pkh.response.accepted.v1`; stream `SLRT_ANSWERS_<kabKota>`), with the same envelope as locally (its `subject` the local `slrt.owner.<ownerCode>.response.<kind>.v1`, `kabKotaCode` the referral\u2019s). It reaches that kab/kota only, which applies it as if published there (same feedback, on your feedback durable at the national hub). ' +
          'An answer sent to another linked kab/kota is refused there (UNKNOWN_REFERRAL); to a kab/kota not linked, the publish is not acknowledged. Your permissions at the national hub: publish `slrt.national.*.<ownerCode>.response.>`; info, pull and ack on your two durables on `SLRT_NATIONAL_OUT`. The local subject `slrt.owner.<ownerCode>.response.<kind>.v1` stays the one to use at a kab/kota.',
        '',
        '## Feedback',
        'Every answer gets exactly one feedback message on `slrt.owner.<ownerCode>.feedback.answer-applied.v1` or `…answer-refused.v1` (`OwnerAnswerFeedbackV1`: answerId = your envelope id, or null if the envelope could not be read; outcome; code; reason in Indonesian and English; fieldErrors; the case\u2019s state). ' +
          'A re-published answer with the same id gets no second feedback and has no second effect. Refusal codes: MALFORMED_MESSAGE (not a readable envelope), INVALID_PAYLOAD (data does not match the schema; fieldErrors say which field, a missing one named as missing), OWNER_MISMATCH, UNKNOWN_REFERRAL, NOT_YOUR_REFERRAL, REFERRAL_WITHDRAWN, TRANSITION_NOT_ALLOWED (caseState says why), and for `forwarded` answers UNKNOWN_TARGET_OWNER, TARGET_NOT_HIGHER_LEVEL, TARGET_PARTNERSHIP_INVALID, TARGET_ALREADY_REFERRED. Refused answers are also shown to the kab/kota staff on the case. Answer again with a new id after fixing.',
        '',
        '## Grouped referrals (mass issues, optional)',
        'When the kab/kota confirms many complaints about one programme in one desa or kecamatan in one period as one mass issue (e.g. a missed disbursement) and refers them together, you receive every member as its usual `referral.sent.v1` and then one `slrt.owner.<ownerCode>.referral.group-sent.v1` (`groupId`, area, programme, category, period, title, `memberCount`, your member `referralIds`; no personal data). A later `group-sent` with the same `groupId` lists the group as it is then. ' +
          'Ignoring groups is always correct: ack the message and answer each member referral on its own. Or answer once for all on `slrt.owner.<ownerCode>.response.group-answered.v1` (`groupId`, `answer`, with `reasonCode` / `questions` / `outcome` as the single answers need them): it is applied to each of your member referrals exactly once, as if answered one by one, and each member gets its own feedback message (answerId = your envelope id, referralId = the member), so a member that cannot take the answer (withdrawn, already past that step) is refused alone. An unknown group is refused once (UNKNOWN_REFERRAL, referralId null). Over HTTP: `listOwnerReferralGroups`, `respondToReferralGroup`.',
        '',
        '## Ordering',
        'Your referrals arrive in the order they were sent. Your answers are **not** applied in the order you published them across kinds: each answer kind is consumed separately. Accept then resolve is the usual path, but resolve alone is enough (a referred case may be resolved directly). ' +
          'If a resolve is applied before an earlier accept, the case ends resolved and the late accept is refused with TRANSITION_NOT_ALLOWED (caseState `resolved`): no harm done, nothing to repeat. Wait for the feedback of one answer before sending the next if the order matters to you.',
        '',
        '## Envelope',
        'Every message is a JSON envelope (id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). On messages you receive `actor` is always null (who acted is the kab/kota, not a named official) and `causationId` is null or the id of the message that caused it (your answer\u2019s id on feedback). ' +
          'Messages you receive follow their schema exactly; new optional fields within v1 come with a new version of this document, so do not reject unknown fields in what you receive. Personal data in a referral is limited to what your directory entry lists.',
        '',
        '## Other ways to receive',
        'NATS is one of three ways; the kab/kota chooses with you. The messages and schemas are the same.',
        '- **Signed webhook**: a kab/kota-wide ADMIN sets your HTTPS URL; every message of this channel addressed to you (referrals and feedback, not your answers) is POSTed to it as the same JSON envelope, one at a time in order. ' +
          'Headers: `X-SLRT-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with your secret (`whsec_…`, shown once)>` (verify it in constant time and refuse an old `t`), `X-SLRT-Message-Id` (the envelope id: deduplicate on it), `X-SLRT-Subject`, `X-SLRT-Delivery-Attempt`. ' +
          'Answer 2xx once stored; network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff and jitter until the attempts run out (then the delivery is failed, visible to the ADMIN and redeliverable); any other status fails it at once, redirects are not followed. Answer over HTTP (below).',
        '- **HTTP API with an owner API key** (`Authorization: ApiKey <key>`, gateway OpenAPI document): `listOwnerReferrals` (`GET /v1/owner/referrals`), `getOwnerReferral` (`GET /v1/owner/referrals/{id}`) and `respondToReferral` (`POST /v1/owner/referrals/{id}/responses`, with a client-chosen `responseId`: repeating it changes nothing); same effect as an answer on NATS. Every read is audited.',
        '- Examples (NATS in Go and Python, HTTP and webhook verification with curl): `examples/owner-consumers/` in the platform repository.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      production: {
        host: '{host}:4222',
        protocol: 'nats',
        variables: {
          host: {
            description: 'The kab/kota deployment\u2019s NATS host name, handed over with your password.',
            examples: ['nats.palangkarayakota.go.id'],
          },
        },
        description:
          'The NATS server of a kab/kota deployment (or the provincial/national hub it is a leaf node of). URL `tls://<host>:4222`: TLS is required of every client (nats-server one listener), with the deployment\u2019s CA certificate handed to you with your password. Connect as your owner code with inbox prefix `_INBOX_<ownerCode>`.',
        security: [{ $ref: '#/components/securitySchemes/userPassword' }],
        'x-tls': { required: true, ca: 'the deployment CA certificate (ca.crt), handed over with your password' },
        'x-inbox-prefix': '_INBOX_<ownerCode>',
      },
      local: {
        host: '127.0.0.1:4223',
        protocol: 'nats',
        description:
          'Development only (`npm start`): embedded nats-server on loopback, no TLS, same users and permissions; passwords in `.data/nats/credentials.json` (mode 0600).',
        security: [{ $ref: '#/components/securitySchemes/userPassword' }],
      },
    },
    channels,
    operations,
    components: {
      securitySchemes: {
        userPassword: {
          type: 'userPassword',
          description:
            'NATS user = your owner code (e.g. `kemensos-pkh`), password handed over by the kab/kota (rotated on request). Your permissions: publish `slrt.owner.<ownerCode>.response.>`; info, pull and ack on your two durables only; receive on `_INBOX_<ownerCode>.>`.',
        },
      },
      messages,
      schemas: published,
    },
  };
}
