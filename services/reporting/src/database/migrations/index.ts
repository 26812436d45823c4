import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateReadModel1765000000000 } from './1765000000000-CreateReadModel.js';
import { CreateOutcomeReadModel1766600000000 } from './1766600000000-CreateOutcomeReadModel.js';

/** Migrations of the reporting service, oldest first. */
export const reportingMigrations = [CreateMessagingTables1763856000000, CreateReadModel1765000000000, CreateOutcomeReadModel1766600000000];
