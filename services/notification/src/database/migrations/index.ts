import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the notification service, oldest first. */
export const notificationMigrations = [CreateMessagingTables1763856000000];
