import { CreateMessagingTables1763856000000 } from './1763856000000-CreateMessagingTables.js';
import { CreateCaseTables1763900000000 } from './1763900000000-CreateCaseTables.js';
import { CreateRegistryOutcomes1764430000000 } from './1764430000000-CreateRegistryOutcomes.js';
import { CreateOwnerReadAudit1764440000000 } from './1764440000000-CreateOwnerReadAudit.js';
import { CreateOwnerAnswerRefusals1764600000000 } from './1764600000000-CreateOwnerAnswerRefusals.js';
import { RoutingProgrammesRetention1764620000000 } from './1764620000000-RoutingProgrammesRetention.js';
import { CreateOwnerWebhooks1764630000000 } from './1764630000000-CreateOwnerWebhooks.js';
import { OwnerReadAuditByReferral1764640000001 } from './1764640000001-OwnerReadAuditByReferral.js';
import { CasePriorityGroups1765400000001 } from './1765400000001-CasePriorityGroups.js';
import { CaseReviewChain1766200000001 } from './1766200000001-CaseReviewChain.js';
import { PuskesosFlows1766700000000 } from './1766700000000-PuskesosFlows.js';
import { CreateMassIssues1766400000000 } from './1766400000000-CreateMassIssues.js';
import { CreateOutcomeVerification1766600000000 } from './1766600000000-CreateOutcomeVerification.js';
import { ProgrammeInformation1766950000000 } from './1766950000000-ProgrammeInformation.js';

/** Migrations of the referral service, oldest first. */
export const referralMigrations = [
  CreateMessagingTables1763856000000,
  CreateCaseTables1763900000000,
  CreateRegistryOutcomes1764430000000,
  CreateOwnerReadAudit1764440000000,
  CreateOwnerAnswerRefusals1764600000000,
  RoutingProgrammesRetention1764620000000,
  CreateOwnerWebhooks1764630000000,
  OwnerReadAuditByReferral1764640000001,
  CasePriorityGroups1765400000001,
  CaseReviewChain1766200000001,
  CreateMassIssues1766400000000,
  CreateOutcomeVerification1766600000000,
  PuskesosFlows1766700000000,
  ProgrammeInformation1766950000000,
];
