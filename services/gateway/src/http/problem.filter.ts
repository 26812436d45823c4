import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  RPC_ERROR_HTTP_STATUS,
  isRefusalReason,
  safeFieldName,
  type FieldError,
  type RpcErrorCode,
} from '@slrt/contracts';
import { AuthError } from '@slrt/auth';
import { RpcCallError } from '@slrt/messaging';
import { isDatabaseUnavailable } from '@slrt/persistence';
import { RequestContext, type Logger } from '@slrt/observability';
import { PAGE_CSP, errorPage, isCitizenPage } from '../api/public-pages.html.js';
import { HTTP_CODES, PROBLEM_CONTENT_TYPE, ProblemError, TITLES, type Problem } from './problem.js';
import { REFUSAL_HTTP_STATUS } from './refusal-status.js';

/**
 * Every error leaves the gateway as `application/problem+json` (RFC 9457) with a stable `code`, a
 * `detail` in Bahasa Indonesia an operator can act on, per-field `errors` for validation, and the
 * request id; never a stack trace or an internal name. Domain errors from NATS map by their code.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendProblem(http.getResponse<FastifyReply>(), exception, this.logger, http.getRequest<FastifyRequest>());
  }
}

/** How long a client should wait before retrying when a service, NATS or PostgreSQL is out of reach. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Answers `exception` as problem+json on `reply`: used by the filter and by the gateway's own edge
 * handlers (fastify's framework errors) so every error has the same shape. `instance` is the
 * matched route pattern (`/v1/cases/:id`), never the URL the client sent.
 */
export function sendProblem(reply: FastifyReply, exception: unknown, logger: Logger, request?: FastifyRequest): void {
  const problem = toProblem(exception, request?.routeOptions?.url);
  const headers: Record<string, string> = { ...(exception instanceof ProblemError ? exception.headers : {}) };
  // An outage answers at once and says when to come back: clients retry with the same Idempotency-Key.
  if (problem.status === 503 && !headers['retry-after']) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  if (isCitizenPage(request?.routeOptions?.url)) {
    void reply
      .status(problem.status)
      .headers({
        ...headers,
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': PAGE_CSP,
        'cache-control': 'no-store',
      })
      .send(errorPage(problem.title, problem.detail));
    return;
  }
  if (problem.status === 500)
    logger.error(
      { err: exception instanceof Error ? exception : undefined, code: problem.code, route: problem.instance },
      'request failed',
    );
  else if (problem.status > 500)
    logger.warn({ code: problem.code, route: problem.instance }, 'a domain service is unavailable or slow');
  void reply
    .status(problem.status)
    .headers({ ...headers, 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store' })
    .send(
      JSON.stringify({
        ...problem,
        requestId: RequestContext.current()?.correlationId ?? (reply.getHeader('x-request-id') as string | undefined),
      }),
    );
}

/** The problem document of any thrown value; a field name an attacker chose is never shown back. */
export function toProblem(e: unknown, instance: string | undefined): Problem {
  const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => ({
    type: `https://slrt.id/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? (status >= 500 ? TITLES[500]! : TITLES[400]!),
    status,
    code,
    detail,
    ...(instance ? { instance } : {}),
    ...extra,
  });
  const fields = (errors: FieldError[] | undefined) =>
    errors?.length
      ? { errors: errors.map((f) => ({ ...f, field: f.field.split('.').map(safeFieldName).join('.') })) }
      : {};
  if (e instanceof ProblemError) return make(e.status, e.code, e.detail, fields(e.fieldErrors));
  if (e instanceof AuthError)
    return make(
      e.code === 'UNAUTHENTICATED' ? 401 : REFUSAL_HTTP_STATUS[e.reason ?? 'ROLE_NOT_ALLOWED'],
      e.reason ?? e.code,
      e.detail,
    );
  if (e instanceof RpcCallError) {
    const code = e.error.code as RpcErrorCode;
    const reason = e.error.reason;
    const status =
      code === 'FORBIDDEN' && isRefusalReason(reason)
        ? REFUSAL_HTTP_STATUS[reason]
        : (RPC_ERROR_HTTP_STATUS[code] ?? 500);
    const detail =
      status >= 500 && code === 'INTERNAL'
        ? 'Terjadi kesalahan pada layanan. Silakan coba lagi; bila berulang, hubungi admin.'
        : e.error.detail;
    return make(status, e.error.reason ?? code, detail, {
      ...fields(e.error.fieldErrors),
      ...(e.error.allowed ? { allowed: e.error.allowed } : {}),
    });
  }
  if (isDatabaseUnavailable(e))
    return make(
      503,
      'DATABASE_UNAVAILABLE',
      'Basis data sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi; data yang sudah dikirim tidak akan tercatat dua kali.',
    );
  const status =
    e instanceof HttpException
      ? e.getStatus()
      : typeof (e as { statusCode?: unknown })?.statusCode === 'number'
        ? (e as { statusCode: number }).statusCode
        : 500;
  const known = HTTP_CODES[status];
  if (known) return make(status, known[0], known[1]);
  if (status >= 400 && status < 500) return make(status, 'HTTP_ERROR', 'Permintaan tidak dapat diproses.');
  return make(500, 'INTERNAL', 'Terjadi kesalahan pada server. Silakan coba lagi; bila berulang, hubungi admin.');
}
