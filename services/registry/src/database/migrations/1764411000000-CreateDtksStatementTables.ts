import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Registered-in-DTKS statements (*Keterangan Terdaftar DTKS*): every issued statement with its
 * number (sequential per kab/kota and year, from `dtks_statement_counter`), its unguessable
 * verification code (the QR code), the snapshot it states, who issued it, the NIK as a SHA-256,
 * and the PDF itself, so that downloading it again gives the same bytes.
 */
export class CreateDtksStatementTables1764411000000 implements MigrationInterface {
  name = 'CreateDtksStatementTables1764411000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".dtks_statement_counter (
        kab_kota_code text NOT NULL,
        year integer NOT NULL,
        last_serial integer NOT NULL,
        PRIMARY KEY (kab_kota_code, year)
      )`);
    await q.query(`
      CREATE TABLE "${s}".dtks_statement (
        id uuid PRIMARY KEY,
        code text NOT NULL UNIQUE,
        number text NOT NULL UNIQUE,
        kab_kota_code text NOT NULL,
        household_id text NOT NULL,
        desa_code text NOT NULL,
        data_period text NOT NULL,
        job_id uuid NOT NULL,
        nik_sha256 text NOT NULL,
        issued_at timestamptz NOT NULL,
        issued_by text NOT NULL,
        pdf bytea NOT NULL,
        -- One statement per person and snapshot: asking again returns it.
        UNIQUE (nik_sha256, job_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".dtks_statement`);
    await q.query(`DROP TABLE IF EXISTS "${s}".dtks_statement_counter`);
  }
}
