import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';

/** Migrations of the intake service, oldest first. */
export const intakeMigrations = [CreateMessagingTables1763856000000];
