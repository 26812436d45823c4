import type { FastifyInstance } from 'fastify';
import { XLSX_CONTENT_TYPE } from '@slrt/contracts';

/** Media types an attachment upload may declare; intake checks the real type by content. */
export const ATTACHMENT_MEDIA_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/pdf',
  'application/octet-stream',
];

/** Media types a verivali results file may be sent as (CSV, XLSX, or bytes with a file name). */
export const SIKS_UPLOAD_MEDIA_TYPES = ['text/csv', XLSX_CONTENT_TYPE];

/** Where a snapshot file is uploaded (its body is streamed, never held whole). */
export const REGISTRY_IMPORT_UPLOAD_PATH = '/v1/registry/imports';

/** Media type the upload route's body is re-labelled with so that its parser hands over the stream. */
const STREAMED_UPLOAD = 'application/x-slrt-streamed-upload';

/** Header keeping the media type the client sent on the streamed upload route. */
export const SENT_TYPE_HEADER = 'x-slrt-sent-content-type';

/**
 * Lets `POST /v1/registry/imports` take a body of any size as a stream (a kab/kota's DTSEN file is
 * up to ~0.8 GB), while other routes keep their buffered parsers for the same media types: the
 * route's request is re-labelled before parsing, and that label's parser passes the stream on.
 */
function registerSnapshotUploadStreaming(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== REGISTRY_IMPORT_UPLOAD_PATH) return;
    request.headers[SENT_TYPE_HEADER] = request.headers['content-type'] ?? '';
    request.headers['content-type'] = STREAMED_UPLOAD;
  });
  fastify.addContentTypeParser(STREAMED_UPLOAD, (_request, payload, done) => done(null, payload));
}

/**
 * The routes whose body is a file, not JSON: attachments and SIKS-NG uploads as raw buffers (at
 * most `bodyLimit` bytes), the registry snapshot upload as a stream.
 */
export function registerFileBodies(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(ATTACHMENT_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  fastify.addContentTypeParser(SIKS_UPLOAD_MEDIA_TYPES, { parseAs: 'buffer', bodyLimit }, (_req, body, done) =>
    done(null, body),
  );
  registerSnapshotUploadStreaming(fastify);
}
