import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS } from '../catalog.js';
import { ownerChannelAsyncApi } from './owner-channel.js';

const committed = fileURLToPath(new URL('../../asyncapi/owner-channel.asyncapi.json', import.meta.url));

describe(ownerChannelAsyncApi.name, () => {
  const doc = ownerChannelAsyncApi() as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
    operations: Record<string, { action: string; channel: { $ref: string } }>;
    components: {
      messages: Record<
        string,
        { payload: { allOf: Array<{ $ref?: string; properties?: { data: { $ref: string } } }> } }
      >;
      schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
    };
  };

  it('is an AsyncAPI 3.0 document with a channel, an operation and a message per owner subject', () => {
    const owner = Object.keys(EVENTS).filter((s) => s.startsWith('slrt.owner.*.'));
    expect(doc.asyncapi).toBe('3.0.0');
    expect(
      Object.values(doc.channels)
        .map((c) => c.address)
        .sort(),
    ).toEqual(owner.map((s) => s.replace('*', '{ownerCode}')).sort());
    for (const [name, op] of Object.entries(doc.operations)) {
      expect(op.channel.$ref).toBe(`#/channels/${name}`);
      expect(op.action).toBe(doc.channels[name]!.address.includes('.response.') ? 'send' : 'receive');
    }
  });

  it('resolves every $ref to a component, with schemas derived from the validation decorators', () => {
    const text = JSON.stringify(doc);
    for (const ref of text.match(/"#\/components\/(schemas|messages)\/[A-Za-z0-9]+"/g) ?? []) {
      const [kind, name] = (JSON.parse(ref) as string).split('/').slice(2) as [string, string];
      expect((doc.components as Record<string, Record<string, unknown>>)[kind]?.[name]).toBeDefined();
    }
    const sent = doc.components.schemas.OwnerReferralSentV1!;
    expect(sent.required).toEqual(expect.arrayContaining(['referralId', 'receiptNumber', 'kabKotaCode', 'dueAt']));
    expect(sent.properties!.receiptNumber).toMatchObject({ pattern: expect.any(String) });
    expect(doc.components.schemas.ReferralPersonV1).toBeDefined();
  });

  it('says how to connect, bind, receive and answer: servers, security, inbox prefix, durables, ordering, feedback', () => {
    const full = ownerChannelAsyncApi() as unknown as {
      info: { description: string };
      servers: Record<string, { host: string; security: unknown[]; description: string }>;
      operations: Record<
        string,
        {
          action: string;
          'x-jetstream-consumer'?: {
            durable: string;
            deliverPolicy: string;
            ackWaitSeconds: number;
            maxDeliver: number;
          };
        }
      >;
      components: {
        securitySchemes: Record<string, { type: string }>;
        schemas: Record<
          string,
          { additionalProperties?: boolean; required?: string[]; properties?: Record<string, unknown> }
        >;
      };
    };
    expect(full.servers.production).toMatchObject({
      host: '{host}:4222',
      security: [{ $ref: '#/components/securitySchemes/userPassword' }],
    });
    expect(full.servers.production!.description).toContain('tls://');
    expect(full.servers.local).toMatchObject({ host: '127.0.0.1:4223' });
    expect(full.servers.local!.description).toContain('no TLS');
    expect(full.components.securitySchemes.userPassword!.type).toBe('userPassword');
    for (const text of [
      '_INBOX_<ownerCode>',
      'owner-<ownerCode>-feedback',
      'deliver policy all',
      'whole history',
      'Retention:',
      '## Ordering',
      'TRANSITION_NOT_ALLOWED',
      '`actor` is always null',
    ]) {
      expect(full.info.description).toContain(text);
    }
    // The alternatives to NATS: signed webhook POSTs and the HTTP API with an API key, and where the examples are.
    for (const text of [
      '## Other ways to receive',
      'X-SLRT-Signature: t=',
      'HMAC-SHA256 of "<t>.<raw body>"',
      'X-SLRT-Message-Id',
      'retried',
      'listOwnerReferrals',
      'getOwnerReferral',
      'respondToReferral',
      'ApiKey',
      'examples/owner-consumers/',
    ]) {
      expect(full.info.description).toContain(text);
    }
    expect(full.operations.referralSentV1!['x-jetstream-consumer']).toMatchObject({
      durable: 'owner-{ownerCode}',
      deliverPolicy: 'all',
      ackWaitSeconds: 60,
      maxDeliver: -1,
    });
    expect(full.operations.feedbackAnswerRefusedV1).toMatchObject({
      action: 'receive',
      'x-jetstream-consumer': { durable: 'owner-{ownerCode}-feedback' },
    });
    // What the validator does: extra properties refused everywhere, null where null is sent, only real requirements.
    for (const [name, schema] of Object.entries(full.components.schemas))
      expect({ name, additionalProperties: schema.additionalProperties }).toEqual({
        name,
        additionalProperties: false,
      });
    expect(full.components.schemas.EnvelopeMeta!.properties!.actor).toEqual({
      anyOf: [{ $ref: '#/components/schemas/Actor' }, { type: 'null' }],
    });
    expect(full.components.schemas.ReferralPersonV1!.required).toBeUndefined();
    expect(full.components.schemas.OwnerAnswerFeedbackV1!.required).toEqual(
      expect.arrayContaining(['answerId', 'referralId', 'code', 'reason', 'caseState']),
    );
  });

  it('matches the committed document (regenerate: npm run asyncapi)', () => {
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});
