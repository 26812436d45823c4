import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';

/**
 * Staff members' in-app inbox. The platform does not own users (the gateway does), so an item is
 * addressed either to one user id (`recipient_user_id`: the user who started an import) or to an
 * audience — a role and a region (`audience_role`, `audience_region`: every user holding the role
 * whose region scope covers the region sees it), optionally narrowed to a programme owner
 * (`audience_owner`, for PO users, who have no region scope). Read state is per user
 * (`staff_inbox_read`). No personal data: receipt number, case id, state, programme codes, desa
 * code and due date only. `inbox_case` remembers each case's programme codes from its opening, so
 * later items about the case can name the programme.
 */
export class CreateStaffInbox1764660000000 implements MigrationInterface {
  name = 'CreateStaffInbox1764660000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".staff_inbox_item (
        id uuid PRIMARY KEY,
        source_event_id uuid NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        recipient_user_id text,
        audience_role text,
        audience_region text,
        audience_owner text,
        case_id uuid,
        receipt_number text,
        case_state text,
        programme_codes text[] NOT NULL DEFAULT '{}',
        desa_code text,
        due_at timestamptz,
        job_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT staff_inbox_item_addressed CHECK ((recipient_user_id IS NOT NULL) <> (audience_role IS NOT NULL)),
        CONSTRAINT staff_inbox_item_audience CHECK (audience_role IS NULL OR audience_region IS NOT NULL OR audience_owner IS NOT NULL)
      )`);
    // One item per event and addressee, whatever happens to the inbox (belt and braces).
    await q.query(
      `CREATE UNIQUE INDEX staff_inbox_item_once ON "${s}".staff_inbox_item (source_event_id, coalesce(recipient_user_id, ''), coalesce(audience_role, ''), coalesce(audience_owner, ''))`,
    );
    await q.query(
      `CREATE INDEX staff_inbox_item_user_idx ON "${s}".staff_inbox_item (recipient_user_id, created_at DESC) WHERE recipient_user_id IS NOT NULL`,
    );
    // Newest first: a page is the first rows of this index that the reader sees.
    await q.query(`CREATE INDEX staff_inbox_item_recent_idx ON "${s}".staff_inbox_item (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX staff_inbox_item_audience_idx ON "${s}".staff_inbox_item (audience_role, audience_region text_pattern_ops, created_at DESC) WHERE audience_role IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "${s}".staff_inbox_read (
        item_id uuid NOT NULL REFERENCES "${s}".staff_inbox_item (id) ON DELETE CASCADE,
        user_id text NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, item_id)
      )`);
    await q.query(`
      CREATE TABLE "${s}".inbox_case (
        case_id uuid PRIMARY KEY,
        programme_codes text[] NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`DROP TABLE IF EXISTS "${s}".staff_inbox_read`);
    await q.query(`DROP TABLE IF EXISTS "${s}".staff_inbox_item`);
    await q.query(`DROP TABLE IF EXISTS "${s}".inbox_case`);
  }
}
