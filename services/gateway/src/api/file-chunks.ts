import { sanitizeFileName } from '@slrt/domain';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { FileChunkV1 } from '@slrt/contracts';
import { pipelinedChunks, type ServedChunk } from '@slrt/messaging';

/**
 * Files between HTTP clients and the services behind NATS, which carry them in chunks (NATS
 * messages are small): downloads streamed a few chunk requests ahead, uploads cut into chunks.
 */

/** Response headers of a streamed download, from its first chunk. */
export interface DownloadMeta {
  fileName: string;
  contentType: string;
  /** Size of the whole file in bytes (`Content-Length`). */
  size: number;
  /** SHA-256 of the whole file, hex (`X-Content-SHA256`), when the service states it. */
  sha256?: string;
}

/**
 * Streams a file a service serves in chunks as an attachment: the first chunk is fetched before
 * answering (so an error is still a problem+json), the rest as the client reads, a few requests
 * ahead. Constant memory.
 */
export async function streamChunks<C extends ServedChunk>(
  reply: FastifyReply,
  fetch: (index: number) => Promise<C>,
  meta: (first: C) => DownloadMeta,
): Promise<void> {
  const first = await fetch(0);
  const m = meta(first);
  void reply
    .header('content-type', m.contentType)
    .header('content-length', String(m.size))
    .header('content-disposition', `attachment; filename="${m.fileName.replace(/[^A-Za-z0-9._ -]/g, '_')}"`);
  if (m.sha256 !== undefined) void reply.header('x-content-sha256', m.sha256);
  void reply.header('cache-control', 'private, no-store').send(Readable.from(pipelinedChunks(first, fetch)));
}

/** {@link streamChunks} for the registry's files, whose every chunk names the file (`FileChunkV1`). */
export function streamFileChunks(reply: FastifyReply, fetch: (index: number) => Promise<FileChunkV1>): Promise<void> {
  return streamChunks(reply, fetch, (first) => first);
}

/**
 * The file name a client sent in `X-File-Name` (percent-encoded for non-ASCII names), or `fallback`
 * when none: a name that is not valid percent-encoding (`100%.csv`) is taken as sent, not a 500.
 */
export function sentFileName(sent: string | undefined, fallback: string): string {
  if (sent === undefined || sent === '') return fallback;
  let decoded = sent;
  try {
    decoded = decodeURIComponent(sent);
  } catch {
    // not percent-encoded: the header as sent
  }
  // No control (NUL…), bidi-override or zero-width characters reach a service, a row or a download name.
  return sanitizeFileName(decoded, fallback, 200);
}

/**
 * Sends a buffered, non-empty body in `size`-byte chunks, one request at a time and in order (the
 * receiving service appends them); resolves with the answer to the last chunk.
 */
export async function sendInChunks<R>(
  body: Buffer,
  size: number,
  send: (chunk: { bytes: Buffer; index: number; count: number }) => Promise<R>,
): Promise<R> {
  const count = Math.ceil(body.length / size);
  let answer: R | undefined;
  for (let index = 0; index < count; index++)
    answer = await send({ bytes: body.subarray(index * size, (index + 1) * size), index, count });
  return answer as R;
}

/** Fixed-size pieces of a byte stream, the last one flagged (an empty stream gives none). */
export async function* fixedChunks(
  body: AsyncIterable<Buffer>,
  size: number,
): AsyncGenerator<{ bytes: Buffer; last: boolean }> {
  let pending: Buffer | null = null;
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const data of body) {
    for (let at = 0; at < data.length;) {
      const n = Math.min(size - filled, data.length - at);
      data.copy(buffer, filled, at, at + n);
      filled += n;
      at += n;
      if (filled === size) {
        if (pending) yield { bytes: pending, last: false };
        pending = buffer;
        buffer = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    if (pending) yield { bytes: pending, last: false };
    yield { bytes: buffer.subarray(0, filled), last: true };
  } else if (pending) yield { bytes: pending, last: true };
}
