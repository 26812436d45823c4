import type { FieldError } from './envelope/rpc.js';

/**
 * Rules every untrusted value obeys before anything walks it recursively (class-transformer,
 * class-validator, JSON.stringify) or stores it: the gateway applies them at the edge and
 * `validatePayload` again in every service, so the same input is refused the same way everywhere.
 */

/** Deepest nesting of objects/arrays accepted (the deepest payload of the catalogue is far below). */
export const MAX_INPUT_DEPTH = 32;

/** Most field errors reported for one value (a hostile body could otherwise fill a reply). */
const MAX_REPORTED = 20;

/**
 * Control characters never accepted in a string: C0 except tab, line feed and carriage return, DEL
 * and C1. NUL in particular: PostgreSQL cannot store it in text ("invalid byte sequence").
 */
const DISALLOWED_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Keys that would reach an object's prototype machinery; never valid in a payload. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const UNTRUSTED_MESSAGES = {
  depth: `Struktur data terlalu dalam (paling banyak ${MAX_INPUT_DEPTH} tingkat).`,
  control: 'Mengandung karakter kontrol yang tidak diizinkan.',
  reserved: 'Kolom ini tidak dikenal.',
  number: 'Angka di luar rentang yang dapat diproses.',
} as const;

/** Whether a string holds a control character no input may carry. */
export function hasDisallowedControl(s: string): boolean {
  return DISALLOWED_CONTROL.test(s);
}

/**
 * A field name safe to show back to the client: identifier-like keys and array indexes as they
 * are, anything else (what an attacker typed as a key) replaced, so no input is echoed.
 */
export function safeFieldName(key: string): string {
  return /^[A-Za-z0-9_$-]{1,64}$/.test(key) ? key : '(kolom tidak dikenal)';
}

/**
 * Checks a parsed value without recursion (safe on any depth): nesting deeper than
 * {@link MAX_INPUT_DEPTH}, disallowed control characters in strings and keys, and prototype keys
 * (`__proto__`, `constructor`, `prototype`), numbers beyond ±2^53. Returns the problems, empty when the value is safe
 * to walk and store. Messages are in Bahasa Indonesia; field paths never echo unsafe keys.
 */
export function inspectUntrusted(value: unknown, maxDepth = MAX_INPUT_DEPTH): FieldError[] {
  const out: FieldError[] = [];
  const stack: Array<[value: unknown, field: string, depth: number]> = [[value, '', 0]];
  while (stack.length && out.length < MAX_REPORTED) {
    const [v, field, depth] = stack.pop()!;
    if (typeof v === 'string') {
      if (hasDisallowedControl(v)) out.push({ field, messages: [UNTRUSTED_MESSAGES.control] });
      continue;
    }
    if (typeof v === 'number') {
      // 1e308 is an "integer" to class-validator and Infinity to PostgreSQL: beyond 2^53 no input has meaning.
      if (!Number.isFinite(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER)
        out.push({ field, messages: [UNTRUSTED_MESSAGES.number] });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) {
      out.push({ field, messages: [UNTRUSTED_MESSAGES.depth] });
      continue;
    }
    for (const key of Object.keys(v)) {
      const path = field ? `${field}.${safeFieldName(key)}` : safeFieldName(key);
      if (RESERVED_KEYS.has(key)) out.push({ field: path, messages: [UNTRUSTED_MESSAGES.reserved] });
      else if (hasDisallowedControl(key)) out.push({ field: path, messages: [UNTRUSTED_MESSAGES.control] });
      else stack.push([(v as Record<string, unknown>)[key], path, depth + 1]);
    }
  }
  return out;
}
