import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { RpcError } from '@slrt/contracts';
import { isDatabaseUnavailable } from '@slrt/persistence';

/** What the operator reads when a service's PostgreSQL is out of reach (the gateway adds Retry-After). */
export const DATABASE_UNAVAILABLE_DETAIL =
  'Basis data layanan sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi; data yang sudah dikirim tidak akan tercatat dua kali.';

/**
 * PostgreSQL down, restarting or cutting connections is not a fault of the request: a handler's
 * failure for that reason crosses the wire as `UNAVAILABLE` / `DATABASE_UNAVAILABLE` (503 at the
 * gateway, "try again with the same Idempotency-Key"), not as Nest's anonymous "Internal server
 * error" (a 500). Its transaction did not commit, so the retry is safe. Every other error keeps
 * Nest's handling.
 */
@Catch()
export class DatabaseUnavailableRpcFilter extends BaseRpcExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    if (isDatabaseUnavailable(exception)) {
      const error: RpcError = {
        code: 'UNAVAILABLE',
        reason: 'DATABASE_UNAVAILABLE',
        detail: DATABASE_UNAVAILABLE_DETAIL,
      };
      return throwError(() => error);
    }
    return super.catch(exception, host);
  }
}
