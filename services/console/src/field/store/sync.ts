import type { Schemas } from '@slrt/api-client';
import { draftFromDetail, toInput } from '../../pages/front-office/model';
import { db, type PhotoRow } from './db';
import { getItem, photoBytes, putItem, type ComplaintBox, type ItemResult } from './queue';
import { FieldError, call, type FieldSession } from './session';
import { uploadPhoto } from './photos-upload';
import { refreshChecks, sendAnswers } from './checks';
import { sendVisits } from './visits';

/** Items per request: small enough that an interruption loses little, large enough to be quick. */
export const SYNC_BATCH = 10;

export interface SyncProgress {
  /** What is happening, in words. */
  message: string;
  done: number;
  total: number;
}

export interface SyncReport {
  saved: number;
  conflicts: number;
  refused: number;
  photos: number;
  /** Why it stopped early (no connection, session ended), in words; null when it finished. */
  stopped: string | null;
}

type ItemSent = Schemas['FieldComplaintItemV1'];

/** The body the server gets for one queued complaint (its clientId is its idempotency key). */
export function syncItem(id: string, box: ComplaintBox): ItemSent {
  return {
    clientId: id,
    recordedAt: box.recordedAt,
    ...(box.baseVersion ? { baseVersion: box.baseVersion } : {}),
    complaint: { ...box.input, channel: 'FASILITATOR_VISIT' },
    provisionalNumber: box.localNumber,
    trackingCode: box.trackingCode,
  } as unknown as ItemSent;
}

/**
 * Sends what the phone holds, oldest first: complaints in batches (each answered on its own:
 * created / unchanged / updated → saved, conflict, rejected), then the photos of saved complaints.
 * Every item is written back as soon as its answer arrives, so an interruption (signal lost, app
 * closed) resumes where it stopped; an item sent twice is answered `unchanged` by its clientId.
 */
export async function syncNow(
  session: FieldSession,
  onProgress: (p: SyncProgress) => void = () => undefined,
): Promise<SyncReport> {
  const key = session.key;
  if (!key) throw new Error('locked');
  const report: SyncReport = { saved: 0, conflicts: 0, refused: 0, photos: 0, stopped: null };
  try {
    const queued = await db.items.where('state').equals('queued').sortBy('seq');
    const complaints = queued.filter((r) => r.kind === 'complaint');
    for (let i = 0; i < complaints.length; i += SYNC_BATCH) {
      onProgress({
        message: `Mengirim keluhan ${i + 1}–${Math.min(i + SYNC_BATCH, complaints.length)} dari ${complaints.length}`,
        done: i,
        total: complaints.length,
      });
      const batch = await Promise.all(complaints.slice(i, i + SYNC_BATCH).map((r) => getItem(key, r.id)));
      const present = batch.filter((b) => b !== undefined);
      const { results } = await call(() =>
        session.api.POST('/v1/field-sync', {
          body: {
            items: present.map((b) => syncItem(b.row.id, b.box)),
            ...(session.device?.deviceId ? { deviceId: session.device.deviceId } : {}),
          },
        }),
      );
      for (const r of results) {
        const item = present.find((b) => b.row.id === r.clientId);
        if (!item) continue;
        const result: ItemResult = {
          outcome: r.outcome,
          complaintId: r.complaintId ?? null,
          receiptNumber: r.receiptNumber ?? null,
          version: r.version ?? null,
          detail: r.detail ?? null,
          fieldErrors: r.fieldErrors,
          at: new Date().toISOString(),
        };
        if (r.outcome === 'conflict') {
          const server = r.complaintId ? await serverVersion(session, r.complaintId) : undefined;
          await putItem(
            key,
            item.row,
            {
              ...item.box,
              result: { ...result, receiptNumber: result.receiptNumber ?? item.box.result?.receiptNumber ?? null },
              server,
            },
            'conflict',
          );
          report.conflicts++;
        } else if (r.outcome === 'rejected') {
          await putItem(
            key,
            item.row,
            {
              ...item.box,
              result: {
                ...result,
                complaintId: item.box.result?.complaintId ?? null,
                receiptNumber: item.box.result?.receiptNumber ?? null,
                version: item.box.result?.version ?? null,
              },
            },
            'rejected',
          );
          report.refused++;
        } else {
          await putItem(
            key,
            item.row,
            { ...item.box, result, baseVersion: r.version ?? item.box.baseVersion },
            'synced',
          );
          report.saved++;
        }
      }
    }
    const photos = await db.photos.where('state').equals('queued').toArray();
    let n = 0;
    for (const photo of photos) {
      const item = await getItem(key, photo.itemId);
      if (!item?.box.result?.complaintId) continue; // its complaint is not on the server yet
      n++;
      onProgress({ message: `Mengirim foto ${n} dari ${photos.length}`, done: n - 1, total: photos.length });
      await sendPhoto(session, key, item.row.id, photo, (sent) =>
        onProgress({
          message: `Mengirim foto ${n} dari ${photos.length} (${Math.round((100 * sent) / photo.size)}%)`,
          done: n - 1,
          total: photos.length,
        }),
      );
      report.photos++;
    }
    // Answers to the supervisor's questions, then the list of what is still returned.
    onProgress({ message: 'Mengirim jawaban untuk supervisor', done: 0, total: 1 });
    const [answered, answerConflicts, answerRefused] = await sendAnswers(session);
    report.saved += answered;
    report.conflicts += answerConflicts;
    report.refused += answerRefused;
    await refreshChecks(session);
    // Visits and letters recorded at the households.
    onProgress({ message: 'Mengirim catatan kunjungan', done: 0, total: 1 });
    const [visited, visitRefused] = await sendVisits(session);
    report.saved += visited;
    report.refused += visitRefused;
    onProgress({ message: 'Sinkronisasi selesai', done: 1, total: 1 });
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    report.stopped =
      e.status === 401
        ? 'Sesi sudah berakhir. Masuk lagi dengan kata sandi untuk melanjutkan sinkronisasi (data tetap di ponsel).'
        : e.message;
  }
  return report;
}

async function sendPhoto(
  session: FieldSession,
  key: CryptoKey,
  complaintClientId: string,
  photo: PhotoRow,
  onSent: (sent: number) => void,
): Promise<void> {
  const bytes = await photoBytes(key, photo);
  await uploadPhoto(session, complaintClientId, photo, bytes, async (sent) => {
    await db.photos.update(photo.id, { sent });
    onSent(sent);
  });
  await db.photos.update(photo.id, { state: 'uploaded', sent: photo.size });
}

/** Kept in intake's access audit: the FS sees the office's version beside their own to resolve a sync conflict. */
const CONFLICT_REASON = 'Konflik sinkronisasi: membandingkan versi kantor dengan versi di ponsel FS';

/** The server's version of a conflicting complaint, as a complaint input (revealed: the FS recorded it; the read is audited). */
async function serverVersion(session: FieldSession, complaintId: string): Promise<unknown> {
  try {
    const detail = await call(() =>
      session.api.GET('/v1/complaints/{id}', {
        params: { path: { id: complaintId }, query: { reveal: true, revealReason: CONFLICT_REASON } },
      }),
    );
    return { input: toInput(draftFromDetail(detail)), version: detail.version };
  } catch {
    return undefined;
  }
}
