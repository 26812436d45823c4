import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The citizen's access log asks which owners' reads named a complaint's referrals
 * (`get-complaint-disclosures`: `referral_ids && <the complaint's referral ids>`): a GIN index on
 * the array keeps that one lookup instead of a scan of every owner read ever recorded.
 */
export class OwnerReadAuditByReferral1764640000001 implements MigrationInterface {
  name = 'OwnerReadAuditByReferral1764640000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE INDEX owner_read_audit_referrals_idx ON "${s}".owner_read_audit USING gin (referral_ids)`);
    await q.query(`CREATE INDEX referral_case_idx ON "${s}".referral (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX IF EXISTS "${s}".referral_case_idx`);
    await q.query(`DROP INDEX IF EXISTS "${s}".owner_read_audit_referrals_idx`);
  }
}
