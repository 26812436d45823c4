import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Roll-up to the province (issue 13). `rpt_rollup_state`: what this kab/kota computed per month
 * (version, hash of the figures, the payload) and which version the hub acknowledged.
 * `rpt_rollup_month`: on a province hub, the newest version received per kab/kota and month.
 * Both hold counts per kecamatan only: no personal data.
 */
export class CreateRollup1766700000000 implements MigrationInterface {
  name = 'CreateRollup1766700000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".rpt_rollup_state (
        month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
        version integer NOT NULL CHECK (version >= 1),
        hash text NOT NULL,
        payload jsonb NOT NULL,
        computed_at timestamptz NOT NULL,
        sent_version integer,
        sent_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE "${s}".rpt_rollup_month (
        kab_kota_code text NOT NULL,
        month text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (kab_kota_code, month)
      )`);
    await q.query(`CREATE INDEX rpt_rollup_month_month ON "${s}".rpt_rollup_month (month)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_rollup_month`);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_rollup_state`);
  }
}
