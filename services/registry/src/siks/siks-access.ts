import { RPCS, type Role } from '@slrt/contracts';

/**
 * Who may use the SIKS-NG exchange and the candidate ranking: the roles the catalog declares for
 * each request (libs/contracts `RPCS`), checked again with libs/auth's `requireRole`.
 */
export const EXCHANGE_ROLES = {
  /** Make export batches, download them, import verivali results. */
  exchange: RPCS['slrt.rpc.registry.create-siks-export.v1'].roles,
  /** Edit export profiles and ranking presets. */
  admin: RPCS['slrt.rpc.registry.save-siks-export-profile.v1'].roles,
  /** Rank candidates for local programmes and export the ranking. */
  rank: RPCS['slrt.rpc.registry.rank-candidates.v1'].roles,
  /** Read the profiles and presets. */
  readConfig: RPCS['slrt.rpc.registry.list-siks-export-profiles.v1'].roles,
} as const satisfies Record<string, readonly Role[]>;
