import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the registry service, oldest first. */
export const registryMigrations = [CreateMessagingTables1763856000000];
