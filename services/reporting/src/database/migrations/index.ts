import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateReadModel1765000000000 } from './1765000000000-CreateReadModel.js';
import { CitizensInformedPrelist1766400000001 } from './1766400000001-CitizensInformedPrelist.js';
import { CreateOutcomeReadModel1766600000000 } from './1766600000000-CreateOutcomeReadModel.js';
import { CreateRollup1766700000000 } from './1766700000000-CreateRollup.js';
import { RegionIndexes1766800000000 } from './1766800000000-RegionIndexes.js';

/** Migrations of the reporting service, oldest first. */
export const reportingMigrations = [
  CreateMessagingTables1763856000000,
  CreateReadModel1765000000000,
  CitizensInformedPrelist1766400000001,
  CreateOutcomeReadModel1766600000000,
  CreateRollup1766700000000,
  RegionIndexes1766800000000,
];
