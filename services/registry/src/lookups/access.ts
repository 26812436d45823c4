import type { Actor, Role } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';

/**
 * Who may read the registry. The gateway checks roles first; the registry checks again (defence
 * in depth) because any service on the bus could send a request.
 */
export const REGISTRY_LOOKUP_ROLES = {
  lookup: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  /** Roles whose work needs full NIK and No. KK (asked for explicitly with `reveal`; audited). */
  reveal: ['FO', 'FS', 'BO'],
  audit: ['ADMIN', 'SEKRETARIAT'],
  statement: ['FO', 'BO', 'MJ', 'SEKRETARIAT'],
} as const satisfies Record<string, readonly Role[]>;

export function hasRole(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.roles.some((r) => allowed.includes(r));
}

/** Refuses an actor that is not a user holding one of `allowed` (403). */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'user' && hasRole(actor, allowed)) return;
  throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', { reason: 'ROLE_NOT_ALLOWED' });
}

/**
 * SQL patterns matching the desa codes within the actor's scope (`62.71.01` → `62.71.01` and
 * `62.71.01.%`), for `desa_code LIKE ANY($n)`. An empty scope matches nothing.
 */
export function scopePatterns(actor: Actor): string[] {
  return actor.regionScope.flatMap((code) => [code, `${code}.%`]);
}

/** The first role of the actor, recorded in the audit; null for system callers. */
export function auditRole(actor: Actor): string | null {
  return actor.roles[0] ?? null;
}
