import type { EntityManager } from 'typeorm';
import type { Actor, Envelope, FieldError, ServiceName } from '@slrt/contracts';

/** A message that failed validation, handed to a handler declared with `handleInvalid`. */
export interface InvalidMessage {
  /** `body is not JSON`, `invalid envelope` or `invalid payload`. */
  reason: string;
  /** Fields that failed (paths in the envelope, e.g. `data.referralId`, `id`). */
  fieldErrors: FieldError[];
  /** The parsed body, or null when it is not JSON. Untrusted: read with care. */
  body: unknown;
  /** The envelope id when the body had a readable one (UUID), else null. */
  envelopeId: string | null;
}

/**
 * What an event handler's `prepare` step gets (see `OnEventOptions.prepare`): the envelope and where
 * the message came from, and no database transaction — the step runs before the inbox transaction
 * is opened.
 */
export class EventPrepareContext<T = unknown> {
  constructor(
    /** The whole envelope; `data` is the validated payload. */
    readonly envelope: Envelope<T>,
    /** 1 on the first delivery, counting up on redeliveries. */
    readonly deliveryCount: number,
    /** The durable consumer handling the event. */
    readonly durable: string,
    /** The subject the message actually arrived on. */
    readonly subject: string,
  ) {}
}

/**
 * What an event handler gets besides its payload (`@Ctx()`): the envelope, and the database
 * transaction in which its effect must be written. The transaction also holds the consumer's inbox
 * row, so the effect and "this event was processed" commit together or not at all; the message is
 * acknowledged only after that commit.
 */
export class EventContext<T = unknown, P = undefined> {
  constructor(
    /** The whole envelope (id, correlation, actor, …); `data` is the validated payload. */
    readonly envelope: Envelope<T>,
    /** The handler's transaction. Write every effect through it, and publish through the outbox with it. */
    readonly manager: EntityManager,
    /** 1 on the first delivery, counting up on redeliveries. */
    readonly deliveryCount: number,
    /** The durable consumer handling the event. */
    readonly durable: string,
    /**
     * The subject the message actually arrived on. For owner subjects this is the trustworthy
     * owner code (NATS permissions bind it to the publisher), not whatever the envelope claims.
     */
    readonly subject: string = envelope.subject,
    /** When JetStream stored the message (first received). */
    readonly receivedAt: Date = new Date(),
    /**
     * Set only for handlers declared with `handleInvalid`, when the message failed validation:
     * then `envelope` is a stand-in (`id` = the message's id or one derived from its stream
     * sequence, `data` null) and the handler must not trust anything but this.
     */
    readonly invalid: InvalidMessage | null = null,
    /**
     * With `groupCommit`: the payloads of every valid message handled in this same transaction, in
     * delivery order (this one included), so a handler can prefetch what the whole batch needs on its
     * first call. Without it: just this message's payload.
     */
    readonly batch: readonly unknown[] = [envelope.data],
    /** What the handler's `prepare` step returned for this delivery (undefined without one). */
    readonly prepared: P = undefined as P,
  ) {}
}

/**
 * What a request handler gets besides its payload (`@Ctx()`): the envelope, the caller's identity
 * and the service that sent it. Requests without an identity, and requests whose actor the sending
 * service may not assert (`callerMayAssert`), never reach a handler.
 */
export class RpcRequestContext<T = unknown> {
  constructor(
    readonly envelope: Envelope<T>,
    /**
     * Who asks, bound to the sending connection: a user or owner client only when the gateway
     * sent the request, otherwise exactly `system:<caller>`.
     */
    readonly actor: Actor,
    /** The service that sent the request: the last token of its wire subject, enforced by NATS permissions. */
    readonly caller: ServiceName,
  ) {}
}
