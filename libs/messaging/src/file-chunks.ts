import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';

/**
 * Files served by a service in chunks over request/reply (NATS messages are small), read back in
 * order a few requests ahead. The gateway streams downloads with it; benchmarks read files the
 * same way.
 */

/** Chunk requests kept in flight while streaming a file: the services answer them concurrently. */
export const CHUNK_PREFETCH = 4;

/** What the gateway reads of any chunk a service serves. */
export interface ServedChunk {
  chunkCount: number;
  contentBase64: string;
  /** `gzip` when the service compressed the chunk's bytes before base64 (see `FileChunkV1`). */
  contentEncoding?: 'gzip';
}

const gunzipAsync = promisify(gunzip);

/** A chunk's bytes as they stand in the file (decompressed on libuv's thread pool when gzip). */
export async function chunkBytes(c: ServedChunk): Promise<Buffer> {
  const bytes = Buffer.from(c.contentBase64, 'base64');
  return c.contentEncoding === 'gzip' ? gunzipAsync(bytes) : bytes;
}

/**
 * The chunks of a file in order, with up to `depth` requests in flight (at most `depth` chunks
 * held in memory): throughput without holding the file. `first` is chunk 0, already fetched.
 */
export async function* pipelinedChunks<C extends ServedChunk>(
  first: C,
  fetch: (index: number) => Promise<C>,
  depth = CHUNK_PREFETCH,
): AsyncGenerator<Buffer> {
  const pending: Array<Promise<Buffer>> = [];
  let next = 1;
  const fill = () => {
    while (next < first.chunkCount && pending.length < depth) {
      // Decoded as soon as it arrives, so decompression overlaps the requests still in flight.
      const p = fetch(next++).then(chunkBytes);
      p.catch(() => undefined); // awaited in order below; an early failure must not go unhandled meanwhile
      pending.push(p);
    }
  };
  fill();
  yield await chunkBytes(first);
  while (pending.length) {
    const bytes = await pending.shift()!;
    fill();
    yield bytes;
  }
}
