import { RPCS, type Actor, type Role } from '@slrt/contracts';
import { REVEAL_ROLES, scopeAllows } from '@slrt/auth';
import { regionExists, regionLevel } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/**
 * Who may do what with proposals, and the checks only proposals make. The roles are those the
 * catalog declares for each request (libs/contracts `RPCS`); the generic checks (`requireRole`,
 * `requireReveal`, `scopeAllows`) are libs/auth's policy.
 */
export const PROPOSAL_ROLES = {
  createPrelist: RPCS['slrt.rpc.registry.create-prelist-entry.v1'].roles,
  updatePrelist: RPCS['slrt.rpc.registry.update-prelist-entry.v1'].roles,
  /** Musdes, field verification and Dukcapil matching. */
  field: RPCS['slrt.rpc.registry.record-musdes.v1'].roles,
  createDataChange: RPCS['slrt.rpc.registry.create-data-change.v1'].roles,
  decide: RPCS['slrt.rpc.registry.decide-data-change.v1'].roles,
  createPpks: RPCS['slrt.rpc.registry.create-ppks-record.v1'].roles,
  withdraw: RPCS['slrt.rpc.registry.withdraw-proposal.v1'].roles,
  read: RPCS['slrt.rpc.registry.get-prelist-entry.v1'].roles,
  reveal: REVEAL_ROLES,
  readCategories: RPCS['slrt.rpc.registry.list-ppks-categories.v1'].roles,
  editCategories: RPCS['slrt.rpc.registry.save-ppks-category.v1'].roles,
} as const satisfies Record<string, readonly Role[]>;

/** A desa code that exists in the Kemendagri list and lies in the actor's scope, or VALIDATION_FAILED on `field`. */
export function requireDesa(actor: Actor, desaCode: string, field = 'desaCode'): void {
  if (regionLevel(desaCode) !== 'desa' || !regionExists(desaCode)) {
    throw new DomainError('VALIDATION_FAILED', 'Kode desa/kelurahan tidak terdaftar dalam daftar wilayah Kemendagri.', {
      fieldErrors: [{ field, messages: ['Kode desa/kelurahan tidak dikenal.'] }],
    });
  }
  if (!scopeAllows(actor, desaCode)) {
    throw new DomainError('VALIDATION_FAILED', 'Desa/kelurahan ini di luar wilayah kerja Anda.', {
      fieldErrors: [{ field, messages: ['Di luar wilayah kerja Anda.'] }],
    });
  }
}

/** Optimistic concurrency: the version the client saw must be the stored one. */
export function requireVersion(stored: number, expected: number, allowed: string[]): void {
  if (stored !== expected) {
    throw new DomainError('CONFLICT', `Usulan sudah diubah orang lain (versi ${stored}). Muat ulang lalu coba lagi.`, {
      reason: 'VERSION_CONFLICT',
      allowed,
    });
  }
}
