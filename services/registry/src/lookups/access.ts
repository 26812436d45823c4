import { RPCS, type Role } from '@slrt/contracts';
import { REVEAL_ROLES } from '@slrt/auth';

/**
 * Who may read the registry: the roles the catalog declares for each request (libs/contracts
 * `RPCS`), checked again with libs/auth's `requireRole`.
 */
export const REGISTRY_LOOKUP_ROLES = {
  lookup: RPCS['slrt.rpc.registry.lookup-person.v1'].roles,
  /** Roles whose work needs full NIK and No. KK (asked for explicitly with `reveal`; audited). */
  reveal: REVEAL_ROLES,
  audit: RPCS['slrt.rpc.registry.list-lookup-audit.v1'].roles,
  statement: RPCS['slrt.rpc.registry.get-dtks-statement.v1'].roles,
} as const satisfies Record<string, readonly Role[]>;
