import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createMessagingTables, dropMessagingTables } from '@slrt/messaging';
import { migrationSchema } from '@slrt/persistence';

/** The reporting service's outbox and inbox (exactly-once messaging). */
export class CreateMessagingTables1763856000000 implements MigrationInterface {
  name = 'CreateMessagingTables1763856000000';

  async up(q: QueryRunner): Promise<void> {
    await createMessagingTables(q, migrationSchema(q));
  }

  async down(q: QueryRunner): Promise<void> {
    await dropMessagingTables(q, migrationSchema(q));
  }
}
