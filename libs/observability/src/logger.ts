import { pino, type Logger, type LoggerOptions } from 'pino';
import { RequestContext } from './request-context.js';
import { redactionPaths, scrubText } from './redaction.js';

export type { Logger } from 'pino';

/**
 * Creates the process's structured logger: JSON lines on stdout with `service`, the current
 * request context (correlationId, causationId, subject, eventId) and personal data redacted by
 * key at any reasonable depth and by pattern in messages.
 */
/**
 * Fields of database errors that carry row values: PostgreSQL's `detail` ("Failing row contains
 * (…)", "Key (nik)=(…)") and `where` (a COPY error's whole input line), TypeORM's `parameters` and
 * the `driverError` holding them again. Code, constraint, table and column stay to tell what failed.
 */
const ROW_DATA_ERROR_FIELDS = ['detail', 'where', 'internalQuery', 'parameters', 'driverError'] as const;

export function createLogger(service: string, level: string = 'info', destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    messageKey: 'msg',
    redact: { paths: redactionPaths(), censor: '[REDACTED]' },
    mixin() {
      const ctx = RequestContext.current();
      if (!ctx) return {};
      const out: Record<string, string> = { correlationId: ctx.correlationId };
      if (ctx.causationId) out.causationId = ctx.causationId;
      if (ctx.subject) out.subject = ctx.subject;
      if (ctx.eventId) out.eventId = ctx.eventId;
      if (ctx.actorId) out.actorId = ctx.actorId;
      return out;
    },
    hooks: {
      logMethod(args, method) {
        // Messages are free text: scrub anything shaped like a NIK/KK or phone number.
        const scrubbed = args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as typeof args;
        method.apply(this, scrubbed);
      },
    },
    serializers: {
      err: (err: unknown) => {
        const e = pino.stdSerializers.err(err as Error);
        const out: Record<string, unknown> = {
          ...e,
          message: scrubText(String(e.message ?? '')),
          stack: e.stack ? scrubText(e.stack) : undefined,
        };
        for (const key of ROW_DATA_ERROR_FIELDS) if (out[key] !== undefined) out[key] = '[REDACTED]';
        return out;
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
