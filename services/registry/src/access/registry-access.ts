import type { Actor, Role } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/**
 * Role and region-scope checks of every registry feature. The gateway checks roles first; the
 * registry checks again (defence in depth) because any service on the bus could send a request.
 * Which roles may do what stays with each feature (`REGISTRY_LOOKUP_ROLES`, `PROPOSAL_ROLES`,
 * `EXCHANGE_ROLES`).
 */

/** Whether the actor holds one of `allowed`. */
export function hasRole(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.roles.some((r) => allowed.includes(r));
}

/** Refuses an actor that is not a user (an operator) holding one of `allowed` (403). */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'user' && hasRole(actor, allowed)) return;
  throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', { reason: 'ROLE_NOT_ALLOWED' });
}

/** Whether `regionCode` lies within the actor's region scope (an empty scope allows nothing). */
export function withinScope(actor: Actor, regionCode: string): boolean {
  return isWithinAnyRegion(regionCode, actor.regionScope);
}

/** Refuses a region outside the actor's scope (403). */
export function requireRegion(actor: Actor, regionCode: string): void {
  if (withinScope(actor, regionCode)) return;
  throw new DomainError('FORBIDDEN', 'Wilayah ini di luar wilayah kerja Anda.', { reason: 'SCOPE_NOT_ALLOWED' });
}

/** SQL `LIKE ANY` patterns of a region: the code itself and everything under it (`62.71.01` → `62.71.01`, `62.71.01.%`). */
export function regionPatterns(regionCode: string): string[] {
  return [regionCode, `${regionCode}.%`];
}

/** SQL `LIKE ANY` patterns of the actor's whole scope, for `desa_code LIKE ANY($n)` (an empty scope matches nothing). */
export function scopePatterns(actor: Actor): string[] {
  return actor.regionScope.flatMap(regionPatterns);
}

/** The first role of the actor, recorded in the audit; null for system callers. */
export function auditRole(actor: Actor): string | null {
  return actor.roles[0] ?? null;
}
