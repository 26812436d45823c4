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

/**
 * An event checked against its contract and put in its envelope, not yet written:
 * `OutboxPublisher.prepare` / `prepareToOwner` make one, `OutboxPublisher.write` writes several in
 * one round trip (optionally with the caller's own statement).
 */
export interface PreparedEvent<T extends object = object> {
  readonly envelope: Envelope<T>;
  readonly headers: Record<string, string>;
}

/**
 * The caller's own data-modifying statement, run in the same round trip as the outbox rows: `ctes`
 * is a list of common table expressions (`a AS (UPDATE …), b AS (INSERT …)`, parameters `$1…$n` from
 * `params`), `select` the statement's main query over them (`SELECT * FROM a`).
 */
export interface WithStatement {
  ctes: string;
  select: string;
  params: unknown[];
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
    const event = this.prepare(subject, data, meta);
    await this.write(manager, [event]);
    return event.envelope;
  }

  /** Writes an event addressed to one programme owner (`slrt.owner.<code>.…`). */
  async publishToOwner<S extends OwnerEventSubject>(
    manager: EntityManager,
    subject: S,
    ownerCode: string,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): Promise<Envelope<EventPayload<S>>> {
    const event = this.prepareToOwner(subject, ownerCode, data, meta);
    await this.write(manager, [event]);
    return event.envelope;
  }

  /** The envelope of an event on `subject`, validated now (throws `InvalidEventError`); written by `write`. */
  prepare<S extends PlainEventSubject>(
    subject: S,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): PreparedEvent<EventPayload<S>> {
    return this.envelope(subject, subject, data, meta);
  }

  /** The envelope of an event addressed to one programme owner, validated now; written by `write`. */
  prepareToOwner<S extends OwnerEventSubject>(
    subject: S,
    ownerCode: string,
    data: EventPayload<S>,
    meta: PublishMeta & { actor?: Actor | null } = {},
  ): PreparedEvent<EventPayload<S>> {
    // While no owner subject is declared, EventPayload<S> is `never`-like: widen for the shared builder.
    return this.envelope(subject, ownerSubject(subject, ownerCode), data as object, meta) as PreparedEvent<
      EventPayload<S>
    >;
  }

  /** The outbox table of this service, schema-qualified (for a statement of the caller's own writing `prepare`d events). */
  get table(): string {
    return `"${this.options.schema}".outbox`;
  }

  /**
   * For a statement of the caller's own writing `prepare`d events into `table` (`id, subject,
   * envelope, headers`; where `write`'s one statement does not fit, e.g. a named prepared statement
   * or an envelope completed in SQL) in `manager`: the `pg_notify`
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

  /**
   * Writes prepared events inside the transaction of `manager`, in one round trip, in the order
   * given; with `also`, the caller's statement runs in that same round trip and its rows are
   * returned (its CTEs and the outbox rows are one statement: they commit or roll back together).
   */
  async write<R = unknown>(
    manager: EntityManager,
    events: readonly PreparedEvent[],
    also?: WithStatement,
  ): Promise<R[]> {
    if (events.length === 0) return also ? manager.query(`WITH ${also.ctes} ${also.select}`, also.params) : [];
    // A relay running on this transaction's DataSource is woken in-process right after the COMMIT
    // (its commit hook): its token in the NOTIFY tells its LISTEN connection to skip this one.
    const qr = manager.queryRunner;
    const hook = qr?.isTransactionActive ? outboxCommitHook(qr.connection) : undefined;
    const params = also?.params ?? [];
    const n = params.length;
    // The rows keep the given order (`created_at` is the clock at each row's insert, VALUES are
    // inserted in their order; ties go by id, and UUIDv7 ids made one after the other ascend).
    // One parameter per column (no JSON array to parse and take apart again in PostgreSQL: cheaper
    // than `jsonb_to_recordset` for the usual one event). The NOTIFY wakes relays elsewhere
    // (delivered only if and when this transaction commits; repeats within a transaction are sent
    // once), and is made in the insert's RETURNING, which runs whether or not the main query reads it.
    const values = events.map((_, k) => {
      const p = n + 4 * k;
      return `($${p + 1}::uuid, $${p + 2}, $${p + 3}::jsonb, $${p + 4}::jsonb)`;
    });
    const m = n + 4 * events.length;
    const outbox = `slrt_outbox_rows AS (INSERT INTO "${this.options.schema}".outbox (id, subject, envelope, headers)
       VALUES ${values.join(', ')}
       RETURNING pg_notify($${m + 1}, $${m + 2}))`;
    const rows: R[] = await manager.query(
      also ? `WITH ${also.ctes}, ${outbox} ${also.select}` : `WITH ${outbox} SELECT count(*) FROM slrt_outbox_rows`,
      [
        ...params,
        ...events.flatMap((e) => [
          e.envelope.id,
          e.envelope.subject,
          JSON.stringify(e.envelope),
          JSON.stringify(e.headers),
        ]),
        outboxChannel(this.options.schema),
        hook?.outboxRelayToken ?? '',
      ],
    );
    if (hook) qr!.data[OUTBOX_WRITTEN] = true;
    return also ? rows : [];
  }

  private envelope<T extends object>(
    declared: string,
    concrete: string,
    data: T,
    meta: PublishMeta & { actor?: Actor | null },
  ): PreparedEvent<T> {
    const envelope = buildEventEnvelope(this.producer, declared, concrete, data, meta);
    return { envelope, headers: envelopeHeaders(envelope as Envelope) };
  }
}
