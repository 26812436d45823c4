import type { EntityManager } from 'typeorm';

/**
 * Records that `consumer` processed event `eventId`, inside the transaction of `manager`.
 * Returns false when it already had: the caller then skips the effect (and still acks). The
 * primary key (consumer, event_id) makes two racing instances safe: the second one blocks on the
 * first's uncommitted row and then sees the conflict. Rows are kept (no window), so a duplicate
 * arriving long after JetStream's 2-minute dedup window is still recognised.
 */
export async function recordInbox(
  manager: EntityManager,
  schema: string,
  consumer: string,
  eventId: string,
  subject: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO "${schema}".inbox (consumer, event_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
    [consumer, eventId, subject],
  );
  return rows.length === 1;
}
