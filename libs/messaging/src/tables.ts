import type { QueryRunner } from 'typeorm';

/**
 * Creates the outbox and inbox tables in a service's schema. Every service's first migration
 * calls this. WIRE-STABLE for running deployments: change only through a new migration.
 */
export async function createMessagingTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE "${schema}".outbox (
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      envelope jsonb NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}'::jsonb,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      sent_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text
    )`);
  await q.query(`CREATE INDEX outbox_unsent_idx ON "${schema}".outbox (created_at, id) WHERE sent_at IS NULL`);
  await q.query(`CREATE INDEX outbox_sent_at_idx ON "${schema}".outbox (sent_at) WHERE sent_at IS NOT NULL`);
  await q.query(`
    CREATE TABLE "${schema}".inbox (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      subject text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

export async function dropMessagingTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE IF EXISTS "${schema}".inbox`);
  await q.query(`DROP TABLE IF EXISTS "${schema}".outbox`);
}

/** The LISTEN/NOTIFY channel that wakes a schema's outbox relay. */
export function outboxChannel(schema: string): string {
  return `slrt_outbox_${schema}`;
}
