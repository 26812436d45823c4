import { describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import type { FileChunkV1 } from '@slrt/contracts';
import { CHUNK_PREFETCH, pipelinedChunks } from '@slrt/messaging';
import { fixedChunks, sendInChunks, sentFileName } from './file-chunks.js';

const chunk = (i: number, count: number): FileChunkV1 => ({
  fileName: 'f.csv',
  contentType: 'text/csv',
  size: count,
  sha256: '0'.repeat(64),
  chunkIndex: i,
  chunkCount: count,
  contentBase64: Buffer.from([i]).toString('base64'),
});

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

  it('decompresses gzip-encoded chunks and passes raw ones through, in order', async () => {
    const text = (i: number) => `NIK,NAMA\n${String(i).repeat(50)}\n`;
    const encoded = (i: number): FileChunkV1 => ({
      ...chunk(i, 5),
      ...(i % 2 === 0
        ? { contentBase64: gzipSync(text(i)).toString('base64'), contentEncoding: 'gzip' as const }
        : { contentBase64: Buffer.from(text(i)).toString('base64') }),
    });
    const out: string[] = [];
    for await (const b of pipelinedChunks(encoded(0), async (i) => encoded(i))) out.push(b.toString('utf8'));
    expect(out).toEqual([0, 1, 2, 3, 4].map(text));
  });

  it('stops with the error of a failed chunk', async () => {
    const fetch = async (i: number) => {
      if (i === 3) throw new Error('chunk 3 failed');
      return chunk(i, 6);
    };
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const b of pipelinedChunks(chunk(0, 6), fetch)) out.push(b[0]!);
      })(),
    ).rejects.toThrow('chunk 3 failed');
    expect(out).toEqual([0, 1, 2]);
  });
});

describe(fixedChunks.name, () => {
  async function pieces(parts: number[][], size: number): Promise<Array<{ bytes: number[]; last: boolean }>> {
    async function* body(): AsyncGenerator<Buffer> {
      for (const p of parts) yield Buffer.from(p);
    }
    const out: Array<{ bytes: number[]; last: boolean }> = [];
    for await (const { bytes, last } of fixedChunks(body(), size)) out.push({ bytes: [...bytes], last });
    return out;
  }

  it('cuts a stream into pieces of the given size whatever its parts, flagging the last', async () => {
    expect(
      await pieces(
        [
          [1, 2],
          [3, 4, 5, 6, 7],
        ],
        3,
      ),
    ).toEqual([
      { bytes: [1, 2, 3], last: false },
      { bytes: [4, 5, 6], last: false },
      { bytes: [7], last: true },
    ]);
    expect(await pieces([[1, 2, 3, 4]], 2)).toEqual([
      { bytes: [1, 2], last: false },
      { bytes: [3, 4], last: true },
    ]);
  });

  it('gives nothing for an empty stream', async () => {
    expect(await pieces([], 3)).toEqual([]);
  });
});

describe(sendInChunks.name, () => {
  it('sends the chunks one at a time in order and answers with the last answer', async () => {
    const sent: Array<{ bytes: number[]; index: number; count: number }> = [];
    const answer = await sendInChunks(Buffer.from([1, 2, 3, 4, 5]), 2, async ({ bytes, index, count }) => {
      sent.push({ bytes: [...bytes], index, count });
      return `answer ${index}`;
    });
    expect(sent).toEqual([
      { bytes: [1, 2], index: 0, count: 3 },
      { bytes: [3, 4], index: 1, count: 3 },
      { bytes: [5], index: 2, count: 3 },
    ]);
    expect(answer).toBe('answer 2');
  });
});

describe(sentFileName.name, () => {
  it('decodes a percent-encoded name, takes an invalid encoding as sent, and falls back when none', () => {
    expect(sentFileName('hasil%20verivali%20%E2%80%93%20Nov.csv', 'x')).toBe('hasil verivali – Nov.csv');
    expect(sentFileName('naik 100%.csv', 'x')).toBe('naik 100%.csv');
    expect(sentFileName(undefined, 'lampiran')).toBe('lampiran');
    expect(sentFileName('', 'lampiran')).toBe('lampiran');
  });
});
