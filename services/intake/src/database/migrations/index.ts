import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateComplaintTables1763900000000 } from './1763900000000-CreateComplaintTables.js';
import { CreateAttachmentTables1763900000001 } from './1763900000001-CreateAttachmentTables.js';
import { CreateLetterTable1763900000002 } from './1763900000002-CreateLetterTable.js';
import { KeyedSubjectNikHash1764440000000 } from './1764440000000-KeyedSubjectNikHash.js';
import { AuditOnBehalfOf1764500000000 } from './1764500000000-AuditOnBehalfOf.js';
import { ComplaintAttributes1764620100000 } from './1764620100000-ComplaintAttributes.js';
import { CreateComplaintStatusHistory1764640000000 } from './1764640000000-CreateComplaintStatusHistory.js';
import { SeedFlowsIntake1765400000000 } from './1765400000000-SeedFlowsIntake.js';
import { RevealReason1766900000000 } from './1766900000000-RevealReason.js';
import { FieldApp1766100000000 } from './1766100000000-FieldApp.js';
import { FieldCheck1766200000000 } from './1766200000000-FieldCheck.js';

export const intakeMigrations = [
  CreateMessagingTables1763856000000,
  CreateComplaintTables1763900000000,
  CreateAttachmentTables1763900000001,
  CreateLetterTable1763900000002,
  KeyedSubjectNikHash1764440000000,
  AuditOnBehalfOf1764500000000,
  ComplaintAttributes1764620100000,
  CreateComplaintStatusHistory1764640000000,
  SeedFlowsIntake1765400000000,
  FieldApp1766100000000,
  FieldCheck1766200000000,
  RevealReason1766900000000,
];
