import type { Actor, Role } from '@slrt/contracts';
import { regionExists, regionLevel } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { hasRole, withinScope } from '../access/registry-access.js';

/**
 * Who may do what with proposals, and the checks only proposals make. Role and scope checks
 * common to the registry are in `../access/registry-access.ts`.
 */
export const PROPOSAL_ROLES = {
  createPrelist: ['FO', 'FS'],
  updatePrelist: ['FO', 'FS'],
  /** Musdes, field verification and Dukcapil matching. */
  field: ['FO', 'FS', 'BO'],
  createDataChange: ['FO', 'FS', 'BO'],
  decide: ['MJ', 'SEKRETARIAT'],
  createPpks: ['FO', 'FS'],
  withdraw: ['FO', 'FS', 'BO', 'SPV', 'MJ'],
  read: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  /** Roles whose work needs full NIK, KK and phone (asked for explicitly; audited). */
  reveal: ['FO', 'FS', 'BO'],
  readCategories: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN'],
  editCategories: ['ADMIN'],
} as const satisfies Record<string, readonly Role[]>;

/** Refuses `reveal` to roles that do not need full identifiers. */
export function requireReveal(actor: Actor, reveal: boolean): void {
  if (reveal && !hasRole(actor, PROPOSAL_ROLES.reveal)) {
    throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melihat NIK, KK dan nomor telepon secara lengkap.', { reason: 'REVEAL_NOT_ALLOWED' });
  }
}

/** Whether the desa lies within the actor's region scope (services act for the whole deployment). */
export function inScope(actor: Actor, desaCode: string): boolean {
  return actor.kind === 'system' || withinScope(actor, desaCode);
}

/** A desa code that exists in the Kemendagri list and lies in the actor's scope, or VALIDATION_FAILED on `field`. */
export function requireDesa(actor: Actor, desaCode: string, field = 'desaCode'): void {
  if (regionLevel(desaCode) !== 'desa' || !regionExists(desaCode)) {
    throw new DomainError('VALIDATION_FAILED', 'Kode desa/kelurahan tidak terdaftar dalam daftar wilayah Kemendagri.', { fieldErrors: [{ field, messages: ['Kode desa/kelurahan tidak dikenal.'] }] });
  }
  if (!inScope(actor, desaCode)) {
    throw new DomainError('VALIDATION_FAILED', 'Desa/kelurahan ini di luar wilayah kerja Anda.', { fieldErrors: [{ field, messages: ['Di luar wilayah kerja Anda.'] }] });
  }
}

/** Optimistic concurrency: the version the client saw must be the stored one. */
export function requireVersion(stored: number, expected: number, allowed: string[]): void {
  if (stored !== expected) {
    throw new DomainError('CONFLICT', `Usulan sudah diubah orang lain (versi ${stored}). Muat ulang lalu coba lagi.`, { reason: 'VERSION_CONFLICT', allowed });
  }
}
