import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateSnapshotTables1763900000000 } from './1763900000000-CreateSnapshotTables.js';
import { ExtendLookupAudit1764410000000 } from './1764410000000-ExtendLookupAudit.js';
import { CreateDtksStatementTables1764411000000 } from './1764411000000-CreateDtksStatementTables.js';
import { CreateProposalTables1764420000000 } from './1764420000000-CreateProposalTables.js';
import { CreateSiksExchangeTables1764430000000 } from './1764430000000-CreateSiksExchangeTables.js';
import { KeyedIdentifierHashes1764440000000 } from './1764440000000-KeyedIdentifierHashes.js';
import { LookupAuditOnBehalfOf1764500000000 } from './1764500000000-LookupAuditOnBehalfOf.js';
import { CreateMusdesMeetingTables1766500000000 } from './1766500000000-CreateMusdesMeetingTables.js';

/** Migrations of the registry service, oldest first. */
export const registryMigrations = [
  CreateMessagingTables1763856000000,
  CreateSnapshotTables1763900000000,
  ExtendLookupAudit1764410000000,
  CreateDtksStatementTables1764411000000,
  CreateProposalTables1764420000000,
  CreateSiksExchangeTables1764430000000,
  KeyedIdentifierHashes1764440000000,
  LookupAuditOnBehalfOf1764500000000,
  CreateMusdesMeetingTables1766500000000,
];
