import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/** Attachments of complaints (files on disk, metadata here) and uploads in progress. */
export class CreateAttachmentTables1763900000001 implements MigrationInterface {
  name = 'CreateAttachmentTables1763900000001';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".complaint_attachment (
        id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES "${s}".complaint (id),
        file_name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        storage_path text NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX complaint_attachment_complaint_idx ON "${s}".complaint_attachment (complaint_id, uploaded_at)`,
    );
    await q.query(`
      CREATE TABLE "${s}".attachment_upload (
        upload_id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL REFERENCES "${s}".complaint (id),
        file_name text NOT NULL,
        total_size integer NOT NULL,
        chunk_count integer NOT NULL,
        received integer NOT NULL DEFAULT 0,
        actor_id text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".attachment_upload`);
    await q.query(`DROP TABLE IF EXISTS "${s}".complaint_attachment`);
  }
}
