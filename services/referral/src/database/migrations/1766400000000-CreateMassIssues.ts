import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Mass issues: detection thresholds per kab/kota, the groups staff confirmed (or dismissed), their
 * member cases (a case belongs to at most one group) and which member referrals each owner was told
 * about in a group message.
 */
export class CreateMassIssues1766400000000 implements MigrationInterface {
  name = 'CreateMassIssues1766400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".mass_issue_threshold (
        kab_kota_code text PRIMARY KEY,
        min_complaints integer NOT NULL CHECK (min_complaints BETWEEN 2 AND 1000),
        window_days integer NOT NULL CHECK (window_days BETWEEN 1 AND 180),
        area text NOT NULL CHECK (area IN ('desa', 'kecamatan')),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".mass_issue (
        id uuid PRIMARY KEY,
        key text NOT NULL UNIQUE,
        status text NOT NULL CHECK (status IN ('confirmed', 'dismissed')),
        area_code text NOT NULL,
        area_level text NOT NULL CHECK (area_level IN ('desa', 'kecamatan')),
        programme_code text NOT NULL,
        category text NOT NULL,
        title text NOT NULL,
        note text,
        decided_by text NOT NULL,
        decided_role text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX mass_issue_area_idx ON "${s}".mass_issue (area_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE "${s}".mass_issue_member (
        case_id uuid PRIMARY KEY REFERENCES "${s}".referral_case (id),
        mass_issue_id uuid NOT NULL REFERENCES "${s}".mass_issue (id),
        added_by text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mass_issue_member_group_idx ON "${s}".mass_issue_member (mass_issue_id)`);
    await q.query(`
      CREATE TABLE "${s}".mass_issue_referral (
        referral_id uuid PRIMARY KEY REFERENCES "${s}".referral (id),
        mass_issue_id uuid NOT NULL REFERENCES "${s}".mass_issue (id),
        owner_code text NOT NULL,
        announced_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX mass_issue_referral_owner_idx ON "${s}".mass_issue_referral (owner_code, mass_issue_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['mass_issue_referral', 'mass_issue_member', 'mass_issue', 'mass_issue_threshold'])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
