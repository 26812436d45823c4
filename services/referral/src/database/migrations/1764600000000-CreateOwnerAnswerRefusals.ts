import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Owners' answers the platform refused (malformed, invalid, another owner's or an unknown
 * referral, a move the case cannot make), one row per answer, with the code and the reason the
 * owner was told on its feedback subject; shown to kab/kota staff on the case. Holds no body of
 * the answer (it may carry personal data), only field paths and messages.
 *
 * Also: every seeded programme owner receives the complaint's description (what is wrong) in its
 * referrals; the directory's `personal_fields` decides it per owner from now on.
 */
export class CreateOwnerAnswerRefusals1764600000000 implements MigrationInterface {
  name = 'CreateOwnerAnswerRefusals1764600000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".owner_answer_refusal (
        id bigserial PRIMARY KEY,
        owner_code text NOT NULL,
        message_id uuid NOT NULL,
        answer_id text,
        answer_subject text NOT NULL,
        referral_id uuid,
        case_id uuid,
        code text NOT NULL,
        reason_id text NOT NULL,
        reason_en text NOT NULL,
        field_errors jsonb NOT NULL DEFAULT '[]'::jsonb,
        case_state text,
        received_at timestamptz NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (owner_code, message_id)
      )`);
    await q.query(
      `CREATE INDEX owner_answer_refusal_case_idx ON "${s}".owner_answer_refusal (case_id, id) WHERE case_id IS NOT NULL`,
    );
    await q.query(
      `UPDATE "${s}".programme_owner SET personal_fields = personal_fields || '{description}'::text[] WHERE NOT ('description' = ANY (personal_fields))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`UPDATE "${s}".programme_owner SET personal_fields = array_remove(personal_fields, 'description')`);
    await q.query(`DROP TABLE "${s}".owner_answer_refusal`);
  }
}
