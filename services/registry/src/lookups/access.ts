import type { Role } from '@slrt/contracts';

/**
 * Who may read the registry; the checks themselves are in `../access/registry-access.ts`.
 */
export const REGISTRY_LOOKUP_ROLES = {
  lookup: ['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT'],
  /** Roles whose work needs full NIK and No. KK (asked for explicitly with `reveal`; audited). */
  reveal: ['FO', 'FS', 'BO'],
  audit: ['ADMIN', 'SEKRETARIAT'],
  statement: ['FO', 'BO', 'MJ', 'SEKRETARIAT'],
} as const satisfies Record<string, readonly Role[]>;
