import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/** Letters issued to Dukcapil: numbered once, reprinted identically. */
export class CreateLetterTable1763900000002 implements MigrationInterface {
  name = 'CreateLetterTable1763900000002';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".civil_registration_letter (
        complaint_id uuid PRIMARY KEY REFERENCES "${s}".complaint (id),
        number text NOT NULL UNIQUE,
        issued_by text NOT NULL,
        issued_at timestamptz NOT NULL DEFAULT date_trunc('second', now())
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${migrationSchema(q)}".civil_registration_letter`);
  }
}
