import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the gateway service, oldest first. */
export const gatewayMigrations = [CreateMessagingTables1763856000000];
