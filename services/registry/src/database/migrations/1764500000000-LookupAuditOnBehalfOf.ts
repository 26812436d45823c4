import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Intake's triage check is audited as `system:intake` (the actor of a request is bound to the
 * service that sent it), with the operator whose registration asked for it beside it.
 */
export class LookupAuditOnBehalfOf1764500000000 implements MigrationInterface {
  name = 'LookupAuditOnBehalfOf1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".lookup_audit ADD COLUMN on_behalf_of text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${migrationSchema(q)}".lookup_audit DROP COLUMN IF EXISTS on_behalf_of`);
  }
}
