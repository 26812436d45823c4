import { randomFillSync } from 'node:crypto';
import { v7 } from 'uuid';

/**
 * Random bytes for trace and span ids from a pooled buffer: one system call per 512 ids instead of
 * one per request (ids need to be unique, not secret).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function randomBytesFromPool(bytes: number): Buffer {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const slice = pool.subarray(offset, offset + bytes);
  offset += bytes;
  return slice;
}
function randomHex(bytes: number): string {
  return randomBytesFromPool(bytes).toString('hex');
}

/** Time and counter of the last {@link pooledUuidv7} (the `uuid` package's own state is private). */
const v7State = { msecs: -Infinity, seq: 0 };

/**
 * A UUIDv7 exactly as `uuid`'s `v7()` makes it (millisecond time, a 31-bit counter seeded from the
 * random bytes each new millisecond so ids of one process stay in order, random tail), with the
 * random bytes taken from the pool: `uuid` asks the kernel for 16 bytes per id, a system call
 * that was the largest single cost of a `/health/live` request.
 */
export function pooledUuidv7(): string {
  const random = randomBytesFromPool(16);
  const now = Date.now();
  if (now > v7State.msecs) {
    v7State.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    v7State.msecs = now;
  } else {
    v7State.seq = (v7State.seq + 1) | 0;
    if (v7State.seq === 0) v7State.msecs++;
  }
  return v7({ random, msecs: v7State.msecs, seq: v7State.seq });
}

/** A parsed W3C `traceparent` (version 00). */
export interface TraceParent {
  traceId: string;
  parentId: string;
  flags: string;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a `traceparent` header; `null` when absent or malformed (all-zero ids are invalid). */
export function parseTraceparent(value: string | undefined | null): TraceParent | null {
  const m = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return null;
  return { traceId: m[1]!, parentId: m[2]!, flags: m[3]! };
}

/**
 * The `traceparent` for a new span: same trace as `parent` (or a new trace), a fresh span id.
 * Carried in NATS headers so a request's trace crosses every service it reaches.
 */
export function childTraceparent(parent?: string | null): string {
  const p = parseTraceparent(parent);
  const traceId = p?.traceId ?? randomHex(16);
  return `00-${traceId}-${randomHex(8)}-${p?.flags ?? '01'}`;
}
