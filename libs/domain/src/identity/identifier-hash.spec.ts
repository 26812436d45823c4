import { createHash, createHmac, randomBytes } from 'node:crypto';
import { householdRefKey, identifierHash, opaqueHouseholdId, opaqueHouseholdIdSql } from './identifier-hash.js';

describe(identifierHash.name, () => {
  const key = randomBytes(32).toString('base64url');
  const nik = '6271014107859901';

  it('is keyed: neither the plain SHA-256 nor the hash under another key', () => {
    const h = identifierHash(key, 'nik', nik);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toBe(createHash('sha256').update(nik).digest('hex'));
    expect(h).not.toBe(createHash('sha256').update(`nik:${nik}`).digest('hex'));
    expect(h).not.toBe(identifierHash(randomBytes(32).toString('base64url'), 'nik', nik));
  });

  it('is stable for a key and tells a NIK from a No. KK with the same digits', () => {
    expect(identifierHash(key, 'nik', ` ${nik} `)).toBe(identifierHash(key, 'nik', nik));
    expect(identifierHash(key, 'kk', nik)).not.toBe(identifierHash(key, 'nik', nik));
  });

  it('is HMAC-SHA256 of "kind:value" under the key as UTF-8 text, for the same key text again and again', () => {
    const expected = createHmac('sha256', key).update(`nik:${nik}`).digest('hex');
    expect(identifierHash(key, 'nik', nik)).toBe(expected);
    expect(identifierHash(key, 'nik', nik)).toBe(expected);
    expect(identifierHash(Buffer.from(key, 'utf8'), 'nik', nik)).toBe(expected);
    const other = 'ü'.repeat(20);
    expect(identifierHash(other, 'kk', nik)).toBe(createHmac('sha256', other).update(`kk:${nik}`).digest('hex'));
  });

  it('refuses a key shorter than 32 bytes', () => {
    expect(() => identifierHash('short-key', 'nik', nik)).toThrow(RangeError);
  });
});

describe(opaqueHouseholdId.name, () => {
  const refKey = householdRefKey(randomBytes(32));

  it('hides a No. KK household id and keeps an IDBDT', () => {
    const id = opaqueHouseholdId(refKey, '6271010101200001');
    expect(id).toMatch(/^RT-[0-9a-f]{20}$/);
    expect(id).not.toContain('6271010101200001'.slice(12));
    expect(opaqueHouseholdId(refKey, '6271010101200001')).toBe(id);
    expect(opaqueHouseholdId(householdRefKey(randomBytes(32)), '6271010101200001')).not.toBe(id);
    expect(opaqueHouseholdId(refKey, 'IDBDT-0001')).toBe('IDBDT-0001');
  });

  it('has an SQL twin over the same inputs', () => {
    expect(opaqueHouseholdIdSql('household_id', '$3')).toContain(
      "sha256(convert_to($3 || ':' || household_id, 'UTF8'))",
    );
  });
});
