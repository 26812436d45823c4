/**
 * Roles of the SLRT (docs/domain.md "People and their reach"). WIRE-STABLE: stored in user records and carried in
 * every envelope's actor. `SYSTEM` is a service acting on its own (a relay, a scheduler, a
 * consumer reacting to an event); `OWNER_CLIENT` is a programme owner's machine client (API key).
 */
export const ROLES = ['FO', 'FS', 'SPV', 'MJ', 'BO', 'PO', 'SEKRETARIAT', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];

export const ACTOR_KINDS = ['user', 'owner-client', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];
