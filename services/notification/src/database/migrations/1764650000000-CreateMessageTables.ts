import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Messages to citizens: settings and rules per kab/kota, versioned templates, the messages
 * themselves (phone numbers and texts stay in this schema), their attempts, and opt-outs.
 */
export class CreateMessageTables1764650000000 implements MigrationInterface {
  name = 'CreateMessageTables1764650000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".notification_settings (
        kab_kota_code text PRIMARY KEY,
        time_zone text NOT NULL,
        quiet_start text NOT NULL,
        quiet_end text NOT NULL,
        per_recipient_per_day integer NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".notification_rule (
        kab_kota_code text NOT NULL,
        step text NOT NULL,
        enabled boolean NOT NULL,
        recipients text[] NOT NULL,
        channels text[] NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kab_kota_code, step)
      )`);
    await q.query(`
      CREATE TABLE "${s}".message_template (
        step text NOT NULL,
        channel text NOT NULL,
        version integer NOT NULL,
        body text NOT NULL,
        subject text,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (step, channel, version)
      )`);
    await q.query(`
      CREATE TABLE "${s}".message (
        id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL,
        sequence integer NOT NULL,
        step text NOT NULL,
        recipient text NOT NULL CHECK (recipient IN ('subject', 'complainant')),
        channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'letter', 'fs-visit')),
        desa_code text NOT NULL,
        address text NOT NULL,
        name text NOT NULL,
        body text NOT NULL,
        subject text,
        template_version integer NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'undeliverable', 'cancelled')),
        status_reason text,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        lease_until timestamptz,
        provider text,
        provider_message_id text,
        replaces_message_id uuid REFERENCES "${s}".message (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    // Exactly one automatic message per transition, recipient and channel (resends name the message they replace).
    await q.query(
      `CREATE UNIQUE INDEX message_transition_uq ON "${s}".message (complaint_id, sequence, recipient, channel) WHERE replaces_message_id IS NULL`,
    );
    await q.query(`CREATE INDEX message_due_idx ON "${s}".message (channel, next_attempt_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX message_sending_idx ON "${s}".message (lease_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX message_complaint_idx ON "${s}".message (complaint_id, created_at)`);
    await q.query(
      `CREATE INDEX message_address_sent_idx ON "${s}".message (address, sent_at) WHERE sent_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX message_provider_id_idx ON "${s}".message (provider, provider_message_id) WHERE provider_message_id IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "${s}".message_attempt (
        id bigserial PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES "${s}".message (id),
        at timestamptz NOT NULL DEFAULT now(),
        outcome text NOT NULL,
        detail text
      )`);
    await q.query(`CREATE INDEX message_attempt_message_idx ON "${s}".message_attempt (message_id, at)`);
    await q.query(`
      CREATE TABLE "${s}".opt_out (
        address text PRIMARY KEY,
        source text NOT NULL CHECK (source IN ('reply', 'staff')),
        recorded_by text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of [
      'opt_out',
      'message_attempt',
      'message',
      'message_template',
      'notification_rule',
      'notification_settings',
    ])
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
  }
}
