/**
 * Errors that cross the wire on request/reply. WIRE-STABLE: the gateway maps each code to an HTTP
 * status exhaustively; add a code only together with its mapping.
 */
export const RPC_ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'UNPROCESSABLE',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
] as const;
export type RpcErrorCode = (typeof RPC_ERROR_CODES)[number];

/**
 * HTTP status for each error code. `UNAVAILABLE` is what the caller sees when no instance of the
 * service answers (NATS "no responders"), `TIMEOUT` when one did not answer in time.
 */
export const RPC_ERROR_HTTP_STATUS: Record<RpcErrorCode, number> = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/** One field's problems, in words an operator understands (Bahasa Indonesia). */
export interface FieldError {
  /** Dotted path of the field in the request, e.g. `subject.nik`. */
  field: string;
  messages: string[];
}

/** The error half of a reply. `detail` is for an operator; never a stack trace or internal name. */
export interface RpcError {
  code: RpcErrorCode;
  /** A stable, more specific machine code, e.g. `COMPLAINT_ALREADY_REFERRED`. */
  reason?: string;
  detail: string;
  fieldErrors?: FieldError[];
  /** For CONFLICT on a state machine: what is allowed instead. */
  allowed?: string[];
}

/** Body of every reply on `slrt.rpc.>`. */
export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: RpcError };
