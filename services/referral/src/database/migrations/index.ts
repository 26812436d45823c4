import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the referral service, oldest first. */
export const referralMigrations = [CreateMessagingTables1763856000000];
