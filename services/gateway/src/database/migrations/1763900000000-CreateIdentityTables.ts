import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/** Users, refresh tokens, owners' API keys and the audit log of the gateway. */
export class CreateIdentityTables1763900000000 implements MigrationInterface {
  name = 'CreateIdentityTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        roles text[] NOT NULL,
        region_scope text[] NOT NULL,
        owner_code text,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username_idx ON "${s}".app_user (lower(username))`);
    await q.query(`
      CREATE TABLE "${s}".refresh_token (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES "${s}".app_user (id),
        family_id uuid NOT NULL,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON "${s}".refresh_token (family_id)`);
    await q.query(`
      CREATE TABLE "${s}".api_key (
        id uuid PRIMARY KEY,
        owner_code text NOT NULL,
        label text NOT NULL,
        prefix text NOT NULL UNIQUE,
        key_hash text NOT NULL,
        kab_kota_scope text[] NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE "${s}".audit_event (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        region text,
        ip text,
        user_agent text,
        correlation_id text
      )`);
    await q.query(`CREATE INDEX audit_event_at_idx ON "${s}".audit_event (at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of ['audit_event', 'api_key', 'refresh_token', 'app_user'])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
