import type { PhotoRow } from './db';
import { FieldError, call, type FieldSession } from './session';

/** The name a photo is stored under on the server: the phone's id of it, so a retry finds it. */
export const photoFileName = (photo: Pick<PhotoRow, 'id'>) => `foto-${photo.id}.jpg`;

/**
 * Uploads one photo of a saved complaint. Idempotent across interruptions: the photo's file name
 * carries its device id, and a photo the server already lists is not sent again.
 */
export async function uploadPhoto(session: FieldSession, complaintId: string, photo: PhotoRow, bytes: ArrayBuffer, onSent: (sent: number) => Promise<void>): Promise<void> {
  const name = photoFileName(photo);
  const { items } = await call(() => session.api.GET('/v1/complaints/{id}/attachments', { params: { path: { id: complaintId } } }));
  if (items.some((a) => a.fileName === name)) return onSent(photo.size);
  const authorization = await session.authorization();
  let response: Response;
  try {
    response = await fetch(`/v1/complaints/${encodeURIComponent(complaintId)}/attachments`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', 'x-file-name': name, ...(authorization ? { authorization } : {}) },
      body: bytes,
    });
  } catch {
    throw new FieldError('Sambungan terputus saat mengirim foto. Sinkronkan lagi nanti: foto tetap di ponsel.', 0, 'NETWORK_UNAVAILABLE');
  }
  if (!response.ok) {
    const p = (await response.json().catch(() => ({}))) as { detail?: string; code?: string };
    throw new FieldError(p.detail ?? `Foto ditolak server (${response.status}).`, response.status, p.code ?? 'UPLOAD_REFUSED');
  }
  await onSent(photo.size);
}
