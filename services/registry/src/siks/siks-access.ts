import type { Role } from '@slrt/contracts';

/**
 * Who may use the SIKS-NG exchange and the candidate ranking. The gateway checks first; the
 * registry again, with the checks in `../access/registry-access.ts`.
 */
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
