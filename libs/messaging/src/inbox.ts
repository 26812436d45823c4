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

/**
 * {@link recordInbox} for several events in ONE statement (group commit's first try): answers, in
 * the order given, whether each event is new. An event id given twice counts as new only the first
 * time. Rows are inserted in id order, so two instances racing on overlapping batches queue up on
 * the same row first instead of deadlocking.
 */
export async function recordInboxBatch(
  manager: EntityManager,
  schema: string,
  consumer: string,
  events: ReadonlyArray<{ eventId: string; subject: string }>,
): Promise<boolean[]> {
  if (!events.length) return [];
  const rows: Array<{ event_id: string }> = await manager.query(
    `INSERT INTO "${schema}".inbox (consumer, event_id, subject)
     SELECT $1, e.id, e.subject FROM unnest($2::uuid[], $3::text[]) AS e(id, subject) ORDER BY e.id
     ON CONFLICT DO NOTHING RETURNING event_id::text AS event_id`,
    [consumer, events.map((e) => e.eventId), events.map((e) => e.subject)],
  );
  const inserted = new Set(rows.map((r) => r.event_id));
  return events.map((e) => inserted.delete(e.eventId.toLowerCase()));
}
