import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The reporting read model, built only from events (no personal data: ids, region codes,
 * categories, programmes, owner codes, timestamps, outcomes and reason codes), and the monthly
 * reports kept as first made.
 */
export class CreateReadModel1765000000000 implements MigrationInterface {
  name = 'CreateReadModel1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".rpt_complaint (
        complaint_id uuid PRIMARY KEY,
        desa_code text NOT NULL,
        channel text,
        category text,
        programme_codes text[] NOT NULL DEFAULT '{}',
        registered_at timestamptz,
        auto_triaged boolean,
        triaged_at timestamptz,
        triage_outcome text,
        referred_at timestamptz,
        answered_at timestamptz,
        closed_at timestamptz,
        final_step text,
        final_reason_code text
      )`);
    await q.query(`CREATE INDEX rpt_complaint_registered ON "${s}".rpt_complaint (registered_at)`);
    await q.query(`CREATE INDEX rpt_complaint_desa ON "${s}".rpt_complaint (desa_code text_pattern_ops)`);
    await q.query(`
      CREATE TABLE "${s}".rpt_case (
        case_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        desa_code text NOT NULL,
        state text NOT NULL,
        due_at timestamptz,
        opened_at timestamptz,
        resolved_locally_at timestamptz,
        last_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rpt_case_complaint ON "${s}".rpt_case (complaint_id)`);
    // Escalations of a step (case, state, deadline), apart from the case row: they may be delivered before it.
    await q.query(`
      CREATE TABLE "${s}".rpt_case_escalation (
        case_id uuid NOT NULL,
        state text NOT NULL,
        due_at timestamptz NOT NULL,
        level text NOT NULL CHECK (level IN ('at-risk', 'breached')),
        PRIMARY KEY (case_id, state, due_at)
      )`);
    await q.query(`
      CREATE TABLE "${s}".rpt_referral (
        complaint_id uuid NOT NULL,
        owner_code text NOT NULL,
        case_id uuid NOT NULL,
        desa_code text NOT NULL,
        sent_at timestamptz NOT NULL,
        due_at timestamptz,
        first_answer_at timestamptz,
        outcome text CHECK (outcome IN ('accepted', 'rejected', 'review-requested', 'resolved')),
        outcome_at timestamptz,
        reason_code text,
        closed_at timestamptz,
        PRIMARY KEY (complaint_id, owner_code)
      )`);
    await q.query(`CREATE INDEX rpt_referral_sent ON "${s}".rpt_referral (sent_at)`);
    await q.query(`CREATE INDEX rpt_referral_case ON "${s}".rpt_referral (case_id)`);
    await q.query(`
      CREATE TABLE "${s}".rpt_proposal (
        proposal_id uuid PRIMARY KEY,
        kind text NOT NULL,
        complaint_id uuid,
        desa_code text NOT NULL,
        status text NOT NULL,
        created_at timestamptz,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${s}".rpt_projection (
        durable text PRIMARY KEY,
        last_occurred_at timestamptz NOT NULL,
        last_applied_at timestamptz NOT NULL,
        events bigint NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE "${s}".rpt_monthly_report (
        kab_kota_code text NOT NULL,
        month text NOT NULL,
        format text NOT NULL CHECK (format IN ('xlsx', 'pdf')),
        file_name text NOT NULL,
        content bytea NOT NULL,
        generated_at timestamptz NOT NULL,
        data_up_to timestamptz,
        PRIMARY KEY (kab_kota_code, month, format)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of [
      'rpt_monthly_report',
      'rpt_projection',
      'rpt_proposal',
      'rpt_referral',
      'rpt_case_escalation',
      'rpt_case',
      'rpt_complaint',
    ])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
