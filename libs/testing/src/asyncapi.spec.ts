import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS, EnvelopeMeta, validatePayload, type PayloadClass } from '@slrt/contracts';
import { ownerChannelValidator } from './asyncapi.js';
/**
 * The published document (its JSON file) and the platform's validator agree: every golden fixture
 * of the owner channel, in its envelope, conforms to the published schema and passes the
 * validator; every message one of them refuses, the other refuses too.
 */
describe('the published owner-channel schema and the platform validator agree', () => {
  const schema = ownerChannelValidator();
  const fixture = (subject: string) =>
    JSON.parse(
      readFileSync(
        fileURLToPath(new URL(`../../contracts/src/fixtures/events/${subject}.json`, import.meta.url)),
        'utf8',
      ),
    ) as Record<string, unknown>;
  const envelope = (subject: string, data: unknown, extra: Record<string, unknown> = {}) => ({
    id: '4b3c2f1e-8d7a-4e6b-9c5d-2a1f0e9d8c7b',
    subject,
    occurredAt: '2026-11-25T03:00:00.000Z',
    producer: subject.includes('.response.') ? 'owner:kemensos-pkh' : 'referral',
    kabKotaCode: '62.71',
    correlationId: 'c-1',
    causationId: null,
    actor: null,
    data,
    ...extra,
  });
  /** What the platform's transport does with a received message: the envelope, then data against its class. */
  const platformAccepts = (declared: string, body: Record<string, unknown>) => {
    const meta = validatePayload(EnvelopeMeta, body);
    return meta.ok && validatePayload(EVENTS[declared as keyof typeof EVENTS] as PayloadClass, body.data).ok;
  };
  const owner = Object.keys(EVENTS).filter((s) => s.startsWith('slrt.owner.*.'));

  it.each(owner)('golden fixture of %s conforms to the published schema and passes the validator', (declared) => {
    const concrete = declared.replace('*', 'kemensos-pkh');
    const body = envelope(concrete, fixture(declared));
    expect(schema.payload(concrete, body)).toEqual([]);
    expect(platformAccepts(declared, body)).toBe(true);
  });

  const accepted = 'slrt.owner.*.response.accepted.v1';
  const resolved = 'slrt.owner.*.response.resolved.v1';
  const violations: Array<[string, string, (b: Record<string, unknown>) => Record<string, unknown>]> = [
    ['a missing referralId', accepted, (b) => ({ ...b, data: { ...(b.data as object), referralId: undefined } })],
    [
      'a v4 referralId (the platform\u2019s ids are v7)',
      accepted,
      (b) => ({ ...b, data: { ...(b.data as object), referralId: '4b3c2f1e-8d7a-4e6b-9c5d-2a1f0e9d8c7b' } }),
    ],
    ['an extra property in data', accepted, (b) => ({ ...b, data: { ...(b.data as object), priority: 'high' } })],
    ['an extra property in the envelope', accepted, (b) => ({ ...b, signature: 'x' })],
    [
      'an extra property in the actor',
      accepted,
      (b) => ({
        ...b,
        actor: { kind: 'owner-client', id: 'k', roles: [], regionScope: [], ownerCode: 'kemensos-pkh', admin: true },
      }),
    ],
    ['a missing outcome', resolved, (b) => ({ ...b, data: { ...(b.data as object), outcome: undefined } })],
    ['a nil envelope id', resolved, (b) => ({ ...b, id: '00000000-0000-0000-0000-000000000000' })],
    ['a missing occurredAt', resolved, (b) => ({ ...b, occurredAt: undefined })],
    ['a note too long', accepted, (b) => ({ ...b, data: { ...(b.data as object), note: 'x'.repeat(2001) } })],
  ];
  it.each(violations)('refuses %s in both', (_what, declared, mutate) => {
    const concrete = declared.replace('*', 'kemensos-pkh');
    const body = JSON.parse(JSON.stringify(mutate(envelope(concrete, fixture(declared))))) as Record<string, unknown>;
    expect(schema.payload(concrete, body)).not.toEqual([]);
    expect(platformAccepts(declared, body)).toBe(false);
  });

  it('accepts an owner envelope id of any RFC 9562 version and an owner-client actor in both', () => {
    const concrete = 'slrt.owner.kemensos-pkh.response.accepted.v1';
    const body = envelope(concrete, fixture(accepted), {
      id: '017f22e2-79b0-7cc3-98c4-dc0c0c07398f',
      actor: { kind: 'owner-client', id: 'k', roles: [], regionScope: [], ownerCode: 'kemensos-pkh' },
    });
    expect(schema.payload(concrete, body)).toEqual([]);
    expect(platformAccepts(accepted, body)).toBe(true);
  });
});
