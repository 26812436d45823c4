import { describe, expect, it } from '@jest/globals';
import type { FileChunkV1 } from '@slrt/contracts';
import { CHUNK_PREFETCH, pipelinedChunks } from './siks.controller.js';

const chunk = (i: number, count: number): FileChunkV1 => ({ fileName: 'f.csv', contentType: 'text/csv', size: count, sha256: '0'.repeat(64), chunkIndex: i, chunkCount: count, contentBase64: Buffer.from([i]).toString('base64') });

describe(pipelinedChunks.name, () => {
  it('yields every chunk in order with at most a few requests in flight, whatever order the answers come in', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fetch = async (i: number) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, (i * 7) % 5)); // answers out of order
      inFlight--;
      return chunk(i, 20);
    };
    const out: number[] = [];
    for await (const b of pipelinedChunks(chunk(0, 20), fetch)) out.push(b[0]!);
    expect(out).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(maxInFlight).toBe(CHUNK_PREFETCH);
  });

  it('stops with the error of a failed chunk', async () => {
    const fetch = async (i: number) => {
      if (i === 3) throw new Error('chunk 3 failed');
      return chunk(i, 6);
    };
    const out: number[] = [];
    await expect((async () => {
      for await (const b of pipelinedChunks(chunk(0, 6), fetch)) out.push(b[0]!);
    })()).rejects.toThrow('chunk 3 failed');
    expect(out).toEqual([0, 1, 2]);
  });
});
