/**
 * Is this error PostgreSQL being out of reach (down, restarting, refusing connections, the
 * connection cut mid-query), rather than a fault of the request? Such a failure is answered 503
 * "try again" (RPC code UNAVAILABLE), never a 500: the request did not happen, or happened
 * atomically, so the client retries with the same Idempotency-Key.
 *
 * Shape-only (no import of pg or TypeORM): TypeORM wraps the driver's error in `driverError`.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const o = e as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
    const code = typeof o.code === 'string' ? o.code : '';
    if (NETWORK_CODES.has(code)) return true;
    // SQLSTATE class 08 (connection exception); 57P01 admin shutdown, 57P02 crash shutdown,
    // 57P03 cannot connect now (starting up / shutting down / recovering); 53300 too many connections.
    if (/^08[0-9A-Z]{3}$/.test(code) || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300')
      return true;
    const message = typeof o.message === 'string' ? o.message : '';
    if (MESSAGES.some((m) => message.includes(m))) return true;
    // TypeORM releases a transaction's query runner when its connection dies; the ROLLBACK (or the
    // next query) then throws this instead of the connection error (seen with PostgreSQL kill -9ed).
    const names = [(o as { name?: unknown }).name, (e as object).constructor?.name];
    if (names.some((n) => n === 'QueryRunnerAlreadyReleasedError' || n === 'QueryRunnerProviderAlreadyReleasedError'))
      return true;
    e = o.driverError ?? o.cause;
  }
  return false;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** What node-postgres and its pool say when the server goes away (they set no code for these). */
const MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Connection terminated unexpectedly',
  'the database system is starting up',
  'the database system is shutting down',
  'the database system is in recovery mode',
];
