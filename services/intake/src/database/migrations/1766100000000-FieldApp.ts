import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * The Fasilitator's field app: enrolled devices (with their audit), provisional receipt numbers
 * given offline (`L-<deviceCode>-<n>`, mapped to the official complaint), and resumable uploads.
 */
export class FieldApp1766100000000 implements MigrationInterface {
  name = 'FieldApp1766100000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".field_device (
        id uuid PRIMARY KEY,
        device_code text NOT NULL UNIQUE,
        user_id text NOT NULL,
        installation_id text NOT NULL,
        label text NOT NULL,
        region_scope text[] NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        revoke_reason text,
        last_sync_at timestamptz,
        last_provisional_sequence integer NOT NULL DEFAULT 0,
        UNIQUE (user_id, installation_id)
      )`);
    await q.query(`CREATE INDEX field_device_user_idx ON "${s}".field_device (user_id)`);
    await q.query(`
      CREATE TABLE "${s}".field_device_audit (
        id bigserial PRIMARY KEY,
        device_id uuid NOT NULL REFERENCES "${s}".field_device (id),
        action text NOT NULL CHECK (action IN ('enrolled', 'revoked')),
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        reason text,
        correlation_id text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".field_provisional_number (
        provisional_number text PRIMARY KEY,
        complaint_id uuid NOT NULL UNIQUE REFERENCES "${s}".complaint (id),
        device_id uuid NOT NULL REFERENCES "${s}".field_device (id),
        sequence integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".field_upload (
        id uuid PRIMARY KEY,
        actor_id text NOT NULL,
        client_upload_id text NOT NULL,
        complaint_id uuid REFERENCES "${s}".complaint (id),
        complaint_client_id text,
        device_id uuid REFERENCES "${s}".field_device (id),
        file_name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        received integer NOT NULL DEFAULT 0,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete')),
        attachment_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (actor_id, client_upload_id),
        CHECK (complaint_id IS NOT NULL OR complaint_client_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX field_upload_open_idx ON "${s}".field_upload (updated_at) WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".field_upload`);
    await q.query(`DROP TABLE IF EXISTS "${s}".field_provisional_number`);
    await q.query(`DROP TABLE IF EXISTS "${s}".field_device_audit`);
    await q.query(`DROP TABLE IF EXISTS "${s}".field_device`);
  }
}
