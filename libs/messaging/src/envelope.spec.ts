import { describe, expect, it } from '@jest/globals';
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';
import { decodeEnvelopeMeta } from './envelope.js';

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
