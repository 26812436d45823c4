import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { MAX_INPUT_DEPTH, UNTRUSTED_MESSAGES, inspectUntrusted } from '@slrt/contracts';
import type { Logger } from '@slrt/observability';
import { sendProblem, toProblem } from './problem.filter.js';
import { PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';

/** Largest JSON body (files have their own, larger limit): a JSON request is a form, not a file. */
export const MAX_JSON_BODY_BYTES = 2 * 1024 * 1024;

/** Longest path parameter routed (ids are UUIDs, codes are short); longer answers 414 problem+json. */
export const MAX_PARAM_LENGTH = 200;

const INVALID_INPUT_DETAIL =
  'Permintaan memuat data yang tidak diizinkan (karakter kontrol, kolom terlarang atau struktur terlalu dalam). Periksa isian yang ditandai.';

/**
 * The deepest bracket nesting of a JSON text, counted without parsing (strings skipped), stopping
 * as soon as `limit` is passed: refused before `JSON.parse` builds anything deep.
 */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Parses an untrusted JSON body: nesting deeper than {@link MAX_INPUT_DEPTH} is refused before
 * parsing; after parsing, control characters (NUL…) in any string or key and prototype keys
 * (`__proto__`, `constructor`, `prototype`) are refused. 400 problem+json with field errors;
 * the parser's own message (which quotes the input) is never shown.
 */
export function parseUntrustedJson(text: string): unknown {
  if (text.trim() === '') throw new ProblemError(400, 'BODY_EMPTY', 'Isi permintaan kosong: kirim objek JSON.');
  if (exceedsDepth(text, MAX_INPUT_DEPTH))
    throw new ProblemError(400, 'INVALID_INPUT', INVALID_INPUT_DETAIL, [
      { field: '', messages: [UNTRUSTED_MESSAGES.depth] },
    ]);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'BAD_REQUEST', 'Isi permintaan bukan JSON yang sah.');
  }
  const problems = inspectUntrusted(value);
  if (problems.length) throw new ProblemError(400, 'INVALID_INPUT', INVALID_INPUT_DETAIL, problems);
  return value;
}

/** Refuses control characters and prototype keys in the query string and path parameters. */
function checkUrlInput(request: FastifyRequest): void {
  const problems = [
    ...inspectUntrusted(request.query ?? {}).map((f) => ({ ...f, field: f.field ? `query.${f.field}` : 'query' })),
    ...inspectUntrusted(request.params ?? {}).map((f) => ({ ...f, field: f.field ? `path.${f.field}` : 'path' })),
  ];
  if (problems.length) throw new ProblemError(400, 'INVALID_INPUT', INVALID_INPUT_DETAIL, problems);
}

/**
 * Answers a connection-level error (header block too large, malformed request line) the HTTP
 * parser raises before fastify routes anything, as problem+json: 431 for oversize headers or URL,
 * 408 for a timeout, 400 otherwise. Nothing of the request is echoed.
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const body = JSON.stringify(toProblem({ statusCode: status }, undefined));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Fastify options of the gateway's HTTP server: framework errors (bad percent-encoding in the
 * path, over-long path parameters) and client errors answered as problem+json, prototype keys in
 * JSON refused by fastify's own parser too.
 */
export function gatewayServerOptions(logger: Logger): Partial<FastifyServerOptions> {
  return {
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    clientErrorHandler,
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(reply, error, logger, request),
  };
}

/**
 * Input rules at the edge: JSON bodies through {@link parseUntrustedJson} (and no `text/plain`
 * bodies: the API takes JSON or a file), query strings and path parameters without control
 * characters or prototype keys.
 */
export function registerEdgeInput(app: NestFastifyApplication, fileBodyLimit: number): void {
  const bodyLimit = Math.min(MAX_JSON_BODY_BYTES, fileBodyLimit);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  // Through Nest, so that it does not add its own JSON and form parsers at init.
  app.useBodyParser('application/json', { bodyLimit }, (_req, body, done) => {
    try {
      done(null, parseUntrustedJson(body.toString('utf8')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_req, _body, done) =>
    done(
      new ProblemError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Jenis isi (Content-Type) ini tidak didukung: kirim JSON.'),
      undefined,
    ),
  );
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      checkUrlInput(request);
      done();
    } catch (err) {
      done(err as Error);
    }
  });
}
