import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The public timeline of each complaint (`complaint_status`): one row per step the citizen sees
 * (received, registry-checked, in-review, referred, answered, awaiting-verivali, resolved, rejected,
 * withdrawn, closed), numbered per complaint; `source` (the causing fact: intake's own, or the
 * envelope id of a referral/registry event) is unique per complaint, so a redelivered event never
 * adds a step twice. `complaint.current_step` is the latest step (kept in the same transaction):
 * duplicate detection counts only complaints whose current step is not final. Existing complaints
 * get their steps from what their row records (no events are published for them).
 */
export class CreateComplaintStatusHistory1764640000000 implements MigrationInterface {
  name = 'CreateComplaintStatusHistory1764640000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".complaint_status (
        complaint_id uuid NOT NULL REFERENCES "${s}".complaint (id),
        sequence integer NOT NULL,
        step text NOT NULL,
        owner_code text,
        reason_code text,
        reason_text text,
        detail text,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        source text NOT NULL,
        PRIMARY KEY (complaint_id, sequence),
        UNIQUE (complaint_id, source)
      )`);
    await q.query(
      `ALTER TABLE "${s}".complaint ADD COLUMN current_step text NOT NULL DEFAULT 'received', ADD COLUMN current_step_at timestamptz`,
    );
    // Backfill: received, then registry-checked when the check completed, then withdrawn.
    await q.query(
      `INSERT INTO "${s}".complaint_status (complaint_id, sequence, step, occurred_at, source) SELECT id, 1, 'received', registered_at, 'intake:registered' FROM "${s}".complaint`,
    );
    await q.query(`
      INSERT INTO "${s}".complaint_status (complaint_id, sequence, step, occurred_at, source)
      SELECT id, 2, 'registry-checked', registry_checked_at, 'intake:registry-checked' FROM "${s}".complaint WHERE registry_check <> 'pending' AND registry_checked_at IS NOT NULL`);
    await q.query(`
      INSERT INTO "${s}".complaint_status (complaint_id, sequence, step, reason_code, reason_text, occurred_at, source)
      SELECT c.id, (SELECT max(sequence) + 1 FROM "${s}".complaint_status x WHERE x.complaint_id = c.id), 'withdrawn', 'WITHDRAWN_BY_CITIZEN',
        'Dicabut atas permintaan pelapor.', coalesce(c.withdrawn_at, c.updated_at), 'intake:withdrawn'
      FROM "${s}".complaint c WHERE c.status = 'withdrawn'`);
    await q.query(`
      UPDATE "${s}".complaint c SET current_step = l.step, current_step_at = l.occurred_at
      FROM (SELECT DISTINCT ON (complaint_id) complaint_id, step, occurred_at FROM "${s}".complaint_status ORDER BY complaint_id, sequence DESC) l
      WHERE l.complaint_id = c.id`);
    await q.query(
      `CREATE INDEX complaint_open_subject_idx ON "${s}".complaint (subject_nik_hmac) WHERE current_step NOT IN ('resolved', 'rejected', 'withdrawn', 'closed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX IF EXISTS "${s}".complaint_open_subject_idx`);
    await q.query(
      `ALTER TABLE "${s}".complaint DROP COLUMN IF EXISTS current_step, DROP COLUMN IF EXISTS current_step_at`,
    );
    await q.query(`DROP TABLE IF EXISTS "${s}".complaint_status`);
  }
}
