import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { RPCS, type Actor, type Role, type RpcSubject } from '@slrt/contracts';

export const ROLES_KEY = 'slrt:roles';
export const PUBLIC_KEY = 'slrt:public';

/**
 * The roles that may call an operation. Every route needs authentication unless `@Public()`;
 * a route with neither decorator is refused to everyone (deny by default).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/**
 * The roles of a route that forwards to a request subject: those the catalog declares for it
 * (`RPCS[subject].roles` in libs/contracts), so the gateway and the service it calls cannot
 * disagree. `@Roles(...)` stays for the gateway's own operations (sign-in, users, API keys).
 */
export const RolesOf = (subject: RpcSubject) => SetMetadata(ROLES_KEY, [...RPCS[subject].roles]);

/** An operation anyone may call without logging in (login, public status, documents). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as the guard put it on the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
