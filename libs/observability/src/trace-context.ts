import { randomFillSync } from 'node:crypto';

/**
 * Random bytes for trace and span ids from a pooled buffer: one system call per 512 ids instead of
 * one per request (ids need to be unique, not secret).
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
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
