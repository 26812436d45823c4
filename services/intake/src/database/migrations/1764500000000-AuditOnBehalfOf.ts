import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * A service reading a complaint for a person (referral sending a case) is audited as itself
 * (`system:referral`) with that person's user id beside it: the actor of a request is bound to the
 * service that sent it, so the person travels as `onBehalfOf`, never as the actor.
 */
export class AuditOnBehalfOf1764500000000 implements MigrationInterface {
  name = 'AuditOnBehalfOf1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".access_audit ADD COLUMN on_behalf_of text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".access_audit DROP COLUMN IF EXISTS on_behalf_of`);
  }
}
