import { RpcException } from '@nestjs/microservices';
import { RPC_ERROR_CODES, type FieldError, type RpcError, type RpcErrorCode } from '@slrt/contracts';
import { isDatabaseUnavailable } from '@slrt/persistence';

/**
 * A rule of the domain was not met. Thrown from a request handler, it crosses the wire as
 * `{ ok: false, error }` and becomes the matching HTTP status at the gateway. `detail` is read by
 * an operator: write it in Bahasa Indonesia, without internal names.
 */
export class DomainError extends RpcException {
  readonly rpcError: RpcError;

  constructor(
    code: RpcErrorCode,
    detail: string,
    extra: { reason?: string; fieldErrors?: FieldError[]; allowed?: string[] } = {},
  ) {
    const rpcError: RpcError = { code, detail, ...extra };
    super(rpcError);
    this.rpcError = rpcError;
    this.name = 'DomainError';
  }
}

/**
 * An event handler met a message it can never process (retrying cannot help): the message goes
 * to the dead-letter stream at once instead of being redelivered.
 */
export class PermanentError extends RpcException {
  constructor(readonly reason: string) {
    super({ permanent: true, reason });
    this.name = 'PermanentError';
  }
}

/** A request over NATS failed; `error.code` says how (UNAVAILABLE, TIMEOUT, NOT_FOUND, …). */
export class RpcCallError extends Error {
  constructor(
    readonly subject: string,
    readonly error: RpcError,
  ) {
    super(`${subject}: ${error.code} ${error.detail}`);
    this.name = 'RpcCallError';
  }
}

export function isRpcError(value: unknown): value is RpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcError).code === 'string' &&
    (RPC_ERROR_CODES as readonly string[]).includes((value as RpcError).code) &&
    typeof (value as RpcError).detail === 'string'
  );
}

export function isPermanent(value: unknown): value is { permanent: true; reason: string } {
  return typeof value === 'object' && value !== null && (value as { permanent?: unknown }).permanent === true;
}

/**
 * A failure of the platform around a handler rather than of its event: the service's PostgreSQL
 * out of reach, or a service it asked unavailable or too slow (NATS no responders, timeout, that
 * service's own database down). Retried patiently, never a reason to dead-letter the event early.
 */
export function isOutage(err: unknown): boolean {
  if (isDatabaseUnavailable(err)) return true;
  return err instanceof RpcCallError && (err.error.code === 'UNAVAILABLE' || err.error.code === 'TIMEOUT');
}
