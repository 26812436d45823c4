import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * National level of the roll-up (issue 13): a province hub forwards each kab/kota's newest message
 * unchanged to the national hub. `rpt_rollup_month` keeps the envelope as received (to forward it
 * as it came: same event id, producer and payload) and which version the national hub acknowledged
 * (`forwarded_version`, `forwarded_at`). Rows kept before this migration have no envelope: they are
 * forwarded in a fresh envelope naming their kab/kota as the producer.
 */
export class RollupForward1766900000000 implements MigrationInterface {
  name = 'RollupForward1766900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      ALTER TABLE "${s}".rpt_rollup_month
        ADD COLUMN envelope jsonb,
        ADD COLUMN forwarded_version integer,
        ADD COLUMN forwarded_at timestamptz`);
    // The forwarder's work list: rows whose newest version the national hub has not acknowledged.
    await q.query(
      `CREATE INDEX rpt_rollup_month_unforwarded ON "${s}".rpt_rollup_month (month, kab_kota_code) WHERE forwarded_version IS NULL OR forwarded_version < version`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX IF EXISTS "${s}".rpt_rollup_month_unforwarded`);
    await q.query(
      `ALTER TABLE "${s}".rpt_rollup_month DROP COLUMN IF EXISTS forwarded_at, DROP COLUMN IF EXISTS forwarded_version, DROP COLUMN IF EXISTS envelope`,
    );
  }
}
