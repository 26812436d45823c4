import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateIdentityTables1763900000000 } from './1763900000000-CreateIdentityTables.js';
import { LoginThrottleAndSessions1764500000000 } from './1764500000000-LoginThrottleAndSessions.js';

/** Migrations of the gateway service, oldest first. */
export const gatewayMigrations = [
  CreateMessagingTables1763856000000,
  CreateIdentityTables1763900000000,
  LoginThrottleAndSessions1764500000000,
];
