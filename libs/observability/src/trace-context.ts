import { randomBytes } from 'node:crypto';

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
  const traceId = p?.traceId ?? randomBytes(16).toString('hex');
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${p?.flags ?? '01'}`;
}
