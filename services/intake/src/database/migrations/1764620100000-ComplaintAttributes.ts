import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * What a complaint says beyond its programmes that decides who can act on it (routing), e.g. the
 * pupil's school type for PIP: `{ "schoolType": "MTS" }` (`ComplaintAttributesV1`). No personal data.
 */
export class ComplaintAttributes1764620100000 implements MigrationInterface {
  name = 'ComplaintAttributes1764620100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".complaint ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".complaint DROP COLUMN attributes`);
  }
}
