import type { paths } from '@slrt/api-client';
import type { Problem } from '@slrt/api-client';
import { ApiError, offlineProblem } from './problem';
import type { Session } from './session';
import { t } from '../i18n';

/** Upload progress: bytes sent so far of all bytes of the file. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadRequest<Q> {
  /** An operation of the gateway whose request body is the file itself. */
  path: keyof paths;
  query: Q;
  file: Blob;
  fileName: string;
  onProgress: (p: UploadProgress) => void;
  signal?: AbortSignal;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The request's content type, from the file's name when the browser does not know it. */
export function spreadsheetType(file: { name: string; type: string }): string {
  if (/\.xlsx$/i.test(file.name)) return XLSX;
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  return file.type || 'application/octet-stream';
}

function send<R>(
  url: string,
  req: UploadRequest<unknown>,
  authorization: string | undefined,
): Promise<{ status: number; body: R | Problem | undefined }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', spreadsheetType({ name: req.fileName, type: req.file.type }));
    // Header values are ASCII: the gateway makes a safe name of it anyway.
    xhr.setRequestHeader('x-file-name', req.fileName.replace(/[^\x20-\x7e]/g, '_'));
    if (authorization) xhr.setRequestHeader('authorization', authorization);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) =>
      req.onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : req.file.size });
    xhr.onload = () => {
      let body: R | Problem | undefined;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as R | Problem) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(offlineProblem(), true));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    req.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(req.file);
  });
}

/**
 * Uploads a file as the body of an API operation with XMLHttpRequest, because `fetch` reports no
 * upload progress. The answer is typed by the caller from the generated client's `operations`;
 * a problem+json answer becomes an `ApiError` like `unwrap()` makes, a 401 asks to sign in again
 * and sends once more.
 */
export async function uploadWithProgress<R, Q extends Record<string, string | undefined>>(
  session: Session,
  req: UploadRequest<Q>,
): Promise<R> {
  const query = new URLSearchParams(
    Object.entries(req.query).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  const url = `${req.path}${query ? `?${query}` : ''}`;
  let answer = await send<R>(url, req, await session.authorization());
  if (answer.status === 401 && (await session.recover()))
    answer = await send<R>(url, req, await session.authorization());
  if (answer.status >= 200 && answer.status < 300) return answer.body as R;
  const body = answer.body as Problem | undefined;
  if (body && typeof body.code === 'string' && typeof body.detail === 'string') throw new ApiError(body);
  throw new ApiError({
    type: 'about:blank',
    title: t('error.unknown.title'),
    status: answer.status,
    code: 'UNEXPECTED_RESPONSE',
    detail: t('error.unknown.detail', { status: answer.status }),
  });
}
