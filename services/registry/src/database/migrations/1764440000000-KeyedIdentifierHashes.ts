import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Identifier hashes become keyed: `identifierHash` of `@slrt/domain` (HMAC-SHA256 under the
 * deployment's `SLRT_IDENTIFIER_HASH_KEY`) instead of a plain SHA-256, which gives a NIK back by
 * enumeration in seconds. The columns are renamed to say what they hold. The existing unkeyed
 * values cannot be converted (that would need the NIKs they hide) and must not stay, so they are
 * set to NULL: older lookup-audit rows keep who/when/why but can no longer be filtered by NIK, and
 * a statement issued before this migration is not found again by NIK (asking again for the same
 * person and snapshot issues a new number; the old one stays verifiable by its code).
 */
export class KeyedIdentifierHashes1764440000000 implements MigrationInterface {
  name = 'KeyedIdentifierHashes1764440000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".lookup_audit RENAME COLUMN nik_sha256 TO nik_hmac`);
    await q.query(`ALTER TABLE "${s}".lookup_audit RENAME COLUMN kk_sha256 TO kk_hmac`);
    await q.query(
      `UPDATE "${s}".lookup_audit SET nik_hmac = NULL, kk_hmac = NULL WHERE nik_hmac IS NOT NULL OR kk_hmac IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "${s}".dtks_statement RENAME COLUMN nik_sha256 TO nik_hmac`);
    await q.query(`ALTER TABLE "${s}".dtks_statement ALTER COLUMN nik_hmac DROP NOT NULL`);
    await q.query(`UPDATE "${s}".dtks_statement SET nik_hmac = NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    // Keyed values are not plain SHA-256 either: drop them rather than mislabel them.
    await q.query(`UPDATE "${s}".lookup_audit SET nik_hmac = NULL, kk_hmac = NULL`);
    await q.query(`ALTER TABLE "${s}".lookup_audit RENAME COLUMN nik_hmac TO nik_sha256`);
    await q.query(`ALTER TABLE "${s}".lookup_audit RENAME COLUMN kk_hmac TO kk_sha256`);
    // Statements stay (they are verifiable documents); the column stays nullable.
    await q.query(`UPDATE "${s}".dtks_statement SET nik_hmac = NULL`);
    await q.query(`ALTER TABLE "${s}".dtks_statement RENAME COLUMN nik_hmac TO nik_sha256`);
  }
}
