import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Login throttling per (account, client address) with an account-wide ceiling instead of the
 * account lock (which let anyone lock anyone out and told which usernames exist), and an index for
 * the per-request session check of access tokens (`sid` = refresh-token family).
 */
export class LoginThrottleAndSessions1764500000000 implements MigrationInterface {
  name = 'LoginThrottleAndSessions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".auth_throttle (
        subject text NOT NULL,
        client text NOT NULL,
        failures integer NOT NULL,
        blocked_until timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (subject, client)
      )`);
    await q.query(`CREATE INDEX auth_throttle_updated_idx ON "${s}".auth_throttle (updated_at)`);
    await q.query(
      `CREATE INDEX refresh_token_active_family_idx ON "${s}".refresh_token (family_id) WHERE revoked_at IS NULL`,
    );
    await q.query(`ALTER TABLE "${s}".app_user DROP COLUMN failed_logins, DROP COLUMN locked_until`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(
      `ALTER TABLE "${s}".app_user ADD COLUMN failed_logins integer NOT NULL DEFAULT 0, ADD COLUMN locked_until timestamptz`,
    );
    await q.query(`DROP INDEX IF EXISTS "${s}".refresh_token_active_family_idx`);
    await q.query(`DROP TABLE IF EXISTS "${s}".auth_throttle`);
  }
}
