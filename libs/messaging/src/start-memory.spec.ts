import { afterEach, describe, expect, it } from '@jest/globals';
import { collectStartGarbage, youngGenerationBytes } from './start-memory.js';

describe('collectStartGarbage', () => {
  afterEach(() => {
    delete process.env.SLRT_START_GC;
  });

  it('collects after the delay, repeats at most `attempts` times, and reports the resident memory', async () => {
    const result = await new Promise<{ rssBefore: number; rssAfter: number; collections: number }>((resolve) =>
      collectStartGarbage(resolve, { firstMs: 1, everyMs: 1, attempts: 3 }),
    );
    expect(result.collections).toBeGreaterThanOrEqual(1);
    expect(result.collections).toBeLessThanOrEqual(3);
    expect(result.rssBefore).toBeGreaterThan(0);
    expect(result.rssAfter).toBeGreaterThan(0);
    expect(youngGenerationBytes()).toBeGreaterThan(0);
  });

  it('does nothing with SLRT_START_GC=0', async () => {
    process.env.SLRT_START_GC = '0';
    let called = false;
    collectStartGarbage(() => (called = true), { firstMs: 1, everyMs: 1, attempts: 1 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(called).toBe(false);
  });
});
