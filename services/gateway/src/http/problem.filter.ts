import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RPC_ERROR_HTTP_STATUS, type FieldError, type RpcErrorCode } from '@slrt/contracts';
import { AuthError } from '@slrt/auth';
import { RpcCallError } from '@slrt/messaging';
import { RequestContext, type Logger } from '@slrt/observability';
import { ProblemError, TITLES } from './problem.js';

interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance: string;
  requestId?: string;
  errors?: FieldError[];
  allowed?: string[];
}

/** Stable codes of the gateway's own HTTP failures (not from a domain service). */
const HTTP_CODES: Record<number, [code: string, detail: string]> = {
  400: ['BAD_REQUEST', 'Permintaan tidak dapat dibaca. Periksa format JSON dan isinya.'],
  404: ['ROUTE_NOT_FOUND', 'Alamat yang diminta tidak ada di API ini.'],
  405: ['METHOD_NOT_ALLOWED', 'Metode HTTP ini tidak berlaku untuk alamat ini.'],
  413: ['PAYLOAD_TOO_LARGE', 'Isi permintaan terlalu besar.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Jenis isi (Content-Type) ini tidak didukung.'],
  429: ['RATE_LIMITED', 'Terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.'],
};

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
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const problem = this.toProblem(exception, request.url.split('?')[0] ?? '/');
    const headers = exception instanceof ProblemError ? exception.headers : {};
    if (problem.status === 500) this.logger.error({ err: exception instanceof Error ? exception : undefined, code: problem.code, route: problem.instance }, 'request failed');
    else if (problem.status > 500) this.logger.warn({ code: problem.code, route: problem.instance }, 'a domain service is unavailable or slow');
    void reply
      .status(problem.status)
      .headers({ ...headers, 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store' })
      .send(JSON.stringify({ ...problem, requestId: RequestContext.current()?.correlationId ?? (reply.getHeader('x-request-id') as string | undefined) }));
  }

  private toProblem(e: unknown, instance: string): Problem {
    const make = (status: number, code: string, detail: string, extra: Partial<Problem> = {}): Problem => ({
      type: `https://slrt.id/problems/${code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[status] ?? 'Kesalahan',
      status,
      code,
      detail,
      instance,
      ...extra,
    });
    if (e instanceof ProblemError) return make(e.status, e.code, e.detail, e.fieldErrors.length ? { errors: e.fieldErrors } : {});
    if (e instanceof AuthError) return make(e.code === 'UNAUTHENTICATED' ? 401 : 403, e.code, e.detail);
    if (e instanceof RpcCallError) {
      const code = e.error.code as RpcErrorCode;
      const status = RPC_ERROR_HTTP_STATUS[code] ?? 500;
      const detail = status >= 500 && code === 'INTERNAL' ? 'Terjadi kesalahan pada layanan. Silakan coba lagi; bila berulang, hubungi admin.' : e.error.detail;
      return make(status, e.error.reason ?? code, detail, { ...(e.error.fieldErrors?.length ? { errors: e.error.fieldErrors } : {}), ...(e.error.allowed ? { allowed: e.error.allowed } : {}) });
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const [code, detail] = HTTP_CODES[status] ?? [status >= 500 ? 'INTERNAL' : 'HTTP_ERROR', status >= 500 ? 'Terjadi kesalahan pada server.' : 'Permintaan tidak dapat diproses.'];
      return make(status, code, detail);
    }
    const status = typeof (e as { statusCode?: unknown })?.statusCode === 'number' ? (e as { statusCode: number }).statusCode : 500;
    if (status < 500 && HTTP_CODES[status]) return make(status, HTTP_CODES[status]![0], HTTP_CODES[status]![1]);
    if (status === 400) return make(400, 'BAD_REQUEST', HTTP_CODES[400]![1]);
    return make(500, 'INTERNAL', 'Terjadi kesalahan pada server. Silakan coba lagi; bila berulang, hubungi admin.');
  }
}
