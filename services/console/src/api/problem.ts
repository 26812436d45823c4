import type { Problem } from '@slrt/api-client';
import { t } from '../i18n';

/**
 * An API call that did not succeed: the gateway's problem+json document when there is one
 * (`detail` and field `errors` are already in Bahasa Indonesia), or a network failure.
 */
export class ApiError extends Error {
  constructor(
    readonly problem: Problem,
    readonly offline = false,
  ) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  /** Field errors by field path (`subject.nik` → "NIK harus 16 angka"). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.problem.errors ?? []) out[e.field] = e.messages.join('; ');
    return out;
  }
}

/** A problem for a request that never got an answer (no connection, server unreachable). */
export function offlineProblem(): Problem {
  return {
    type: 'about:blank',
    title: t('error.offline.title'),
    status: 0,
    code: 'NETWORK_UNAVAILABLE',
    detail: t('error.offline.detail'),
  };
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).detail === 'string'
  );
}

/**
 * The data of an openapi-fetch result, or an `ApiError` thrown with its problem. Responses without
 * a problem body (a proxy's HTML 502, say) become a problem with an Indonesian explanation.
 */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const problem: Problem = isProblem(result.error)
      ? result.error
      : {
          type: 'about:blank',
          title: t('error.unknown.title'),
          status: result.response.status,
          code: 'UNEXPECTED_RESPONSE',
          detail: t('error.unknown.detail', { status: result.response.status }),
        };
    throw new ApiError(problem);
  }
  return result.data as T;
}

/** Turns a thrown value (fetch's TypeError on a lost connection included) into an ApiError. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TypeError) return new ApiError(offlineProblem(), true);
  return new ApiError({
    type: 'about:blank',
    title: t('error.unknown.title'),
    status: 0,
    code: 'CLIENT_ERROR',
    detail: error instanceof Error ? error.message : String(error),
  });
}
