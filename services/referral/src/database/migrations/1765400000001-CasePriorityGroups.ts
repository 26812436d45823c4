import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The priority groups of a case's complaint (seed 002: disability, neglected women/children,
 * elderly, remote indigenous communities), from intake's events: shorter deadlines
 * (`REFERRAL_PRIORITY_DEADLINE_PERCENT`), a queue filter, and a routing-rule condition.
 */
export class CasePriorityGroups1765400000001 implements MigrationInterface {
  name = 'CasePriorityGroups1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${migrationSchema(q)}".referral_case ADD COLUMN priority_groups text[] NOT NULL DEFAULT '{}'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".referral_case DROP COLUMN priority_groups`);
  }
}
