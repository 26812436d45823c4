import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Region prefix indexes on the read model's other tables (complaints had one): dashboards and the
 * monthly report select referrals, cases and messages by `desa_code LIKE '62.71.%'`, which without
 * them read the whole table (`bench/reporting-queries.ts`, 50 kab/kota × 3 years).
 */
export class RegionIndexes1766800000000 implements MigrationInterface {
  name = 'RegionIndexes1766800000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE INDEX IF NOT EXISTS rpt_referral_desa ON "${s}".rpt_referral (desa_code text_pattern_ops)`);
    await q.query(`CREATE INDEX IF NOT EXISTS rpt_case_desa ON "${s}".rpt_case (desa_code text_pattern_ops)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS rpt_message_desa ON "${s}".rpt_message (desa_code text_pattern_ops, outcome_at)`,
    );
    await q.query(
      `CREATE INDEX IF NOT EXISTS rpt_complaint_desa_registered ON "${s}".rpt_complaint (desa_code text_pattern_ops, registered_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const i of ['rpt_complaint_desa_registered', 'rpt_message_desa', 'rpt_case_desa', 'rpt_referral_desa'])
      await q.query(`DROP INDEX IF EXISTS "${s}".${i}`);
  }
}
