import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Outcome verification (issue 19 ★): one row per referral an owner resolved, written in the
 * transaction of the owner's answer; the household is asked after the configured delay and its
 * answer (or the lack of one) settles it. `referral_id` unique: exactly one per resolved referral.
 */
export class CreateOutcomeVerification1766600000000 implements MigrationInterface {
  name = 'CreateOutcomeVerification1766600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".outcome_verification (
        id uuid PRIMARY KEY,
        referral_id uuid NOT NULL UNIQUE REFERENCES "${s}".referral (id),
        case_id uuid NOT NULL REFERENCES "${s}".referral_case (id),
        complaint_id uuid NOT NULL,
        receipt_number text NOT NULL,
        desa_code text NOT NULL,
        owner_code text NOT NULL,
        owner_answer text,
        resolved_at timestamptz NOT NULL,
        ordinal integer NOT NULL,
        ask_at timestamptz NOT NULL,
        asked_at timestamptz,
        expires_at timestamptz,
        status text NOT NULL CHECK (status IN ('scheduled', 'asked', 'verified', 'disputed', 'unverified', 'cancelled')),
        answer text CHECK (answer IN ('ya', 'tidak')),
        answered_via text CHECK (answered_via IN ('sms', 'whatsapp', 'fs-visit', 'counter')),
        answer_note text,
        answered_by text,
        answered_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (complaint_id, ordinal)
      )`);
    await q.query(
      `CREATE INDEX outcome_verification_due_idx ON "${s}".outcome_verification (ask_at) WHERE status = 'scheduled'`,
    );
    await q.query(
      `CREATE INDEX outcome_verification_expiry_idx ON "${s}".outcome_verification (expires_at) WHERE status = 'asked'`,
    );
    await q.query(`CREATE INDEX outcome_verification_desa_idx ON "${s}".outcome_verification (desa_code, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${migrationSchema(q)}".outcome_verification`);
  }
}
