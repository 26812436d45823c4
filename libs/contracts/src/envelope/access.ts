import type { ServiceName } from '../subjects/grammar.js';
import type { Actor } from './actor.js';
import type { Role } from './roles.js';

/**
 * Who may call a request subject, declared once beside it in the catalog (`RPCS`). The gateway
 * derives its route roles from it (`@RolesOf(subject)` in libs/auth) and the transport
 * (libs/messaging) refuses a user or owner client outside `roles` before the handler runs.
 *
 * - `roles`: the roles a user or owner client (asserted by the gateway) must hold one of. Empty:
 *   no person may call it — a service-to-service or public request.
 * - `systems`: the services that call it as themselves (`system:<service>`); `gateway` for a public
 *   page that asks on an anonymous visitor's behalf. Which services may send which request is
 *   enforced by the NATS server (deploy/nats/generate.mjs `RPC_CALLS`, checked equal to this by a
 *   test); what a system caller may then do is the handler's rule.
 * - `public`: a public page's request (status check, document verification, programme pages):
 *   whoever asks, with or without a role; the handler's own rule (a tracking code, a document
 *   code) is the protection.
 */
export interface RpcAccess {
  readonly roles: readonly Role[];
  readonly systems?: readonly ServiceName[];
  readonly public?: true;
}

/**
 * Why a request was refused (`FORBIDDEN`): the one set of refusal reasons on the platform, sent as
 * the error's `reason` and shown to HTTP clients as the problem's `code`. WIRE-STABLE: the console
 * and API clients branch on them; the gateway maps each to an HTTP status exhaustively
 * (`REFUSAL_HTTP_STATUS` in services/gateway), so a new reason does not compile without one.
 */
export const REFUSAL_REASONS = [
  /** The sender may not assert the actor it names (identity binding, libs/messaging). */
  'ACTOR_NOT_ALLOWED',
  /** The caller holds none of the roles the operation allows. */
  'ROLE_NOT_ALLOWED',
  /** The region (desa, kecamatan or kab/kota) lies outside the caller's region scope. */
  'OUT_OF_SCOPE',
  /** The caller has no region scope at all. */
  'NO_REGION_SCOPE',
  /** The caller's role may not see full NIK, No. KK and phone numbers (`reveal`). */
  'REVEAL_NOT_ALLOWED',
  /** A confidential complaint, seen only by its officer and the case handlers. */
  'CONFIDENTIAL',
  /** Only a kab/kota-wide ADMIN may do this. */
  'KAB_KOTA_ADMIN_REQUIRED',
  /** The field device belongs to another user. */
  'DEVICE_NOT_YOURS',
  /** The field device was revoked (remote logout). */
  'DEVICE_REVOKED',
  /** The caller is not a programme owner (PO user or owner client). */
  'NOT_AN_OWNER',
  /** The referral or group belongs to another programme owner. */
  'OTHER_OWNER',
  /** The action is the programme owner's, not the staff's. */
  'OWNER_ACTION',
  /** Only a person (not a service) may do this. */
  'USER_ONLY',
  /** Only the gateway (for a public page) may ask this. */
  'NOT_GATEWAY',
  /** Only the notification service may ask this. */
  'NOT_NOTIFICATION_SERVICE',
  /** `onBehalfOf` may be sent only by a service. */
  'ON_BEHALF_NOT_ALLOWED',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Whether `reason` is one of {@link REFUSAL_REASONS}. */
export function isRefusalReason(reason: unknown): reason is RefusalReason {
  return typeof reason === 'string' && (REFUSAL_REASONS as readonly string[]).includes(reason);
}

/** Whether the actor holds one of `roles` (system actors hold none). */
export function hasRole(actor: Pick<Actor, 'roles'>, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/**
 * The transport's check of a request's declared access: a user or owner client must hold one of
 * `access.roles` unless the request is `public`; a system actor passes to the handler (the NATS
 * server already bound which service may send it). Null when allowed, else the refusal reason.
 */
export function rpcAccessRefusal(access: RpcAccess, actor: Pick<Actor, 'kind' | 'roles'>): RefusalReason | null {
  if (actor.kind === 'system' || access.public) return null;
  return hasRole(actor, access.roles) ? null : 'ROLE_NOT_ALLOWED';
}
