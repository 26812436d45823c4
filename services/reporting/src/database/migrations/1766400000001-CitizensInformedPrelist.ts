import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Messages to citizens by outcome (notification's `message.outcome` events: ids, desa, channel,
 * step, outcome; no address, name or text) and every status a registry proposal reached (the
 * prelist pipeline). Existing proposals get their creation and current status as steps.
 */
export class CitizensInformedPrelist1766400000001 implements MigrationInterface {
  name = 'CitizensInformedPrelist1766400000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".rpt_message (
        message_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        desa_code text NOT NULL,
        channel text NOT NULL,
        step text NOT NULL,
        recipient text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed', 'undeliverable')),
        outcome_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rpt_message_at ON "${s}".rpt_message (outcome_at)`);
    await q.query(`
      CREATE TABLE "${s}".rpt_proposal_step (
        proposal_id uuid NOT NULL,
        status text NOT NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (proposal_id, status)
      )`);
    await q.query(
      `INSERT INTO "${s}".rpt_proposal_step (proposal_id, status, at) SELECT proposal_id, status, changed_at FROM "${s}".rpt_proposal ON CONFLICT DO NOTHING`,
    );
    await q.query(
      `INSERT INTO "${s}".rpt_proposal_step (proposal_id, status, at) SELECT proposal_id, CASE WHEN kind = 'ppks' THEN 'recorded' ELSE 'draft' END, created_at FROM "${s}".rpt_proposal WHERE created_at IS NOT NULL ON CONFLICT DO NOTHING`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_proposal_step`);
    await q.query(`DROP TABLE IF EXISTS "${s}".rpt_message`);
  }
}
