import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The seeds' intake flows (issue 19): priority groups per person (and their union per complaint,
 * for filters and counts), the household's programme participation and needs (`household` as
 * recorded, with the received and needed codes of household and members kept as arrays for
 * counts), the arrival time at the counter with the minutes to the receipt, and the direct
 * answers to questions and suggestions.
 */
export class SeedFlowsIntake1765400000000 implements MigrationInterface {
  name = 'SeedFlowsIntake1765400000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".complaint_person ADD COLUMN vulnerable_groups text[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "${s}".complaint
      ADD COLUMN priority_groups text[] NOT NULL DEFAULT '{}',
      ADD COLUMN household jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN programmes_received text[] NOT NULL DEFAULT '{}',
      ADD COLUMN programmes_needed text[] NOT NULL DEFAULT '{}',
      ADD COLUMN arrived_at timestamptz,
      ADD COLUMN service_minutes integer`);
    await q.query(`CREATE TABLE "${s}".contact_answer (
      complaint_id uuid PRIMARY KEY REFERENCES "${s}".complaint(id),
      answer text NOT NULL,
      channel text NOT NULL,
      answered_by text NOT NULL,
      answered_by_role text NOT NULL,
      answered_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE INDEX complaint_contact_type_idx ON "${s}".complaint (contact_type, registered_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}".complaint_contact_type_idx`);
    await q.query(`DROP TABLE "${s}".contact_answer`);
    await q.query(
      `ALTER TABLE "${s}".complaint DROP COLUMN priority_groups, DROP COLUMN household, DROP COLUMN programmes_received, DROP COLUMN programmes_needed, DROP COLUMN arrived_at, DROP COLUMN service_minutes`,
    );
    await q.query(`ALTER TABLE "${s}".complaint_person DROP COLUMN vulnerable_groups`);
  }
}
