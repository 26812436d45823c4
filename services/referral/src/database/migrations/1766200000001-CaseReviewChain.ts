import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The review chain a case follows (issue 19: Puskesos FS/FO → SPV → MJ → BO; Pekanbaru's
 * secretariat FO → BO and MJ), configured per intake point in intake and carried by
 * `registry-checked`; cases opened before follow the full chain.
 */
export class CaseReviewChain1766200000001 implements MigrationInterface {
  name = 'CaseReviewChain1766200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${migrationSchema(q)}".referral_case ADD COLUMN review_chain text[] NOT NULL DEFAULT '{SPV,MJ,BO}', ADD COLUMN intake_point text`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "${migrationSchema(q)}".referral_case DROP COLUMN review_chain, DROP COLUMN intake_point`,
    );
  }
}
