import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * What the registry told referral about the proposals made for complaints
 * (`slrt.evt.registry.proposal.status-changed.v1` with a complaint id): every step, and the case it
 * was applied to. A complaint without a case yet (a prelist proposal: its subject was not in
 * DTKS/DTSEN, so intake sent it to the registry instead of review) keeps its steps here with
 * `case_id` null; a case opened later for the complaint picks them up in order.
 */
export class CreateRegistryOutcomes1764430000000 implements MigrationInterface {
  name = 'CreateRegistryOutcomes1764430000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".registry_outcome (
        event_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        proposal_id uuid NOT NULL,
        kind text NOT NULL,
        from_status text,
        to_status text NOT NULL,
        action text NOT NULL,
        reason text,
        batch_id uuid,
        changed_at timestamptz NOT NULL,
        case_id uuid REFERENCES "${s}".referral_case (id),
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX registry_outcome_complaint_idx ON "${s}".registry_outcome (complaint_id, changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".registry_outcome`);
  }
}
