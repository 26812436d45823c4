import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The lookup audit grows from intake's NIK check to every person lookup: how the person was
 * looked up (`nik-check`, `nik`, `kk`, `name`, `statement`), the actor's role, the No. KK as a
 * SHA-256, the region a name search ran in, whether NIK/KK were revealed and how many persons were
 * returned. Still never a NIK, KK or name in clear.
 */
export class ExtendLookupAudit1764410000000 implements MigrationInterface {
  name = 'ExtendLookupAudit1764410000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      ALTER TABLE "${s}".lookup_audit
        ALTER COLUMN nik_sha256 DROP NOT NULL,
        ADD COLUMN lookup_by text NOT NULL DEFAULT 'nik-check',
        ADD COLUMN actor_role text,
        ADD COLUMN kk_sha256 text,
        ADD COLUMN region_code text,
        ADD COLUMN revealed boolean NOT NULL DEFAULT false,
        ADD COLUMN result_count integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE "${s}".lookup_audit SET result_count = 1 WHERE found`);
    // "Who looked this person up?" is the question the audit exists to answer.
    await q.query(`CREATE INDEX lookup_audit_nik_idx ON "${s}".lookup_audit (nik_sha256) WHERE nik_sha256 IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX IF EXISTS "${s}".lookup_audit_nik_idx`);
    await q.query(`DELETE FROM "${s}".lookup_audit WHERE nik_sha256 IS NULL`);
    await q.query(`
      ALTER TABLE "${s}".lookup_audit
        ALTER COLUMN nik_sha256 SET NOT NULL,
        DROP COLUMN lookup_by, DROP COLUMN actor_role, DROP COLUMN kk_sha256, DROP COLUMN region_code, DROP COLUMN revealed, DROP COLUMN result_count`);
  }
}
