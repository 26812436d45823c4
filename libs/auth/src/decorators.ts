import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@slrt/contracts';

export const ROLES_KEY = 'slrt:roles';
export const PUBLIC_KEY = 'slrt:public';

/**
 * The roles that may call an operation. Every route needs authentication unless `@Public()`;
 * a route with neither decorator is refused to everyone (deny by default).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** An operation anyone may call without logging in (login, public status, documents). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated caller, as the guard put it on the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a route without authentication');
  return request.actor;
});
