import type { Schemas } from '@slrt/api-client';
import { db, type ItemRow } from './db';
import { open, seal } from './vault';
import { FieldError, call, type FieldSession } from './session';

/** A visit or letter the FS delivers (notification's `fs-visit`/`letter` message, from the bundle). */
export type VisitTask = Schemas['MessageViewV1'];

/** A recorded visit (sealed): delivered or not, with the FS's note; sent as the message's action. */
export interface VisitBox {
  messageId: string;
  channel: string;
  /** What the household was to be told (the message text), kept to show the record offline. */
  text: string;
  delivered: boolean;
  note: string;
  recordedAt: string;
  result?: { state: ItemRow['state']; detail: string | null; at: string };
}

export interface RecordedVisit {
  row: ItemRow;
  box: VisitBox;
}

/** Records a visit on the phone (offline too); sent at the next sync. */
export async function recordVisit(key: CryptoKey, task: VisitTask, delivered: boolean, note: string): Promise<void> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const box: VisitBox = {
    messageId: task.messageId,
    channel: task.channel,
    text: task.text,
    delivered,
    note: note.trim(),
    recordedAt: now,
  };
  await db.items.add({
    id,
    kind: 'visit',
    state: 'queued',
    createdAt: now,
    updatedAt: now,
    box: await seal(key, id, box),
  });
}

export async function listVisits(key: CryptoKey): Promise<RecordedVisit[]> {
  const rows = await db.items.where('kind').equals('visit').sortBy('seq');
  return Promise.all(rows.map(async (row) => ({ row, box: await open<VisitBox>(key, row.id, row.box) })));
}

/**
 * Sends the recorded visits in order, each as `mark-delivered` / `mark-undeliverable` on its
 * message. A 409 means the message is no longer waiting (this phone's earlier send whose answer was
 * lost, or the office recorded it): nothing to do, shown as already recorded. No answer: stays queued.
 * Returns [saved, refused].
 */
export async function sendVisits(session: FieldSession): Promise<[number, number]> {
  const key = session.key;
  if (!key) throw new Error('locked');
  let saved = 0;
  let refused = 0;
  for (const { row, box } of await listVisits(key)) {
    if (row.state !== 'queued') continue;
    const at = new Date().toISOString();
    let state: ItemRow['state'] = 'synced';
    let detail: string | null = null;
    try {
      await call(() =>
        session.api.POST('/v1/messages/{id}/actions', {
          params: { path: { id: box.messageId } },
          body: {
            action: box.delivered ? 'mark-delivered' : 'mark-undeliverable',
            ...(box.note ? { note: box.note } : {}),
          },
        }),
      );
      saved++;
    } catch (e) {
      if (!(e instanceof FieldError) || e.status === 0 || e.status === 401 || e.status >= 500) throw e;
      if (e.status === 409) {
        detail = 'Sudah tercatat sebelumnya.';
        saved++;
      } else {
        state = 'rejected';
        detail = e.message;
        refused++;
      }
    }
    await db.items.update(row.seq!, {
      state,
      updatedAt: at,
      box: await seal(key, row.id, { ...box, result: { state, detail, at } }),
    });
  }
  return [saved, refused];
}
