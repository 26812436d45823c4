import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Registry snapshots: members of every loaded period (by snapshot), the pointer to the current
 * snapshot (one row: switching it is the atomic swap), import jobs, their rejected rows, column
 * profiles as data, and the lookup audit.
 */
export class CreateSnapshotTables1763900000000 implements MigrationInterface {
  name = 'CreateSnapshotTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".column_profile (
        code text PRIMARY KEY,
        description text NOT NULL,
        -- target column → header name in the file
        columns jsonb NOT NULL
      )`);
    await q.query(
      `INSERT INTO "${s}".column_profile (code, description, columns) VALUES ('dtsen', 'DTSEN (BPS 2025): satu baris per anggota keluarga, desil per keluarga', $1)`,
      [
        JSON.stringify({
          nik: 'nik',
          no_kk: 'no_kk',
          name: 'nama',
          birth_date: 'tanggal_lahir',
          sex: 'jenis_kelamin',
          relationship: 'hubungan_keluarga',
          address: 'alamat',
          desa_code: 'desa_kode',
          desil: 'desil',
          pkh: 'pkh',
          bpnt: 'bpnt',
          pbi: 'pbi',
          kip: 'kip',
        }),
      ],
    );
    await q.query(
      `INSERT INTO "${s}".column_profile (code, description, columns) VALUES ('dtks-bdt', 'DTKS/BDT lama: IDBDT (rumah tangga) dan IDARTBDT (anggota), penanda program', $1)`,
      [
        JSON.stringify({
          household_id: 'IDBDT',
          member_id: 'IDARTBDT',
          nik: 'NIK',
          no_kk: 'NOKK',
          name: 'NAMA',
          birth_date: 'TGL_LAHIR',
          sex: 'JNS_KEL',
          relationship: 'HUB_KRT',
          address: 'ALAMAT',
          desa_code: 'KODE_DESA',
          pkh: 'PKH',
          bpnt: 'BPNT',
          pbi: 'PBI',
          kip: 'KIP',
        }),
      ],
    );
    await q.query(`
      CREATE TABLE "${s}".import_job (
        id uuid PRIMARY KEY,
        file_name text NOT NULL,
        file_sha256 text NOT NULL,
        data_period text NOT NULL,
        profile text NOT NULL REFERENCES "${s}".column_profile (code),
        status text NOT NULL,
        rows_read integer NOT NULL DEFAULT 0,
        rows_accepted integer NOT NULL DEFAULT 0,
        rows_rejected integer NOT NULL DEFAULT 0,
        error text,
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    // Re-importing the same file for the same period changes nothing (failed jobs may be retried).
    await q.query(
      `CREATE UNIQUE INDEX import_job_file_idx ON "${s}".import_job (file_sha256, data_period, profile) WHERE status <> 'failed'`,
    );
    await q.query(`
      CREATE TABLE "${s}".import_error (
        job_id uuid NOT NULL REFERENCES "${s}".import_job (id) ON DELETE CASCADE,
        row_number integer NOT NULL,
        field text NOT NULL,
        message text NOT NULL
      )`);
    await q.query(`CREATE INDEX import_error_job_idx ON "${s}".import_error (job_id, row_number)`);
    await q.query(`
      CREATE TABLE "${s}".member (
        household_id text NOT NULL,
        member_id text,
        nik text NOT NULL,
        no_kk text NOT NULL,
        name text NOT NULL,
        birth_date date,
        sex text,
        relationship text,
        address text,
        desa_code text NOT NULL,
        desil smallint,
        flags text[] NOT NULL DEFAULT '{}'
      )`);
    // The current snapshot is read through this view only. An import loads its own table
    // (snapshot_<job>), indexes it, then replaces the view in one transaction: the period and the
    // job are constants of the view, so a lookup can never mix two periods.
    await q.query(
      `CREATE VIEW "${s}".member_current AS SELECT m.*, NULL::text AS data_period, NULL::uuid AS job_id FROM "${s}".member m`,
    );
    await q.query(`
      CREATE TABLE "${s}".current_snapshot (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        job_id uuid NOT NULL REFERENCES "${s}".import_job (id),
        table_name text NOT NULL,
        data_period text NOT NULL,
        switched_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The field's identifier rules (libs/domain) in SQL, for validating millions of staged rows in
    // one statement: structure, serial, birth/issue date with day + 40 for women (NIK only). A year
    // yy may be 19yy or 20yy, so 29 February is accepted when yy is a multiple of 4.
    await q.query(`
      CREATE FUNCTION "${s}".identity_problem(value text, female_offset boolean) RETURNS text LANGUAGE sql IMMUTABLE AS $fn$
        SELECT CASE
          WHEN value IS NULL OR value !~ '^[0-9]{16}$' THEN 'harus 16 angka'
          WHEN substr(value, 1, 2) = '00' THEN 'kode wilayah tidak valid'
          WHEN substr(value, 13, 4) = '0000' THEN 'nomor urut tidak boleh 0000'
          WHEN NOT (
            substr(value, 9, 2)::int BETWEEN 1 AND 12 AND
            (CASE WHEN female_offset AND substr(value, 7, 2)::int > 40 THEN substr(value, 7, 2)::int - 40 ELSE substr(value, 7, 2)::int END)
              BETWEEN 1 AND (CASE WHEN substr(value, 9, 2)::int IN (4, 6, 9, 11) THEN 30
                                  WHEN substr(value, 9, 2)::int = 2 THEN CASE WHEN substr(value, 11, 2)::int % 4 = 0 THEN 29 ELSE 28 END
                                  ELSE 31 END)
          ) THEN 'tanggal di dalamnya tidak ada di kalender'
          ELSE NULL
        END
      $fn$`);
    await q.query(`
      CREATE TABLE "${s}".lookup_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        purpose text NOT NULL,
        reference text,
        nik_sha256 text NOT NULL,
        found boolean NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP FUNCTION IF EXISTS "${s}".identity_problem(text, boolean)`);
    const tables: Array<{ table_name: string }> = await q.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'snapshot\\_%'`,
      [s],
    );
    await q.query(`DROP VIEW IF EXISTS "${s}".member_current`);
    for (const t of tables) await q.query(`DROP TABLE IF EXISTS "${s}"."${t.table_name}"`);
    for (const t of ['lookup_audit', 'current_snapshot', 'member', 'import_error', 'import_job', 'column_profile'])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
