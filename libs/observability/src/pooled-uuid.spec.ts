import { describe, expect, it } from '@jest/globals';
import { validate, version } from 'uuid';
import { pooledUuidv7 } from './trace-context.js';

describe('pooledUuidv7', () => {
  it('makes valid version-7 UUIDs carrying the current time', () => {
    const before = Date.now();
    const id = pooledUuidv7();
    const after = Date.now();
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(id[19]).toMatch(/[89ab]/);
    const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('keeps ids of one process unique and in order, also many within one millisecond and across pool refills', () => {
    const ids = Array.from({ length: 5000 }, () => pooledUuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });
});
