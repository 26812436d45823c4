import type { Actor, Role } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/** Who may use the SIKS-NG exchange and the candidate ranking. The gateway checks first; registry again. */
export const EXCHANGE_ROLES = {
  /** Make export batches, download them, import verivali results. */
  exchange: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
  /** Edit export profiles and ranking presets. */
  admin: ['ADMIN'],
  /** Rank candidates for local programmes and export the ranking. */
  rank: ['MJ', 'SEKRETARIAT', 'BO'],
  /** Read the profiles and presets. */
  readConfig: ['BO', 'MJ', 'SEKRETARIAT', 'ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

/** Refuses a caller without one of `allowed` (403). */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'user' && actor.roles.some((r) => allowed.includes(r))) return;
  throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', { reason: 'ROLE_NOT_ALLOWED' });
}

/** Refuses a region outside the caller's scope (403). */
export function requireRegion(actor: Actor, regionCode: string): void {
  if (isWithinAnyRegion(regionCode, actor.regionScope)) return;
  throw new DomainError('FORBIDDEN', 'Wilayah ini di luar wilayah kerja Anda.', { reason: 'SCOPE_NOT_ALLOWED' });
}

/** SQL `LIKE ANY` patterns of a region: the code itself and everything under it. */
export function regionPatterns(regionCode: string): string[] {
  return [regionCode, `${regionCode}.%`];
}

/** SQL `LIKE ANY` patterns of the caller's whole scope (an empty scope matches nothing). */
export function scopePatterns(actor: Actor): string[] {
  return actor.regionScope.flatMap((code) => [code, `${code}.%`]);
}
