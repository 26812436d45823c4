import { unwrap } from './problem';

/** The file name the server gave in `Content-Disposition`, or the fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const header = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain?.[1] ?? fallback;
}

/**
 * Saves a file answered by the API (`parseAs: 'blob'`) the way a browser saves a download, under
 * the server's file name. Problems are thrown as `ApiError` (see `unwrap`).
 */
export function saveDownload(
  result: { data?: Blob; error?: unknown; response: Response },
  fallbackName: string,
): string {
  const blob = unwrap(result);
  const name = fileNameOf(result.response, fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}
