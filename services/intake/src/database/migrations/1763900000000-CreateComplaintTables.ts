import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Complaints, the persons reported with them, idempotency records,
 * corrections and the personal-data access log.
 */
export class CreateComplaintTables1763900000000 implements MigrationInterface {
  name = 'CreateComplaintTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".complaint (
        id uuid PRIMARY KEY,
        receipt_number text NOT NULL UNIQUE,
        tracking_code text NOT NULL,
        kab_kota_code text NOT NULL,
        channel text NOT NULL,
        place text,
        officer_id text NOT NULL,
        officer_role text NOT NULL,
        recorded_at timestamptz NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        category text NOT NULL,
        contact_type text NOT NULL,
        programme_codes text[] NOT NULL,
        sector text NOT NULL,
        description text NOT NULL,
        documents_received text[] NOT NULL DEFAULT '{}',
        relationship text NOT NULL,
        anonymous boolean NOT NULL,
        confidential boolean NOT NULL,
        desa_code text NOT NULL,
        subject_nik_hash text,
        status text NOT NULL,
        registry_check text NOT NULL,
        next_step text,
        registry_desil smallint,
        registry_programmes text[] NOT NULL DEFAULT '{}',
        registry_data_period text,
        registry_checked_at timestamptz,
        registry_check_attempts integer NOT NULL DEFAULT 0,
        registry_check_due_at timestamptz,
        possible_duplicate_of uuid REFERENCES "${s}".complaint (id),
        client_id text UNIQUE,
        content_hash text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        withdrawn_at timestamptz,
        withdraw_reason text
      )`);
    await q.query(
      `CREATE INDEX complaint_desa_registered_idx ON "${s}".complaint (desa_code text_pattern_ops, registered_at DESC)`,
    );
    await q.query(`CREATE INDEX complaint_registered_idx ON "${s}".complaint (registered_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX complaint_subject_idx ON "${s}".complaint (subject_nik_hash) WHERE subject_nik_hash IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX complaint_pending_check_idx ON "${s}".complaint (registry_check_due_at) WHERE registry_check = 'pending'`,
    );
    await q.query(`
      CREATE TABLE "${s}".complaint_person (
        complaint_id uuid NOT NULL REFERENCES "${s}".complaint (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('subject', 'complainant')),
        nik text,
        no_kk text,
        name text NOT NULL,
        birth_date date,
        birth_place text,
        sex text,
        street text,
        rt text,
        rw text,
        desa_code text NOT NULL,
        phone text,
        consent boolean NOT NULL,
        PRIMARY KEY (complaint_id, role)
      )`);
    // Receipt numbers come from one sequence per kab/kota and month (receipt_seq_<kabkota>_<YYMM>),
    // created by the service on the month's first registration.
    await q.query(`
      CREATE TABLE "${s}".idempotency_key (
        actor_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        complaint_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
    await q.query(`
      CREATE TABLE "${s}".complaint_correction (
        id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES "${s}".complaint (id),
        version integer NOT NULL,
        actor_id text NOT NULL,
        reason text NOT NULL,
        source text NOT NULL,
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        changed_fields text[] NOT NULL,
        corrected_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".access_audit (
        id bigserial PRIMARY KEY,
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        action text NOT NULL,
        complaint_id uuid,
        revealed boolean NOT NULL DEFAULT false,
        correlation_id text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX access_audit_complaint_idx ON "${s}".access_audit (complaint_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['access_audit', 'complaint_correction', 'idempotency_key', 'complaint_person', 'complaint']) {
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
    }
    const sequences: Array<{ name: string }> = await q.query(
      `SELECT sequencename AS name FROM pg_sequences WHERE schemaname = $1 AND (sequencename LIKE 'receipt_seq_%' OR sequencename LIKE 'letter_seq_%')`,
      [s],
    );
    for (const { name } of sequences) await q.query(`DROP SEQUENCE "${s}"."${name}"`);
  }
}
