import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/** Why a person's full NIK, KK and phone were shown: stated by the staff member, kept in the access audit. */
export class RevealReason1766900000000 implements MigrationInterface {
  name = 'RevealReason1766900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".access_audit ADD COLUMN reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".access_audit DROP COLUMN reason`);
  }
}
