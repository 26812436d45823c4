import type { Schemas } from '@slrt/api-client';
import { db, type ItemRow } from './db';
import { open, seal } from './vault';
import { FieldError, call, type FieldSession } from './session';
import type { ItemResult } from './queue';

/** A submission the SPV returned with a question (field-check), as kept on the phone. */
export type ReturnedCheck = Pick<
  Schemas['FieldCheckViewV1'],
  'complaintId' | 'receiptNumber' | 'version' | 'subjectName' | 'openQuestion' | 'description' | 'state' | 'updatedAt'
>;

/** A queued answer (sealed): sent with its device-made `answerId` (a repeat changes nothing). */
export interface AnswerBox {
  complaintId: string;
  receiptNumber: string;
  subjectName: string;
  question: string;
  /** The check's version the FS saw with the question. */
  expectedVersion: number;
  answer: string;
  answeredAt: string;
  result?: ItemResult;
}

/** The FS's returned submissions, fetched when online and kept sealed for answering offline. */
export async function refreshChecks(session: FieldSession): Promise<ReturnedCheck[]> {
  const key = session.key;
  if (!key) throw new Error('locked');
  const { items } = await call(() =>
    session.api.GET('/v1/field/checks', { params: { query: { state: 'returned', page: 1, pageSize: 200 } } }),
  );
  const checks: ReturnedCheck[] = items.map(
    ({ complaintId, receiptNumber, version, subjectName, openQuestion, description, state, updatedAt }) => ({
      complaintId,
      receiptNumber,
      version,
      subjectName,
      openQuestion,
      description,
      state,
      updatedAt,
    }),
  );
  await db.cache.put({ key: 'checks', fetchedAt: new Date().toISOString(), box: await seal(key, 'checks', checks) });
  return checks;
}

export async function readChecks(key: CryptoKey): Promise<ReturnedCheck[]> {
  const row = await db.cache.get('checks');
  return row ? open<ReturnedCheck[]>(key, 'checks', row.box) : [];
}

/** Queues the FS's answer (offline too). */
export async function answerCheck(key: CryptoKey, check: ReturnedCheck, answer: string): Promise<void> {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  const box: AnswerBox = {
    complaintId: check.complaintId,
    receiptNumber: check.receiptNumber,
    subjectName: check.subjectName,
    question: check.openQuestion ?? '',
    expectedVersion: check.version,
    answer: answer.trim(),
    answeredAt: now,
  };
  await db.items.add({
    id,
    kind: 'answer',
    state: 'queued',
    createdAt: now,
    updatedAt: now,
    box: await seal(key, id, box),
  });
}

export interface QueuedAnswer {
  row: ItemRow;
  box: AnswerBox;
}

export async function listAnswers(key: CryptoKey): Promise<QueuedAnswer[]> {
  const rows = await db.items.where('kind').equals('answer').sortBy('seq');
  return Promise.all(rows.map(async (row) => ({ row, box: await open<AnswerBox>(key, row.id, row.box) })));
}

/** Sends the queued answers in order; each answered on its own. Returns [saved, conflicts, refused]. */
export async function sendAnswers(session: FieldSession): Promise<[number, number, number]> {
  const key = session.key;
  if (!key) throw new Error('locked');
  let saved = 0;
  let conflicts = 0;
  let refused = 0;
  for (const { row, box } of await listAnswers(key)) {
    if (row.state !== 'queued') continue;
    const at = new Date().toISOString();
    let state: ItemRow['state'] = 'synced';
    let result: ItemResult;
    try {
      const view = await call(() =>
        session.api.POST('/v1/field/checks/{complaintId}/answer', {
          params: { path: { complaintId: box.complaintId } },
          body: { answerId: row.id, expectedVersion: box.expectedVersion, answer: box.answer },
        }),
      );
      result = {
        outcome: view.replayed ? 'unchanged' : 'updated',
        complaintId: view.complaintId,
        receiptNumber: view.receiptNumber,
        version: view.version,
        detail: null,
        fieldErrors: [],
        at,
      };
      saved++;
    } catch (e) {
      if (!(e instanceof FieldError) || e.status === 0 || e.status === 401 || e.status >= 500) throw e; // no answer: stays queued
      state = e.status === 409 ? 'conflict' : 'rejected';
      result = {
        outcome: e.status === 409 ? 'conflict' : 'rejected',
        complaintId: box.complaintId,
        receiptNumber: box.receiptNumber,
        version: null,
        detail: e.message,
        fieldErrors: e.fieldErrors,
        at,
      };
      if (state === 'conflict') conflicts++;
      else refused++;
    }
    await db.items.update(row.seq!, { state, updatedAt: at, box: await seal(key, row.id, { ...box, result }) });
  }
  return [saved, conflicts, refused];
}
