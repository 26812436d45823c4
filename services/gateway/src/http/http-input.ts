import type { RpcRequest, RpcSubject } from '@slrt/contracts';
import { RpcCallError } from '@slrt/messaging';
import { ProblemError } from './problem.js';

/**
 * A request payload assembled from a client's input: only the request subject's own field names
 * (a misspelt or foreign field does not compile), each value as the client sent it. The values are
 * not the contract's types on purpose: `RpcClient.request` checks them against the subject's
 * request class before anything is sent, and a wrong one is the client's 422 with its field named.
 */
export type ClientInput<S extends RpcSubject> = { [K in keyof RpcRequest<S>]?: unknown };

/** A 400 problem raised at the gateway itself, mapped like any domain error. */
export function badRequest(reason: string, detail: string): RpcCallError {
  return new RpcCallError('gateway', { code: 'BAD_REQUEST', reason, detail });
}

const VALIDATION_DETAIL = 'Data yang dikirim belum benar. Periksa isian yang ditandai.';

/** The JSON body as an object (a JSON array, string or number is refused: 400 BODY_NOT_OBJECT). */
export function asObject(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw badRequest('BODY_NOT_OBJECT', 'Isi permintaan harus berupa objek JSON.');
  return body as Record<string, unknown>;
}

/**
 * The request payload of a route: its JSON body plus the fields the gateway takes from the path
 * (`caseId` of `/v1/cases/{id}/actions`) or a header (`idempotencyKey` from `Idempotency-Key`).
 * The OpenAPI body of such a route leaves those fields out (`ForwardsTo(…, { omit })`); a body
 * that carries one anyway is refused (422, the field named), so a value is sent in one place only.
 * The route's fields are typed by the subject the payload is sent on (inferred from the call): the
 * contract's type, or a string from the path that the service validates.
 */
export function withRoute<S extends RpcSubject>(
  body: unknown,
  fromRoute: { [K in keyof RpcRequest<S>]?: RpcRequest<S>[K] | string },
): ClientInput<S> {
  const b = asObject(body);
  const twice = Object.keys(fromRoute).filter((k) => Object.hasOwn(b, k));
  if (twice.length) {
    throw new ProblemError(
      422,
      'VALIDATION_FAILED',
      VALIDATION_DETAIL,
      twice.map((field) => ({
        field,
        messages: [
          'kolom tidak dikenal: nilainya diambil dari alamat (path) atau header, jangan dikirim di isi permintaan',
        ],
      })),
    );
  }
  return { ...b, ...fromRoute } as ClientInput<S>;
}

/** The `Idempotency-Key` header, required: without it a repeated request could record twice (400, `detail` says what). */
export function requireIdempotencyKey(key: string | undefined, detail: string): string {
  if (!key) throw badRequest('IDEMPOTENCY_KEY_REQUIRED', detail);
  return key;
}

/**
 * Strict whole-number parsing of a query or path value: decimal digits only (no `1e308`, `0x10`,
 * `-0`, `NaN`, spaces), within `[min, max]`; `fallback` when absent. Anything else is a 422 with
 * the field's message in Bahasa Indonesia.
 */
export function strictInt(
  value: string | undefined,
  fallback: number,
  field: string,
  min = 1,
  max = 1_000_000,
): number {
  if (value === undefined || value === '') return fallback;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new ProblemError(422, 'VALIDATION_FAILED', VALIDATION_DETAIL, [
      { field, messages: [`Harus bilangan bulat ${min} sampai ${max}.`] },
    ]);
  }
  return n;
}

/** `true`, `false` or absent (empty counts as absent); anything else is a 422 with the field's message in Bahasa Indonesia. */
export function strictBool(value: string | undefined, field: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new ProblemError(422, 'VALIDATION_FAILED', VALIDATION_DETAIL, [
    { field, messages: ['Harus true atau false.'] },
  ]);
}

/**
 * A `true`/`false` query flag as `{ [name]: boolean }`, nothing when absent or empty; any other
 * value is passed on as it is, for the service to refuse with its own field message.
 */
export function flag(name: string, value: string | undefined): Record<string, unknown> {
  if (value === undefined || value === '') return {};
  return { [name]: value === 'true' ? true : value === 'false' ? false : value };
}

/** The named query parameters that are given (absent and empty ones dropped); the service validates them. */
export function given(q: Record<string, string | undefined>, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((n) => (q[n] !== undefined && q[n] !== '' ? [[n, q[n]]] : [])));
}

/** A list's page: `page` (default 1) and `pageSize` (default 50, at most 200), parsed by {@link strictInt}. */
export function pageOf(q: { page?: string | undefined; pageSize?: string | undefined }): {
  page: number;
  pageSize: number;
} {
  return { page: strictInt(q.page, 1, 'page'), pageSize: strictInt(q.pageSize, 50, 'pageSize', 1, 200) };
}

/** A list's query: its page ({@link pageOf}), every other parameter passed on as it is for the service to validate. */
export function paged(
  q: Record<string, string | undefined>,
): Record<string, unknown> & { page: number; pageSize: number } {
  const { page, pageSize, ...filters } = q;
  return { ...filters, ...pageOf({ page, pageSize }) };
}
