import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';

/**
 * SHA-256 of files, the one way the registry hashes them: snapshot files (an import's identity),
 * verivali uploads, import error reports and the exchange files it writes (what a download checks).
 */

/** A file's size and SHA-256 (hex), as a download announces them. */
export interface FileDigest {
  size: number;
  sha256: string;
}

/** SHA-256 and size of a file on disk, streamed (constant memory); the size is what was read. */
export async function hashFile(path: string): Promise<FileDigest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** A pass-through that hashes and counts what is written through it; `result()` once it ended. */
export function hashingStream(): Transform & { result: () => FileDigest } {
  const hash = createHash('sha256');
  let size = 0;
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { result: () => FileDigest };
  t.result = () => ({ size, sha256: hash.digest('hex') });
  return t;
}
