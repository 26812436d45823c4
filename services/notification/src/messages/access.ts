import type { Actor, Role } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/** Who may do what with messages to citizens (the gateway checks roles first; checked again here). */
export const MESSAGE_ROLES = {
  read: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  act: ['FO', 'FS', 'SPV', 'BO'],
  /** Letters and visits are delivered by the Fasilitator (FO records it when the citizen comes to the office). */
  record: ['FS', 'FO'],
  settingsRead: ['ADMIN', 'SEKRETARIAT', 'MJ', 'SPV'],
  settingsWrite: ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'user' && actor.roles.some((r) => allowed.includes(r))) return;
  throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', { reason: 'ROLE_NOT_ALLOWED' });
}

export function inScope(actor: Actor, desaCode: string): boolean {
  return isWithinAnyRegion(desaCode, actor.regionScope);
}

/** `desa_code LIKE ANY($n)` patterns of the actor's scope (empty scope: nothing). */
export function scopePatterns(actor: Actor): string[] {
  return actor.regionScope.flatMap((code) => [code, `${code}.%`]);
}
