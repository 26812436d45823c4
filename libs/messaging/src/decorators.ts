import { EventPattern, MessagePattern } from '@nestjs/microservices';
import type { EventSubject, RpcSubject } from '@slrt/contracts';
import { EventPrepareContext } from './context.js';

/** Options of a JetStream event handler. */
export interface OnEventOptions {
  /**
   * Durable consumer name, unique per service and handler, e.g. `referral-complaint-checked`.
   * WIRE-STABLE: renaming it starts a new consumer that replays the whole stream.
   */
  durable: string;
  /** Deliveries before the message goes to the DLQ (default from the transport, 5). */
  maxDeliver?: number;
  /** Messages handled at once by this process (default 1: stream order preserved). */
  concurrency?: number;
  /**
   * Call the handler for a message whose envelope or payload fails validation too (`data` null,
   * `ctx.invalid` set), in a transaction with its inbox row, instead of dead-lettering it: for
   * consumers that must answer every message, such as programme owners' answers (feedback).
   */
  handleInvalid?: boolean;
  /**
   * Opt-in group commit: messages fetched together (up to `maxMessages`, waiting at most
   * `maxWaitMs` after the first for more) are handled in ONE transaction: first as a whole (the
   * batch's inbox rows in one statement, then the handlers); if anything fails, that is rolled back
   * and the batch is redone with each inbox row and handler effect under its own SAVEPOINT (a
   * failing handler rolls back only its own work and is retried or dead-lettered as usual; the
   * handlers of such a batch run twice, their database work once), then one COMMIT, then every
   * succeeded message is acked.
   * If the COMMIT fails nothing is acked. Handlers of a batch run one after the other; `concurrency`
   * is then the number of batches at once (1: stream order preserved). With `concurrency` > 1 a
   * batch starts at once only when no other is in flight; while one is, the next waits until a fair
   * share of the messages the process may hold unacked (`max_ack_pending / concurrency`, at most
   * `maxMessages`) is buffered or a batch in flight ends, so that the batches do not shrink to one
   * message each under load. The handler must not hold locks others wait for, since its
   * transaction lasts the whole batch.
   */
  groupCommit?: { maxMessages: number; maxWaitMs: number };
  /**
   * A step run BEFORE the inbox transaction is opened, so no database connection is held while it
   * waits (typically a request to another service). It gets the handler's class instance (`self`),
   * the payload and an `EventPrepareContext`; what it returns is `ctx.prepared` in the handler, which
   * then runs in the transaction as usual. It throws like a handler does (retried with backoff,
   * dead-lettered when permanent), before anything is written. It runs for every delivery — again
   * on a redelivery, and for a duplicate the inbox then skips — so it must only read. Not called for
   * invalid messages (`handleInvalid`); not available with `groupCommit`.
   */
  prepare?: (self: never, data: never, ctx: EventPrepareContext) => Promise<unknown>;
}

export const SLRT_HANDLER_KIND = 'slrtKind';

/**
 * Handles a platform event from JetStream, exactly once in effect: the handler runs in a database
 * transaction together with the inbox row, gets that transaction in its `EventContext`, and the
 * message is acknowledged only after the commit.
 */
export function OnEvent(subject: EventSubject, options: OnEventOptions): MethodDecorator {
  if (options.prepare && options.groupCommit)
    throw new Error(`@OnEvent ${options.durable}: prepare is not available with groupCommit`);
  const pattern = EventPattern(subject, { [SLRT_HANDLER_KIND]: 'event', ...options }) as MethodDecorator;
  const prepare = options.prepare;
  if (!prepare) return pattern;
  return (target, key, descriptor) => {
    // The transport reaches the class instance only through Nest's handler: called with an
    // EventPrepareContext (the prepare phase) the method runs `prepare` instead of itself.
    const handle = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const pre = args.find((a): a is EventPrepareContext => a instanceof EventPrepareContext);
      return pre ? prepare(this as never, pre.envelope.data as never, pre) : handle.apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: handle.name });
    (descriptor as { value: unknown }).value = wrapped;
    return pattern(target, key, descriptor);
  };
}

/** Answers a request/reply subject (core NATS, queue group = service name). */
export function OnRequest(subject: RpcSubject): MethodDecorator {
  return MessagePattern(subject, { [SLRT_HANDLER_KIND]: 'rpc' }) as MethodDecorator;
}

/** What a class's `@OnEvent` handlers declare (subject, durable, options): checked against durables.json by the services' tests. */
export function eventHandlersOf(
  cls: new (...args: never[]) => unknown,
): Array<{ subject: string; durable: string; maxDeliver?: number; concurrency?: number }> {
  const out: Array<{ subject: string; durable: string; maxDeliver?: number; concurrency?: number }> = [];
  for (const name of Object.getOwnPropertyNames(cls.prototype)) {
    const method = (cls.prototype as Record<string, unknown>)[name];
    if (typeof method !== 'function') continue;
    const extras = Reflect.getMetadata('microservices:pattern_extras', method) as
      (OnEventOptions & { [SLRT_HANDLER_KIND]?: string }) | undefined;
    const patterns = Reflect.getMetadata('microservices:pattern', method) as string[] | undefined;
    if (extras?.[SLRT_HANDLER_KIND] !== 'event' || !patterns?.[0]) continue;
    out.push({
      subject: patterns[0],
      durable: extras.durable,
      ...(extras.maxDeliver ? { maxDeliver: extras.maxDeliver } : {}),
      ...(extras.concurrency ? { concurrency: extras.concurrency } : {}),
    });
  }
  return out;
}
