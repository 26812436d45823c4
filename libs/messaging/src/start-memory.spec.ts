import { describe, expect, it } from '@jest/globals';
import { collectStartGarbage, youngGenerationBytes } from './start-memory.js';

describe('collectStartGarbage', () => {
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
});
