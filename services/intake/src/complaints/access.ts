import type { Actor, Role } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/**
 * Who may do what in intake. The gateway checks roles first; intake checks again (defence in
 * depth). The actor of a request is bound to the service that sent it (libs/messaging refuses
 * anything else): a user or owner client comes from the gateway, any other service is
 * `system:<service>` and gets only what `SYSTEM_READERS` grants — nothing that `requireRole`
 * guards, because system actors hold no roles.
 */
export const INTAKE_ROLES = {
  register: ['FO', 'FS'],
  sync: ['FS', 'FO'],
  read: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  /** Roles whose work needs full NIK, KK and phone (asked for explicitly; audited). */
  reveal: ['FO', 'FS', 'BO'],
  correct: ['FO', 'FS'],
  withdraw: ['FO', 'FS', 'SPV'],
  documents: ['FO', 'FS', 'BO'],
} as const satisfies Record<string, readonly Role[]>;

/**
 * Services that may read a complaint (`get-complaint`, and nothing else) with its persons in full,
 * for the whole deployment: the registry drafts a prelist entry from the complaint's subject (its
 * event carries no personal data); referral puts the person's data into the referral a BO sends
 * to programme owners (naming that BO as `onBehalfOf`). Every such read is audited like an
 * operator's.
 */
export const SYSTEM_READERS: readonly string[] = ['system:registry', 'system:referral'];

/** Whether the actor is a service allowed to read complaints in full (see SYSTEM_READERS). */
export function isSystemReader(actor: Actor): boolean {
  return actor.kind === 'system' && SYSTEM_READERS.includes(actor.id);
}

export function hasRole(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.roles.some((r) => allowed.includes(r));
}

/** Refuses an actor without one of `allowed` (403). */
export function requireRole(actor: Actor, allowed: readonly Role[]): void {
  if (actor.kind === 'user' && hasRole(actor, allowed)) return;
  throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melakukan tindakan ini.', { reason: 'ROLE_NOT_ALLOWED' });
}

/** Whether the desa lies within the actor's region scope. */
export function inScope(actor: Actor, desaCode: string): boolean {
  return isWithinAnyRegion(desaCode, actor.regionScope);
}

/**
 * SQL patterns matching the desa codes within the actor's scope (`62.71.01` → `62.71.01` and
 * `62.71.01.%`), for `desa_code LIKE ANY($n)`. An empty scope matches nothing.
 */
export function scopePatterns(actor: Actor): string[] {
  return actor.regionScope.flatMap((code) => [code, `${code}.%`]);
}

/**
 * May this actor see the persons of a complaint, and what names or shows them (receipt, Dukcapil
 * letter, attachments)? A confidential complaint only to its officer, the case handlers (BO, MJ)
 * and the system readers; every other complaint to whoever may read it.
 */
export function seesConfidential(complaint: { confidential: boolean; officerId: string }, actor: Actor): boolean {
  return !complaint.confidential || complaint.officerId === actor.id || hasRole(actor, ['BO', 'MJ']) || isSystemReader(actor);
}

/** Refuses (403) an actor who may not see a confidential complaint's persons; see {@link seesConfidential}. */
export function requireSeesConfidential(complaint: { confidential: boolean; officerId: string }, actor: Actor): void {
  if (seesConfidential(complaint, actor)) return;
  throw new DomainError('FORBIDDEN', 'Pengaduan ini rahasia: hanya petugas pencatat dan penangan kasus yang boleh melihat data dan lampirannya.', { reason: 'CONFIDENTIAL' });
}
