import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The per-recipient daily limit across instances: `limit_passed_at` is set, under a transaction
 * advisory lock per phone number, when a text message passes the limit check right before its
 * hand-over, so a message in flight on another instance already counts.
 */
export class MessageLimitPassed1764670000000 implements MigrationInterface {
  name = 'MessageLimitPassed1764670000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".message ADD COLUMN limit_passed_at timestamptz`);
    await q.query(
      `CREATE INDEX message_address_passed_idx ON "${s}".message (address, limit_passed_at) WHERE limit_passed_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP INDEX "${s}".message_address_passed_idx`);
    await q.query(`ALTER TABLE "${s}".message DROP COLUMN limit_passed_at`);
  }
}
