import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the platform knows about the unit of work in progress: an HTTP request, a NATS request or
 * an event being handled. Log lines pick these fields up automatically; messaging copies them
 * into the envelope and NATS headers of whatever the work publishes.
 */
export interface ContextData {
  /** Shared by everything one user action led to (the gateway's request id). */
  correlationId: string;
  /** Id of the message being handled, which caused whatever this work publishes. */
  causationId?: string;
  /** Subject being handled, for NATS work. */
  subject?: string;
  /** Envelope id of the event or request being handled. */
  eventId?: string;
  /** W3C traceparent of the work. */
  traceparent?: string;
  /** Id of the acting user or client (never a name). */
  actorId?: string;
}

const storage = new AsyncLocalStorage<ContextData>();

/** Ambient per-request context, propagated through async calls with AsyncLocalStorage. */
export const RequestContext = {
  /** Runs `fn` with `data` as the current context. */
  run<T>(data: ContextData, fn: () => T): T {
    return storage.run(data, fn);
  },
  /** The current context, if any work is in progress. */
  current(): ContextData | undefined {
    return storage.getStore();
  },
  /** Adds fields to the current context (no-op outside a context). */
  assign(fields: Partial<ContextData>): void {
    const store = storage.getStore();
    if (store) Object.assign(store, fields);
  },
};
