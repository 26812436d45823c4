import { ProblemError } from '../http/problem.js';
import { badRequest } from './http-errors.js';

/** The JSON body as an object (a JSON array, string or number is refused: 400 BODY_NOT_OBJECT). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('BODY_NOT_OBJECT', 'Isi permintaan harus berupa objek JSON.');
  return body as Record<string, unknown>;
}

/**
 * The request payload of a route: its JSON body plus the fields the gateway takes from the path
 * (`caseId` of `/v1/cases/{id}/actions`) or a header (`idempotencyKey` from `Idempotency-Key`).
 * The OpenAPI body of such a route leaves those fields out (`ForwardsTo(…, { omit })`); a body
 * that carries one anyway is refused (422, the field named), so a value is sent in one place only.
 */
export function withRoute(body: unknown, fromRoute: Record<string, unknown>): Record<string, unknown> {
  const b = asObject(body);
  const twice = Object.keys(fromRoute).filter((k) => Object.hasOwn(b, k));
  if (twice.length) {
    throw new ProblemError(422, 'VALIDATION_FAILED', 'Data yang dikirim belum benar. Periksa isian yang ditandai.', twice.map((field) => ({ field, messages: ['kolom tidak dikenal: nilainya diambil dari alamat (path) atau header, jangan dikirim di isi permintaan'] })));
  }
  return { ...b, ...fromRoute };
}
