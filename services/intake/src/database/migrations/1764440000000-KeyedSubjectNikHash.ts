import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * `complaint.subject_nik_hash` (an unkeyed SHA-256, reversible by enumerating NIKs) becomes
 * `subject_nik_hmac`: `identifierHash` of `@slrt/domain` under the deployment's
 * `SLRT_IDENTIFIER_HASH_KEY`. The old values cannot be converted here (a migration does not hold
 * the key) and must not stay: they are set to NULL and the service fills them again from
 * `complaint_person.nik` when it starts (ComplaintsService.backfillSubjectNikHmac).
 */
export class KeyedSubjectNikHash1764440000000 implements MigrationInterface {
  name = 'KeyedSubjectNikHash1764440000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".complaint RENAME COLUMN subject_nik_hash TO subject_nik_hmac`);
    await q.query(`UPDATE "${s}".complaint SET subject_nik_hmac = NULL WHERE subject_nik_hmac IS NOT NULL`);
    await q.query(`ALTER INDEX "${s}".complaint_subject_idx RENAME TO complaint_subject_hmac_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`UPDATE "${s}".complaint SET subject_nik_hmac = NULL`);
    await q.query(`ALTER INDEX "${s}".complaint_subject_hmac_idx RENAME TO complaint_subject_idx`);
    await q.query(`ALTER TABLE "${s}".complaint RENAME COLUMN subject_nik_hmac TO subject_nik_hash`);
  }
}
