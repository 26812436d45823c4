import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The musdes/muskel as a meeting: one row per desa/kelurahan and date (agenda, place, chair,
 * attendance without NIK), its decisions per prelist household (each proposal decided at most
 * once, whatever the meeting), the generated Berita Acara (kept per meeting version, so a
 * re-download is byte-identical) and the signed scan that makes the meeting final. Prelist entries
 * remember the meeting that decided them.
 */
export class CreateMusdesMeetingTables1766500000000 implements MigrationInterface {
  name = 'CreateMusdesMeetingTables1766500000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".musdes_meeting (
        id uuid PRIMARY KEY,
        desa_code text NOT NULL,
        meeting_date date NOT NULL,
        number text NOT NULL UNIQUE,
        code text NOT NULL UNIQUE,
        agenda text NOT NULL,
        place text NOT NULL,
        chair_name text NOT NULL,
        chair_role text NOT NULL,
        officials jsonb NOT NULL DEFAULT '[]',
        citizen_count int NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'final')),
        version int NOT NULL DEFAULT 1,
        minutes_pdf bytea,
        minutes_version int,
        minutes_generated_at timestamptz,
        signed_file bytea,
        signed_content_type text,
        signed_file_name text,
        signed_sha256 text,
        signed_size int,
        finalised_by text,
        finalised_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (desa_code, meeting_date)
      )`);
    await q.query(
      `CREATE INDEX musdes_meeting_desa_idx ON "${s}".musdes_meeting (desa_code text_pattern_ops, meeting_date DESC)`,
    );
    await q.query(`
      CREATE TABLE "${s}".musdes_decision (
        meeting_id uuid NOT NULL REFERENCES "${s}".musdes_meeting (id),
        entry_id uuid NOT NULL REFERENCES "${s}".prelist_entry (id),
        decision text NOT NULL CHECK (decision IN ('agreed', 'not-agreed', 'postponed')),
        reason text,
        position int NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (meeting_id, entry_id)
      )`);
    // A household's proposal is agreed or not agreed once, in one meeting; postponed ones come back.
    await q.query(
      `CREATE UNIQUE INDEX musdes_decision_once_idx ON "${s}".musdes_decision (entry_id) WHERE decision <> 'postponed'`,
    );
    await q.query(`
      CREATE TABLE "${s}".musdes_upload_chunk (
        upload_id uuid NOT NULL,
        meeting_id uuid NOT NULL REFERENCES "${s}".musdes_meeting (id),
        chunk_index int NOT NULL,
        chunk_count int NOT NULL,
        total_size int NOT NULL,
        file_name text NOT NULL,
        bytes bytea NOT NULL,
        uploaded_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (upload_id, chunk_index)
      )`);
    await q.query(
      `ALTER TABLE "${s}".prelist_entry ADD COLUMN musdes_meeting_id uuid REFERENCES "${s}".musdes_meeting (id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`ALTER TABLE "${s}".prelist_entry DROP COLUMN IF EXISTS musdes_meeting_id`);
    for (const t of ['musdes_upload_chunk', 'musdes_decision', 'musdes_meeting'])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
