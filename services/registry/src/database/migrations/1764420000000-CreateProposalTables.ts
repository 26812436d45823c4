import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The 26 PPKS/PMKS categories of Permensos 08/2012 as revised by Permensos 3/2021 (*verify* the
 * wording against the regulation before production; ADMIN can edit them as a new version).
 */
export const PPKS_CATEGORIES_2021: ReadonlyArray<readonly [code: string, name: string]> = [
  ['01', 'Anak Balita Terlantar'],
  ['02', 'Anak Terlantar'],
  ['03', 'Anak yang Berhadapan dengan Hukum'],
  ['04', 'Anak Jalanan'],
  ['05', 'Anak dengan Kedisabilitasan'],
  ['06', 'Anak yang Menjadi Korban Tindak Kekerasan atau Diperlakukan Salah'],
  ['07', 'Anak yang Memerlukan Perlindungan Khusus'],
  ['08', 'Lanjut Usia Terlantar'],
  ['09', 'Penyandang Disabilitas'],
  ['10', 'Tuna Susila'],
  ['11', 'Gelandangan'],
  ['12', 'Pengemis'],
  ['13', 'Pemulung'],
  ['14', 'Kelompok Minoritas'],
  ['15', 'Bekas Warga Binaan Lembaga Pemasyarakatan'],
  ['16', 'Orang dengan HIV/AIDS'],
  ['17', 'Korban Penyalahgunaan NAPZA'],
  ['18', 'Korban Trafficking'],
  ['19', 'Korban Tindak Kekerasan'],
  ['20', 'Pekerja Migran Bermasalah Sosial'],
  ['21', 'Korban Bencana Alam'],
  ['22', 'Korban Bencana Sosial'],
  ['23', 'Perempuan Rawan Sosial Ekonomi'],
  ['24', 'Fakir Miskin'],
  ['25', 'Keluarga Bermasalah Sosial Psikologis'],
  ['26', 'Komunitas Adat Terpencil'],
];

/**
 * Registry proposals to SIKS-NG: prelist entries (*daftar awal*) with their members, data-change
 * proposals (*perubahan data*), PPKS records and the versioned PPKS categories, the history of
 * every status transition and the audit of reads of a proposal's personal data. Every proposal
 * table has `batch_id` (the SIKS-NG export batch it went out in) and `version` (optimistic
 * concurrency); status and code values are WIRE-STABLE (libs/contracts proposal-status.v1.ts and
 * proposals.v1.ts).
 */
export class CreateProposalTables1764420000000 implements MigrationInterface {
  name = 'CreateProposalTables1764420000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".ppks_category (
        code text NOT NULL,
        version integer NOT NULL,
        name text NOT NULL,
        valid_from date NOT NULL,
        active boolean NOT NULL DEFAULT true,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (code, version)
      )`);
    // One active version per code: a new version of a category retires the previous one.
    await q.query(`CREATE UNIQUE INDEX ppks_category_active_idx ON "${s}".ppks_category (code) WHERE active`);
    for (const [code, name] of PPKS_CATEGORIES_2021) {
      await q.query(
        `INSERT INTO "${s}".ppks_category (code, version, name, valid_from, active, updated_by) VALUES ($1, 1, $2, DATE '2021-01-01', true, 'system:registry')`,
        [code, name],
      );
    }

    await q.query(`
      CREATE TABLE "${s}".prelist_entry (
        id uuid PRIMARY KEY,
        complaint_id uuid,
        source text NOT NULL,
        idempotency_key text,
        desa_code text NOT NULL,
        rt text,
        rw text,
        address text,
        contact_phone text,
        status text NOT NULL,
        -- household profile (DTSEN/Regsosek core fields; codes in libs/contracts proposals.v1.ts)
        house_ownership text,
        floor_area_m2 numeric(7, 2),
        floor_material text,
        wall_material text,
        roof_material text,
        drinking_water text,
        lighting_source text,
        electricity_power text,
        toilet_facility text,
        assets text[] NOT NULL DEFAULT '{}',
        member_count smallint,
        disabled_member_count smallint,
        proposal_reason text,
        proposal_reason_note text,
        -- musdes/muskel deliberation
        musdes_date date,
        musdes_minutes_number text,
        musdes_attendance integer,
        musdes_decision text,
        musdes_note text,
        musdes_attachment_ref text,
        -- field verification
        verified_by text,
        verified_at date,
        status_reason text,
        batch_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX prelist_entry_complaint_idx ON "${s}".prelist_entry (complaint_id) WHERE complaint_id IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX prelist_entry_idempotency_idx ON "${s}".prelist_entry (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX prelist_entry_status_idx ON "${s}".prelist_entry (status, desa_code)`);
    await q.query(
      `CREATE INDEX prelist_entry_desa_idx ON "${s}".prelist_entry (desa_code text_pattern_ops, created_at)`,
    );
    await q.query(`CREATE INDEX prelist_entry_batch_idx ON "${s}".prelist_entry (batch_id) WHERE batch_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE "${s}".prelist_member (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES "${s}".prelist_entry (id) ON DELETE CASCADE,
        position smallint NOT NULL,
        nik text,
        no_kk text,
        name text NOT NULL,
        birth_date date,
        sex text,
        relationship text NOT NULL,
        disability text NOT NULL DEFAULT 'tidak-ada',
        verification_outcome text,
        verification_note text,
        dukcapil_status text,
        dukcapil_checked_at timestamptz,
        UNIQUE (entry_id, position)
      )`);
    await q.query(`CREATE INDEX prelist_member_nik_idx ON "${s}".prelist_member (nik) WHERE nik IS NOT NULL`);

    await q.query(`
      CREATE TABLE "${s}".data_change (
        id uuid PRIMARY KEY,
        complaint_id uuid,
        idempotency_key text,
        desa_code text NOT NULL,
        nik text NOT NULL,
        household_id text NOT NULL,
        -- the person's name in the snapshot when proposed (lists show it without reading the snapshot)
        person_name text NOT NULL,
        data_period text,
        -- [{ field, current, proposed }]: current as read from the snapshot when proposed
        changes jsonb NOT NULL,
        reason text NOT NULL,
        status text NOT NULL,
        decided_by text,
        decided_at timestamptz,
        decision_note text,
        status_reason text,
        batch_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX data_change_idempotency_idx ON "${s}".data_change (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX data_change_status_idx ON "${s}".data_change (status, desa_code)`);
    await q.query(`CREATE INDEX data_change_desa_idx ON "${s}".data_change (desa_code text_pattern_ops, created_at)`);
    await q.query(`CREATE INDEX data_change_batch_idx ON "${s}".data_change (batch_id) WHERE batch_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE "${s}".ppks_record (
        id uuid PRIMARY KEY,
        complaint_id uuid,
        idempotency_key text,
        desa_code text NOT NULL,
        nik text,
        no_kk text,
        name text NOT NULL,
        birth_date date,
        sex text,
        address text,
        category_code text NOT NULL,
        category_version integer NOT NULL,
        condition_note text NOT NULL,
        status text NOT NULL,
        status_reason text,
        batch_id uuid,
        version integer NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        FOREIGN KEY (category_code, category_version) REFERENCES "${s}".ppks_category (code, version)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ppks_record_idempotency_idx ON "${s}".ppks_record (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ppks_record_status_idx ON "${s}".ppks_record (status, desa_code)`);
    await q.query(`CREATE INDEX ppks_record_desa_idx ON "${s}".ppks_record (desa_code text_pattern_ops, created_at)`);
    await q.query(`CREATE INDEX ppks_record_batch_idx ON "${s}".ppks_record (batch_id) WHERE batch_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE "${s}".proposal_history (
        id bigserial PRIMARY KEY,
        proposal_id uuid NOT NULL,
        kind text NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        reason text,
        batch_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX proposal_history_proposal_idx ON "${s}".proposal_history (proposal_id, id)`);

    await q.query(`
      CREATE TABLE "${s}".proposal_read_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        kind text NOT NULL,
        proposal_id uuid NOT NULL,
        revealed boolean NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of [
      'proposal_read_audit',
      'proposal_history',
      'ppks_record',
      'data_change',
      'prelist_member',
      'prelist_entry',
      'ppks_category',
    ])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
