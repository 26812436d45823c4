import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Outcome verifications as the read model keeps them (issue 19): owner, desa, the household's
 * verdict and when; no personal data. The latest completion of a verification wins (a household
 * answering at the counter after its verification ended unanswered).
 */
export class CreateOutcomeReadModel1766600000000 implements MigrationInterface {
  name = 'CreateOutcomeReadModel1766600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".rpt_outcome_verification (
        verification_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        owner_code text NOT NULL,
        desa_code text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('verified', 'disputed', 'unverified')),
        via text,
        resolved_at timestamptz NOT NULL,
        completed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rpt_outcome_verification_completed ON "${s}".rpt_outcome_verification (completed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${migrationSchema(q)}".rpt_outcome_verification`);
  }
}
