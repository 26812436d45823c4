import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the reporting service, oldest first. */
export const reportingMigrations = [CreateMessagingTables1763856000000];
