import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Every read of referral data by a programme owner (a PO user or an owner API key over HTTP) is
 * recorded like other personal-data reads: who (actor id and kind, owner), what (the action and
 * the referral ids returned), when and why. Holds no personal data itself.
 */
export class CreateOwnerReadAudit1764440000000 implements MigrationInterface {
  name = 'CreateOwnerReadAudit1764440000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".owner_read_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_kind text NOT NULL,
        owner_code text NOT NULL,
        action text NOT NULL,
        purpose text NOT NULL,
        referral_ids uuid[] NOT NULL,
        result_count integer NOT NULL,
        correlation_id text
      )`);
    await q.query(`CREATE INDEX owner_read_audit_owner_idx ON "${s}".owner_read_audit (owner_code, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE "${s}".owner_read_audit`);
  }
}
