import type { EntityManager } from 'typeorm';
import {
  EVENTS,
  declaredEventSubject,
  isEventSubject,
  ownerSubject,
  validatePayload,
  type Actor,
  type Envelope,
  type EventPayload,
  type EventSubject,
  type PayloadClass,
} from '@slrt/contracts';
import { buildEnvelope, envelopeHeaders, type Producer, type PublishMeta } from './envelope.js';
import { OUTBOX_WRITTEN, outboxCommitHook } from './outbox.relay.js';
import { outboxChannel } from './tables.js';

/** Event subjects addressed to a programme owner (declared with `*` for the owner code). */
export type OwnerEventSubject = Extract<EventSubject, `slrt.owner.*.${string}`>;
/** Roll-up subjects (declared with `*` for the region), published straight to a hub, never through an outbox. */
export type RollupEventSubject = Extract<EventSubject, `slrt.rollup.*.${string}`>;
/** Event subjects a service publishes under its own name. */
export type PlainEventSubject = Exclude<EventSubject, OwnerEventSubject | RollupEventSubject>;

/** Raised when code tries to publish a payload that does not satisfy its contract. */
export class InvalidEventError extends Error {
  constructor(subject: string, problems: string) {
    super(`Refusing to publish an invalid ${subject}: ${problems}`);
    this.name = 'InvalidEventError';
  }
}

/**
 * Publishes events through the transactional outbox: the event row commits (or rolls back) with
 * the caller's state change, and the relay sends it to JetStream afterwards. NATS being down never
 * fails the caller's transaction.
 */
/**
 * The envelope of an event on `concrete` (the declared subject, or an owner's or a region's subject of it),
 * validated against the contracts catalogue. Throws `InvalidEventError`.
 */
export function buildEventEnvelope<T extends object>(
  producer: Producer,
  declared: string,
  concrete: string,
  data: T,
  meta: PublishMeta & { actor?: Actor | null } = {},
): Envelope<T> {
  if (!isEventSubject(declared) || (declaredEventSubject(concrete) !== declared && concrete !== declared)) {
    throw new InvalidEventError(concrete, 'subject is not declared in the contracts catalogue');
  }
  const cls = EVENTS[declared] as PayloadClass<T>;
  const check = validatePayload(cls, JSON.parse(JSON.stringify(data)));
  if (!check.ok)
    throw new InvalidEventError(
      concrete,
      check.fieldErrors.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; '),
    );
  return buildEnvelope(producer, concrete, data, meta);
}

/** An outbox row built as `publish` writes it, for a statement of the caller's own (`OutboxPublisher.prepare`). */
export interface PreparedOutboxRow {
  id: string;
  subject: string;
  /** The envelope, JSON (for a `jsonb` parameter). */
  envelope: string;
  /** The NATS headers, JSON (for a `jsonb` parameter). */
  headers: string;
}

export class OutboxPublisher {
  private readonly producer: Producer;

  constructor(private readonly options: Producer & { schema: string }) {
    this.producer = { service: options.service, kabKotaCode: options.kabKotaCode };
  }

  /** Writes `data` as an event on `subject` inside the transaction of `manager`. */
  async publish<S extends PlainEventSubject>(
    manager: EntityManager,
    subject: S,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): Promise<Envelope<EventPayload<S>>> {
    return this.write(manager, subject, subject, data, meta);
  }

  /** Writes an event addressed to one programme owner (`slrt.owner.<code>.…`). */
  async publishToOwner<S extends OwnerEventSubject>(
    manager: EntityManager,
    subject: S,
    ownerCode: string,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): Promise<Envelope<EventPayload<S>>> {
    // While no owner subject is declared, EventPayload<S> is `never`-like: widen for the shared writer.
    return this.write(manager, subject, ownerSubject(subject, ownerCode), data as object, meta) as Promise<
      Envelope<EventPayload<S>>
    >;
  }

  /**
   * The row `publish` would write, validated the same way, for a caller that writes its state
   * change and its events in one statement of its own (one round trip instead of one per row).
   * Insert it into `table` (`id, subject, envelope, headers`), send `ownStatement(manager)`'s
   * `pg_notify` in the same statement, and call its `written()` once the statement succeeded.
   */
  prepare<S extends PlainEventSubject>(
    subject: S,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): PreparedOutboxRow {
    const envelope = buildEventEnvelope(this.producer, subject, subject, data, meta);
    return {
      id: envelope.id,
      subject,
      envelope: JSON.stringify(envelope),
      headers: JSON.stringify(envelopeHeaders(envelope as Envelope)),
    };
  }

  /** The outbox table of this service, schema-qualified (for statements writing `prepare`d rows). */
  get table(): string {
    return `"${this.options.schema}".outbox`;
  }

  /**
   * For a statement of the caller's own writing `prepare`d rows in `manager`: the `pg_notify`
   * channel and payload to send with them (delivered only if the rows commit), and `written`, to
   * call after the statement succeeded: it wakes this process's relay when `manager`'s transaction
   * commits, or at once when the statement ran outside a transaction (it committed by itself).
   */
  ownStatement(manager: EntityManager): { channel: string; token: string; written: () => void } {
    const qr = manager.queryRunner;
    const inTransaction = Boolean(qr?.isTransactionActive);
    const hook = outboxCommitHook(inTransaction ? qr!.connection : manager.connection);
    return {
      channel: outboxChannel(this.options.schema),
      token: hook?.outboxRelayToken ?? '',
      written: () => {
        if (!hook) return;
        if (inTransaction) qr!.data[OUTBOX_WRITTEN] = true;
        else hook.wakeRelay();
      },
    };
  }

  private async write<T extends object>(
    manager: EntityManager,
    declared: string,
    concrete: string,
    data: T,
    meta: PublishMeta & { actor?: Actor | null },
  ): Promise<Envelope<T>> {
    const envelope = buildEventEnvelope(this.producer, declared, concrete, data, meta);
    const headers = envelopeHeaders(envelope as Envelope);
    // A relay running on this transaction's DataSource is woken in-process right after the COMMIT
    // (its commit hook): its token in the NOTIFY tells its LISTEN connection to skip this one.
    const qr = manager.queryRunner;
    const hook = qr?.isTransactionActive ? outboxCommitHook(qr.connection) : undefined;
    // One round trip: the row, and the NOTIFY that wakes relays elsewhere (delivered only if and
    // when this transaction commits).
    await manager.query(
      `WITH row AS (INSERT INTO "${this.options.schema}".outbox (id, subject, envelope, headers) VALUES ($1, $2, $3, $4) RETURNING 1)
       SELECT pg_notify($5, $6) FROM row`,
      [
        envelope.id,
        concrete,
        JSON.stringify(envelope),
        JSON.stringify(headers),
        outboxChannel(this.options.schema),
        hook?.outboxRelayToken ?? '',
      ],
    );
    if (hook) qr!.data[OUTBOX_WRITTEN] = true;
    return envelope;
  }
}
