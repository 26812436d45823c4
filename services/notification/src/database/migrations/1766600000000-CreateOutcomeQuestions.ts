import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Outcome verification (issue 19): the question asked of a household (by SMS/WhatsApp, or an FS
 * visit), one per verification, with the phone that may answer it (personal data: this schema only).
 * The question's message is a `message` row with a negative `sequence` (minus the complaint's
 * verification ordinal), so the (complaint, sequence, recipient, channel) key holds it once too.
 */
export class CreateOutcomeQuestions1766600000000 implements MigrationInterface {
  name = 'CreateOutcomeQuestions1766600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".outcome_question (
        verification_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        message_id uuid REFERENCES "${s}".message (id),
        channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'fs-visit', 'none')),
        address text,
        desa_code text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
        answer text CHECK (answer IN ('ya', 'tidak')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX outcome_question_open_idx ON "${s}".outcome_question (address, created_at) WHERE status = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "${migrationSchema(q)}".outcome_question`);
  }
}
