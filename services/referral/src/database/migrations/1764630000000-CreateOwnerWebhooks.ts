import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Webhook delivery to programme owners (a third way to receive the owner channel, beside the NATS
 * durable and HTTP polling). `owner_webhook`: one configuration per owner (URL, the signing secret
 * the platform generated, active flag). `webhook_delivery`: one row per owner-out message and
 * owner, written by a trigger on the outbox in the very transaction that writes the message (so a
 * message is queued for the webhook exactly when it is published on NATS, whatever code path wrote
 * it), taken by the dispatcher with `FOR UPDATE SKIP LOCKED`.
 */
export class CreateOwnerWebhooks1764630000000 implements MigrationInterface {
  name = 'CreateOwnerWebhooks1764630000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".owner_webhook (
        owner_code text PRIMARY KEY REFERENCES "${s}".programme_owner (code),
        url text NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${s}".webhook_delivery (
        id uuid NOT NULL,
        owner_code text NOT NULL REFERENCES "${s}".owner_webhook (owner_code),
        subject text NOT NULL,
        body jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        attempts_base integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_status integer,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (id, owner_code)
      )`);
    await q.query(
      `CREATE INDEX webhook_delivery_pending_idx ON "${s}".webhook_delivery (owner_code, created_at, id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX webhook_delivery_owner_idx ON "${s}".webhook_delivery (owner_code, created_at DESC)`);
    // Owner-out messages are `slrt.owner.<code>.<kind>.…` written by this service; owners' answers
    // (`.response.`) are never in this outbox but are excluded all the same.
    await q.query(`
      CREATE FUNCTION "${s}".enqueue_owner_webhook() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO "${s}".webhook_delivery (id, owner_code, subject, body)
        SELECT NEW.id, w.owner_code, NEW.subject, NEW.envelope FROM "${s}".owner_webhook w
        WHERE w.owner_code = split_part(NEW.subject, '.', 3) AND w.active
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $fn$`);
    await q.query(`
      CREATE TRIGGER outbox_owner_webhook AFTER INSERT ON "${s}".outbox FOR EACH ROW
      WHEN (NEW.subject LIKE 'slrt.owner.%' AND split_part(NEW.subject, '.', 4) <> 'response')
      EXECUTE FUNCTION "${s}".enqueue_owner_webhook()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TRIGGER outbox_owner_webhook ON "${s}".outbox`);
    await q.query(`DROP FUNCTION "${s}".enqueue_owner_webhook()`);
    await q.query(`DROP TABLE "${s}".webhook_delivery`);
    await q.query(`DROP TABLE "${s}".owner_webhook`);
  }
}
