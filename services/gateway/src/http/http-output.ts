import type { FastifyReply } from 'fastify';

/** A whole file a domain service answers with (base64 in the reply). */
export interface ServedFile {
  fileName: string;
  contentBase64: string;
}

/** The file name as it may appear in `Content-Disposition` (anything but `A-Za-z0-9._-` becomes `_`). */
function dispositionName(fileName: string): string {
  return fileName.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Sends a file produced by a domain service, never cached: shown in the browser (`inline`, a PDF)
 * or saved (`attachment`); `sha256` goes out as `X-Content-SHA256` when the service gives one.
 */
export function sendFile(
  reply: FastifyReply,
  file: ServedFile,
  options: { contentType: string; disposition: 'inline' | 'attachment'; sha256?: string },
): void {
  void reply
    .header('content-type', options.contentType)
    .header('content-disposition', `${options.disposition}; filename="${dispositionName(file.fileName)}"`);
  if (options.sha256 !== undefined) void reply.header('x-content-sha256', options.sha256);
  void reply.header('cache-control', 'private, no-store').send(Buffer.from(file.contentBase64, 'base64'));
}

/** Sends a PDF produced by a domain service, shown in the browser. */
export function sendPdf(reply: FastifyReply, file: ServedFile): void {
  sendFile(reply, file, { contentType: 'application/pdf', disposition: 'inline' });
}
