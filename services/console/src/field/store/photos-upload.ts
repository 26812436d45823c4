import type { PhotoRow } from './db';
import { FieldError, call, type FieldSession } from './session';

/** Bytes per PUT: an interruption costs at most this much again. */
export const UPLOAD_CHUNK = 256 * 1024;

/** The name a photo is stored under on the server. */
export const photoFileName = (photo: Pick<PhotoRow, 'id'>) => `foto-${photo.id.slice(0, 8)}.jpg`;

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');

/**
 * Uploads one photo of a synced complaint through a resumable upload session (field-api):
 * opened with the photo's device id as `clientUploadId` (asking again answers the same session and
 * how many bytes the server already has), filled in chunks from that offset, completed (size, hash
 * and type checked by the server, then attached). An interruption anywhere resumes where it stopped;
 * nothing is attached twice.
 */
export async function uploadPhoto(
  session: FieldSession,
  complaintClientId: string,
  photo: PhotoRow,
  bytes: ArrayBuffer,
  onSent: (sent: number) => Promise<void>,
): Promise<void> {
  const sha256 = hex(await crypto.subtle.digest('SHA-256', bytes));
  const deviceId = session.device?.deviceId;
  let upload = await call(() =>
    session.api.POST('/v1/field/uploads', {
      body: {
        clientUploadId: photo.id,
        complaintClientId,
        fileName: photoFileName(photo),
        contentType: 'image/jpeg',
        size: bytes.byteLength,
        sha256,
        ...(deviceId ? { deviceId } : {}),
      },
    }),
  );
  let offset = upload.offset;
  while (upload.status === 'open' && offset < bytes.byteLength) {
    await onSent(offset);
    const chunk = bytes.slice(offset, offset + UPLOAD_CHUNK);
    let response: Response;
    try {
      const url = new URL(`/v1/field/uploads/${encodeURIComponent(upload.uploadId)}`, window.location.origin);
      response = await session.fetch(
        new Request(url, {
          method: 'PUT',
          headers: { 'content-type': 'application/octet-stream', 'upload-offset': String(offset) },
          body: chunk,
        }),
      );
    } catch (e) {
      if (e instanceof FieldError) throw e;
      throw new FieldError(
        'Sambungan terputus saat mengirim foto. Sinkronkan lagi nanti: pengiriman dilanjutkan dari bagian terakhir.',
        0,
        'NETWORK_UNAVAILABLE',
      );
    }
    const serverOffset = Number(response.headers.get('upload-offset'));
    if (response.status === 409 && Number.isFinite(serverOffset)) {
      offset = serverOffset; // the server has a different position: continue from its own
      continue;
    }
    if (!response.ok) {
      const p = (await response.json().catch(() => ({}))) as { detail?: string; code?: string };
      throw new FieldError(
        p.detail ?? `Foto ditolak server (${response.status}).`,
        response.status,
        p.code ?? 'UPLOAD_REFUSED',
      );
    }
    upload = (await response.json()) as typeof upload;
    offset = upload.offset;
  }
  if (upload.status === 'open')
    upload = await call(() =>
      session.api.POST('/v1/field/uploads/{uploadId}/complete', { params: { path: { uploadId: upload.uploadId } } }),
    );
  await onSent(bytes.byteLength);
}
