import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The supervisor check of Fasilitator submissions (issue 15) and the review chain per intake point
 * (issue 19): `field_check` holds an FS submission while the kecamatan SPV checks it (one row per
 * complaint: its state and optimistic version), `field_check_entry` the exchange and decisions
 * (who, when, what: the audit of the check; an FS answer carries the device's `answer_id`, unique
 * per complaint, so a replayed answer is recognised), `field_check_setting` the kab/kota's settings
 * with every saved version in `field_check_setting_change` (before/after, actor, reason).
 */
export class FieldCheck1766200000000 implements MigrationInterface {
  name = 'FieldCheck1766200000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`CREATE TABLE "${s}".field_check (
      complaint_id uuid PRIMARY KEY REFERENCES "${s}".complaint(id),
      desa_code text NOT NULL,
      officer_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('awaiting', 'returned', 'approved', 'merged')),
      version integer NOT NULL DEFAULT 1,
      round integer NOT NULL DEFAULT 1,
      duplicate_of uuid REFERENCES "${s}".complaint(id),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      decided_at timestamptz,
      decided_by text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((state = 'merged') = (duplicate_of IS NOT NULL)))`);
    await q.query(`CREATE INDEX field_check_queue_idx ON "${s}".field_check (state, submitted_at)`);
    await q.query(`CREATE INDEX field_check_officer_idx ON "${s}".field_check (officer_id, state)`);
    await q.query(`CREATE TABLE "${s}".field_check_entry (
      id bigserial PRIMARY KEY,
      complaint_id uuid NOT NULL REFERENCES "${s}".field_check(complaint_id),
      kind text NOT NULL CHECK (kind IN ('submitted', 'question', 'answer', 'approved', 'merged')),
      text text,
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      answer_id text,
      version integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      correlation_id text)`);
    await q.query(`CREATE INDEX field_check_entry_complaint_idx ON "${s}".field_check_entry (complaint_id, id)`);
    await q.query(
      `CREATE UNIQUE INDEX field_check_entry_answer_idx ON "${s}".field_check_entry (complaint_id, answer_id) WHERE answer_id IS NOT NULL`,
    );
    await q.query(`CREATE TABLE "${s}".field_check_setting (
      kab_kota_code text PRIMARY KEY,
      supervisor_check_required boolean NOT NULL,
      review_chains jsonb NOT NULL,
      version integer NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL)`);
    await q.query(`CREATE TABLE "${s}".field_check_setting_change (
      kab_kota_code text NOT NULL,
      version integer NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id text NOT NULL,
      actor_role text NOT NULL,
      reason text,
      before jsonb,
      after jsonb NOT NULL,
      PRIMARY KEY (kab_kota_code, version))`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}".field_check_setting_change`);
    await q.query(`DROP TABLE "${s}".field_check_setting`);
    await q.query(`DROP TABLE "${s}".field_check_entry`);
    await q.query(`DROP TABLE "${s}".field_check`);
  }
}
