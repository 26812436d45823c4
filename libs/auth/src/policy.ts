import { hasRole, type Actor, type RefusalReason, type Role } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';

/**
 * The access policy every service applies, framework-free (no NestJS, no NATS): who holds a role,
 * which regions an actor may see, who may reveal full identifiers. Each check has a predicate and
 * a refusal (`Refusal`: one of the contracts' `REFUSAL_REASONS` and the operator's words);
 * `./refusals.ts` turns a refusal into the error a request handler throws. Which roles may call a
 * request is not here: it is declared once in the catalog (`RPCS[subject].roles`), enforced by the
 * gateway and the transport; services check again here (defence in depth) and add their own rules.
 */

export { hasRole };

/** Roles whose work needs full NIK, No. KK and phone numbers (asked for explicitly with `reveal`; audited). */
export const REVEAL_ROLES = ['FO', 'FS', 'BO'] as const satisfies readonly Role[];

/** A refused check: the reason clients branch on and the detail an operator reads. */
export interface Refusal {
  reason: RefusalReason;
  detail: string;
}

/** Whether the actor is a user (an operator, not a service or an owner's machine client) holding one of `roles`. */
export function isUserWithRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.kind === 'user' && hasRole(actor, roles);
}

/** Whether `regionCode` lies within the actor's region scope (a desa inside its kecamatan and kab/kota); an empty scope allows nothing. */
export function inScope(actor: Pick<Actor, 'regionScope'>, regionCode: string): boolean {
  return isWithinAnyRegion(regionCode, actor.regionScope);
}

/** {@link inScope}, and services (system actors) act for the whole deployment. */
export function scopeAllows(actor: Actor, regionCode: string): boolean {
  return actor.kind === 'system' || inScope(actor, regionCode);
}

/** Whether a scope lies inside another (an ADMIN may grant only what it holds). */
export function scopeWithin(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((code) => isWithinAnyRegion(code, outer));
}

/** SQL `LIKE ANY` patterns of a region: the code itself and everything under it (`62.71.01` → `62.71.01`, `62.71.01.%`). */
export function regionPatterns(regionCode: string): string[] {
  return [regionCode, `${regionCode}.%`];
}

/** SQL `LIKE ANY` patterns of the actor's whole scope, for `desa_code LIKE ANY($n)` (an empty scope matches nothing). */
export function scopePatterns(actor: Pick<Actor, 'regionScope'>): string[] {
  return actor.regionScope.flatMap(regionPatterns);
}

/** The role recorded in an audit row: the actor's first role; null for services. */
export function auditRole(actor: Pick<Actor, 'roles'>): string | null {
  return actor.roles[0] ?? null;
}

/** Whether the actor may see full identifiers when it asks for them (`reveal`). */
export function mayReveal(actor: Pick<Actor, 'roles'>, reveal: boolean): boolean {
  return !reveal || hasRole(actor, REVEAL_ROLES);
}

/** A user holding one of `roles`, or the refusal. */
export function roleRefusal(
  actor: Actor,
  roles: readonly Role[],
  detail = 'Peran Anda tidak berwenang melakukan tindakan ini.',
): Refusal | null {
  return isUserWithRole(actor, roles) ? null : { reason: 'ROLE_NOT_ALLOWED', detail };
}

/** A region within the actor's scope, or the refusal. */
export function scopeRefusal(
  actor: Actor,
  regionCode: string,
  detail = 'Wilayah ini di luar wilayah kerja Anda.',
): Refusal | null {
  return inScope(actor, regionCode) ? null : { reason: 'OUT_OF_SCOPE', detail };
}

/** Full identifiers only to {@link REVEAL_ROLES}, or the refusal. */
export function revealRefusal(
  actor: Actor,
  reveal: boolean,
  detail = 'Peran Anda tidak berwenang melihat NIK, KK dan nomor telepon secara lengkap.',
): Refusal | null {
  return mayReveal(actor, reveal) ? null : { reason: 'REVEAL_NOT_ALLOWED', detail };
}
