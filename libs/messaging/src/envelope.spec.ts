import { describe, expect, it } from '@jest/globals';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { Actor, EnvelopeMeta, validatePayload } from '@slrt/contracts';
import { decodeEnvelopeMeta, wellFormedEnvelope } from './envelope.js';

const envelope = (id: string) =>
  Buffer.from(
    JSON.stringify({
      id,
      subject: 'slrt.owner.kemensos-pkh.response.accepted.v1',
      occurredAt: '2026-11-30T08:00:00.000Z',
      producer: 'owner:kemensos-pkh',
      kabKotaCode: '62.71',
      correlationId: 'c-1',
      causationId: null,
      actor: null,
      data: { referralId: uuidv7() },
    }),
  );

describe('envelope ids', () => {
  it('accepts any RFC 9562 UUID (an owner’s v4 ids as well as the platform’s v7)', () => {
    expect(decodeEnvelopeMeta(envelope(uuidv4())).ok).toBe(true);
    expect(decodeEnvelopeMeta(envelope(uuidv7())).ok).toBe(true);
    expect(decodeEnvelopeMeta(envelope('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).ok).toBe(true); // v1
  });

  it('refuses the nil and max UUIDs (every message would be a duplicate of the first) and non-UUIDs', () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'answer-1', '']) {
      expect(decodeEnvelopeMeta(envelope(id)).ok).toBe(false);
    }
  });
});

describe('the common envelope, checked without class-validator', () => {
  const base = () => ({
    id: uuidv7(),
    subject: 'slrt.rpc.registry.lookup-person.v1',
    occurredAt: '2026-12-02T05:40:00.123Z',
    producer: 'gateway',
    kabKotaCode: '62.71',
    correlationId: 'c-1',
    causationId: null as unknown,
    actor: { kind: 'user', id: 'u-1', roles: ['BO', 'SPV'], regionScope: ['62.71', '62.71.01.1001'] } as unknown,
    data: { by: 'nik', nik: '6271010101010001' } as unknown,
  });
  type Broken = Record<string, unknown>;
  const mutations: Array<[string, (e: Broken) => void]> = [
    ['as sent', () => undefined],
    ['no actor', (e) => delete e.actor],
    ['null actor', (e) => (e.actor = null)],
    ['no causation', (e) => delete e.causationId],
    ['causation id', (e) => (e.causationId = uuidv7())],
    ['owner code', (e) => ((e.actor as Broken).ownerCode = 'kemensos-pkh')],
    ['owner producer', (e) => (e.producer = 'owner:kemensos-pkh')],
    ['system actor', (e) => (e.actor = { kind: 'system', id: 'system:intake', roles: [], regionScope: [] })],
    ['time without ms', (e) => (e.occurredAt = '2026-12-02T05:40:00Z')],
    ['time with offset', (e) => (e.occurredAt = '2026-12-02T05:40:00.000+07:00')],
    ['30 February', (e) => (e.occurredAt = '2026-02-30T05:40:00.000Z')],
    ['hour 24', (e) => (e.occurredAt = '2026-12-02T24:00:00.000Z')],
    ['not a time', (e) => (e.occurredAt = 'yesterday')],
    ['numeric time', (e) => (e.occurredAt = 1_700_000_000_000)],
    ['unknown key', (e) => (e.extra = 1)],
    ['prototype key', (e) => Object.defineProperty(e, '__proto__', { value: {}, enumerable: true })],
    ['unknown actor key', (e) => ((e.actor as Broken).admin = true)],
    ['unknown actor kind', (e) => ((e.actor as Broken).kind = 'root')],
    ['unknown role', (e) => ((e.actor as Broken).roles = ['BO', 'GOD'])],
    ['repeated role', (e) => ((e.actor as Broken).roles = ['BO', 'BO'])],
    ['roles not an array', (e) => ((e.actor as Broken).roles = 'BO')],
    ['bad region', (e) => ((e.actor as Broken).regionScope = ['62.7'])],
    ['numeric region', (e) => ((e.actor as Broken).regionScope = [6271])],
    ['bad owner code', (e) => ((e.actor as Broken).ownerCode = 'Kemensos')],
    ['null owner code', (e) => ((e.actor as Broken).ownerCode = null)],
    ['long actor id', (e) => ((e.actor as Broken).id = 'x'.repeat(121))],
    ['actor id 120', (e) => ((e.actor as Broken).id = 'x'.repeat(120))],
    ['actor array', (e) => (e.actor = [])],
    ['bad id', (e) => (e.id = '00000000-0000-0000-0000-000000000000')],
    ['numeric id', (e) => (e.id = 7)],
    ['long subject', (e) => (e.subject = 's'.repeat(256))],
    ['subject 255', (e) => (e.subject = 's'.repeat(255))],
    ['bad producer', (e) => (e.producer = 'Gateway')],
    ['bad kab/kota', (e) => (e.kabKotaCode = '6271')],
    ['long correlation', (e) => (e.correlationId = 'c'.repeat(121))],
    ['numeric correlation', (e) => (e.correlationId = 1)],
    ['long causation', (e) => (e.causationId = 'c'.repeat(121))],
    ['data array', (e) => (e.data = [])],
    ['data null', (e) => (e.data = null)],
    ['no data', (e) => delete e.data],
    ['control character in data', (e) => (e.data = { name: 'a\u0000b' })],
    ['control character in actor id', (e) => ((e.actor as Broken).id = 'u\u0007')],
    ['deep data', (e) => (e.data = JSON.parse(`${'{"a":'.repeat(80)}1${'}'.repeat(80)}`) as unknown)],
    ['astral actor id', (e) => ((e.actor as Broken).id = '\u{1F600}'.repeat(61))],
  ];

  it.each(mutations)('%s: decided as EnvelopeMeta decides', (_, mutate) => {
    const e = base() as Broken;
    mutate(e);
    const body = Buffer.from(JSON.stringify(e));
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    const byClass = validatePayload(EnvelopeMeta, parsed);
    const fast = wellFormedEnvelope(JSON.parse(body.toString('utf8')));
    // The hand check never accepts what the class refuses, and decodes to the same envelope.
    if (fast) expect(byClass.ok).toBe(true);
    const decoded = decodeEnvelopeMeta(body);
    expect(decoded.ok).toBe(byClass.ok);
    if (decoded.ok && byClass.ok) {
      expect(JSON.parse(JSON.stringify(decoded.envelope))).toEqual(
        JSON.parse(
          JSON.stringify({ ...(parsed as object), actor: byClass.value.actor ?? null, data: byClass.value.data }),
        ),
      );
      if (fast?.actor) expect(decoded.envelope.actor).toBeInstanceOf(Actor);
    }
    if (!decoded.ok && !byClass.ok) expect(decoded.fieldErrors).toEqual(byClass.fieldErrors);
  });

  it('takes the envelopes the platform sends without class-validator', () => {
    for (const name of ['as sent', 'no actor', 'null actor', 'causation id', 'owner code', 'system actor']) {
      const e = base() as Broken;
      mutations.find(([n]) => n === name)![1](e);
      expect(wellFormedEnvelope(JSON.parse(JSON.stringify(e)))).toBeDefined();
    }
  });
});
