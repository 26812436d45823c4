import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SERVICES, type ServiceName } from '../subjects/grammar.js';
import { ACTOR_KINDS, ROLES, type ActorKind, type Role } from './roles.js';

/** A Kemendagri region code in dotted form: `62`, `62.71`, `62.71.01` or `62.71.01.1001`. */
export const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/**
 * Who caused a message. On a request it is who asks, and it is only believed as far as the
 * sending connection may speak for it (`callerMayAssert`): the gateway asserts the authenticated
 * user or owner client, any other service asserts itself (`system:<service>`) — a service acting
 * for a person names that person in a separate field of its request (e.g. `onBehalfOf`), never as
 * the actor. On an event it is information for history and audit (who caused the fact), never a
 * grant of rights: only the owning service may publish on its event subjects.
 */
export class Actor {
  /** `user` (an operator), `owner-client` (a programme owner's API key) or `system` (a service). */
  @IsIn([...ACTOR_KINDS])
  kind!: ActorKind;

  /** Stable id of the user or client (UUIDv7), or `system:<service>` for services. */
  @IsString()
  @MaxLength(120)
  id!: string;

  /** Roles held by the caller; empty for `system`. */
  @IsArray()
  @ArrayUnique()
  @IsIn([...ROLES], { each: true })
  roles!: Role[];

  /**
   * Region codes the caller may see (kab/kota, kecamatan or desa). Empty means no regional
   * access; `system` actors act for the whole deployment.
   */
  @IsArray()
  @Matches(REGION_CODE, { each: true })
  regionScope!: string[];

  /** Programme-owner code for PO users and owner clients (e.g. `kemensos-pkh`). */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
  ownerCode?: string;
}

/** The actor of a service acting on its own behalf. */
export function systemActor(service: string): Actor {
  return Object.assign(new Actor(), { kind: 'system', id: `system:${service}`, roles: [], regionScope: [] });
}

/**
 * The identity binding of requests: may a request that arrived from service `caller` (the
 * server-enforced last token of its wire subject, see `rpcWireSubject`) assert `actor`?
 *
 * - `gateway` may assert the users and owner clients it authenticated, and itself
 *   (`system:gateway`, for the public endpoints: status check, document verification);
 * - every other service may assert only itself, `system:<service>`, with no roles and no scope.
 *
 * Anything else is refused before the handler runs (FORBIDDEN, `ACTOR_NOT_ALLOWED`).
 */
export function callerMayAssert(caller: ServiceName, actor: Actor): boolean {
  if (actor.kind === 'system')
    return (
      actor.id === `system:${caller}` && actor.roles.length === 0 && actor.regionScope.length === 0 && !actor.ownerCode
    );
  return caller === 'gateway' && (actor.kind === 'user' || actor.kind === 'owner-client');
}

/**
 * The one service whose requests may carry `actor` (see `callerMayAssert`): the gateway for users
 * and owner clients, `<service>` for `system:<service>`; null for a system id naming no service.
 */
export function assertingService(actor: Pick<Actor, 'kind' | 'id'>): ServiceName | null {
  if (actor.kind !== 'system') return 'gateway';
  const service = actor.id.startsWith('system:') ? actor.id.slice('system:'.length) : '';
  return (SERVICES as readonly string[]).includes(service) ? (service as ServiceName) : null;
}

/**
 * Validation of an `onBehalfOf` request field: the id of the user (or owner client) a service's
 * request serves, for the callee's audit. It is information, never an identity: the request's
 * actor stays `system:<service>`, and the callee decides what that system actor may do. Only
 * system actors may send it (the callee refuses it from the gateway).
 */
export function IsOnBehalfOf(): PropertyDecorator {
  return (target, key) => {
    IsOptional()(target, key);
    IsString()(target, key);
    MaxLength(120)(target, key);
    Matches(/^[A-Za-z0-9][A-Za-z0-9:._-]*$/)(target, key);
  };
}
