import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Issue #19, the Puskesos and the kab/kota:
 * - `local_resolution`: what a Puskesos did when it settled a complaint itself (one row per
 *   resolution; `request_id` unique: a retried request counts once);
 * - `partnership`: agreements with non-government partners (CSR, BAZNAS, hospitals): number,
 *   programmes, period, the signed PDF; referrals to a partner outside them are refused;
 * - `referral.forwarded_to`: the referral an owner passed up a level (status `forwarded`).
 */
export class PuskesosFlows1766700000000 implements MigrationInterface {
  name = 'PuskesosFlows1766700000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".local_resolution (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES "${s}".referral_case (id),
        request_id text NOT NULL UNIQUE,
        desa_code text NOT NULL,
        kind text NOT NULL,
        action_taken text NOT NULL,
        resolved_by text NOT NULL,
        resolved_by_role text NOT NULL,
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX local_resolution_case_idx ON "${s}".local_resolution (case_id)`);
    await q.query(
      `CREATE INDEX local_resolution_desa_idx ON "${s}".local_resolution (desa_code text_pattern_ops, resolved_at)`,
    );
    await q.query(`
      CREATE TABLE "${s}".partnership (
        id uuid PRIMARY KEY,
        owner_code text NOT NULL REFERENCES "${s}".programme_owner (code),
        agreement_number text NOT NULL,
        programme_codes text[] NOT NULL,
        period_start date NOT NULL,
        period_end date NOT NULL,
        document bytea NOT NULL,
        document_name text NOT NULL,
        document_sha256 text NOT NULL,
        note text,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        updated_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT partnership_period CHECK (period_end >= period_start),
        CONSTRAINT partnership_number UNIQUE (owner_code, agreement_number)
      )`);
    await q.query(`ALTER TABLE "${s}".referral ADD COLUMN forwarded_to uuid REFERENCES "${s}".referral (id)`);
    await q.query(
      `CREATE UNIQUE INDEX referral_forwarded_once ON "${s}".referral (forwarded_to) WHERE forwarded_to IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".referral DROP COLUMN forwarded_to`);
    await q.query(`DROP TABLE "${s}".partnership`);
    await q.query(`DROP TABLE "${s}".local_resolution`);
  }
}
