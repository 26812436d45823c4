/* eslint-disable max-lines -- the delivery path (decode, identity, roles, inbox, handler, settle, retry) is one state machine, read in order */
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { createHash } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import type { DataSource, EntityManager } from 'typeorm';
import {
  JetStreamApiError,
  jetstream,
  type Consumer,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JsMsg,
} from '@nats-io/jetstream';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import {
  EVENTS,
  MESSAGE_ID,
  RPCS,
  callerMayAssert,
  declaredEventSubject,
  dlqSubject,
  isEventSubject,
  isRpcSubject,
  parseRpcWireSubject,
  rpcAccessRefusal,
  streamForSubject,
  type Envelope,
  type FieldError,
  type PayloadClass,
  type RpcError,
  type RpcReply,
} from '@slrt/contracts';
import { NO_TRACING, RequestContext, type Logger, type Metrics, type Span, type Tracing } from '@slrt/observability';
import { OUTAGE_REDELIVERIES, OUTAGE_RETRY_MAX_MS, backoffMs } from './backoff.js';
import { EventContext, EventPrepareContext, RpcRequestContext, type InvalidMessage } from './context.js';
import { REQUEST_CHECKS } from './contract-checks.js';
import { SLRT_HANDLER_KIND, type OnEventOptions } from './decorators.js';
import {
  HEADER,
  decodeEnvelope,
  decodeEnvelopeMeta,
  decodePayload,
  fromNatsHeaders,
  toNatsHeaders,
} from './envelope.js';
import { isOutage, isPermanent, isRpcError } from './errors.js';
import { groupBatches } from './group-batches.js';
import { recordInbox, recordInboxBatch } from './inbox.js';

export interface JetStreamTransportOptions {
  /** Service name: queue group of its request subscriptions and prefix of its DLQ subjects. */
  service: string;
  nc: NatsConnection;
  dataSource: DataSource;
  /** Schema holding the service's inbox table. */
  schema: string;
  logger: Logger;
  metrics?: Metrics;
  /** Deliveries before an event goes to the DLQ, unless a handler says otherwise (default 5). */
  maxDeliver?: number;
  /** How long the server waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** Delay before the first redelivery after a transient failure; doubles each time (default 500 ms). */
  retryBaseMs?: number;
  /** A span per request handled and per event processed (none by default). */
  tracing?: Tracing;
}

interface PreparedEvent {
  m: JsMsg;
  envelope: Envelope<unknown>;
  invalid: InvalidMessage | null;
  receivedAt: Date;
  requestContext: Parameters<typeof RequestContext.run>[0];
  /** Ended when the event is settled (acked, retried or dead-lettered). */
  span: Span;
}

type BatchOutcome = { duplicate: boolean } | { err: unknown };

interface ConsumerRun {
  durable: string;
  /** The bound durable, once bound (for its lag at a scrape). */
  consumer: Consumer | null;
  messages: ConsumerMessages | null;
  loop: Promise<void>;
}

const GENERIC_INTERNAL = 'Terjadi kesalahan pada layanan. Silakan coba lagi; bila berulang, hubungi admin.';

/**
 * NestJS transport for the platform's NATS traffic, declared with `@OnEvent` and `@OnRequest`:
 *
 * - **Events** come from JetStream through a durable pull consumer per handler. Each message is
 *   validated against its subject's payload class, then handled inside one database transaction
 *   together with the consumer's inbox row; the ack is sent only after the commit. A duplicate
 *   (inbox row present) is acked and skipped. A transient failure is nak'ed with exponential
 *   backoff; an invalid payload, a `PermanentError`, or the last allowed delivery sends the message
 *   to `SLRT_DLQ` (original headers plus the reason) and terminates it, so the stream keeps flowing.
 * - **Requests** arrive on core NATS in the service's queue group, on their wire subject
 *   `<declared>.<caller>` (`rpcWireSubject`; nothing listens on the bare declared subject). Before
 *   the payload is looked at, the envelope's actor is bound to the calling service
 *   (`callerMayAssert`: the gateway asserts users and owner clients, any other service only
 *   `system:<itself>`); a request without an identity, or with one its sender may not assert, is
 *   refused. A user or owner client holding none of the roles the catalog declares for the subject
 *   (`RPCS[subject].roles`) is refused next (`FORBIDDEN`, `ROLE_NOT_ALLOWED`), before the handler
 *   runs. Then the payload is validated, and the reply is `{ ok: true, data }` or
 *   `{ ok: false, error }` with a typed error code.
 *
 * `close()` stops pulling, lets in-flight handlers finish (graceful drain on SIGTERM) and drains the
 * request subscriptions.
 */
export class JetStreamTransport extends Server implements CustomTransportStrategy {
  private js: JetStreamClient | null = null;
  private readonly consumers: ConsumerRun[] = [];
  private readonly subscriptions: Subscription[] = [];
  private readonly inflight = new Set<Promise<unknown>>();
  private running = false;

  constructor(private readonly o: JetStreamTransportOptions) {
    super();
  }

  on(): void {
    // Connection status is logged by connectNats; there are no transport events to subscribe to.
  }

  unwrap<T>(): T {
    return this.o.nc as T;
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.start().then(
      () => callback(),
      (err: unknown) => callback(err),
    );
  }

  private async start(): Promise<void> {
    this.running = true;
    this.js = jetstream(this.o.nc);
    for (const [pattern, handler] of this.messageHandlers) {
      const kind = handler.extras?.[SLRT_HANDLER_KIND];
      if (kind === 'event' || (kind === undefined && handler.isEventHandler)) {
        const options = handler.extras as unknown as OnEventOptions;
        const stream = streamForSubject(pattern);
        if (!stream)
          throw new Error(`No stream captures ${pattern}: declare it in libs/contracts/src/subjects/streams.ts`);
        const maxDeliver = options.maxDeliver ?? this.o.maxDeliver ?? 5;
        // The durable is created by the provisioning step (libs/messaging/src/durables.json); the
        // service only binds to it and has no right to create or alter consumers.
        this.consumers.push(this.consume(stream.name, options, maxDeliver, handler));
      } else {
        this.subscribeRequests(pattern, handler);
      }
    }
    // A round trip to the server, so that once the service reports started its request
    // subscriptions are registered there: a caller on another connection (the gateway) is not
    // answered "no responders" in the first moments. Bounded: a NATS outage must not hold start-up.
    if (this.subscriptions.length) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.o.nc.flush().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 2000)))]);
      clearTimeout(timer);
    }
    if (this.consumers.length) this.registerLagMetrics();
    this.o.logger.info(
      { consumers: this.consumers.map((c) => c.durable), requests: this.subscriptions.length },
      'NATS transport listening',
    );
  }

  /**
   * At each scrape, the lag of this service's durables as JetStream sees it (`CONSUMER.INFO`, which
   * each service may ask for its own durables only): messages not yet delivered, and delivered but
   * not yet acknowledged. One request per durable per scrape, shared by both gauges; a durable that
   * does not answer within 2 s is left out of that scrape.
   */
  private registerLagMetrics(): void {
    let last: { at: number; infos: Promise<Array<[string, ConsumerInfo]>> } | null = null;
    const infos = () => {
      if (!last || Date.now() - last.at > 1000) {
        last = {
          at: Date.now(),
          infos: Promise.all(
            this.consumers.map(async (c): Promise<[string, ConsumerInfo] | null> => {
              if (!c.consumer) return null;
              let timer: NodeJS.Timeout | undefined;
              try {
                const info = await Promise.race([
                  c.consumer.info(),
                  new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2000))),
                ]);
                return [c.durable, info];
              } catch {
                return null;
              } finally {
                clearTimeout(timer);
              }
            }),
          ).then((all) => all.filter((x): x is [string, ConsumerInfo] => x !== null)),
        };
      }
      return last.infos;
    };
    const gauge = (name: string, help: string, value: (i: ConsumerInfo) => number) =>
      this.o.metrics?.gauge(name, help, ['durable'], async (g) => {
        g.reset();
        for (const [durable, info] of await infos()) g.set({ durable }, value(info));
      });
    gauge(
      'slrt_jetstream_consumer_pending',
      'Messages of the stream not yet delivered to the durable',
      (i) => i.num_pending,
    );
    gauge(
      'slrt_jetstream_consumer_ack_pending',
      'Messages delivered to the durable and not yet acknowledged',
      (i) => i.num_ack_pending,
    );
  }

  async close(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    for (const c of this.consumers) await c.messages?.close().catch(() => undefined);
    await Promise.allSettled(this.subscriptions.map((s) => s.drain()));
    await Promise.allSettled([...this.inflight]);
    await Promise.allSettled(this.consumers.map((c) => c.loop));
    this.o.logger.info('NATS transport stopped');
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────────

  private consume(stream: string, options: OnEventOptions, maxDeliver: number, handler: MessageHandler): ConsumerRun {
    const run: ConsumerRun = { durable: options.durable, consumer: null, messages: null, loop: Promise.resolve() };
    const concurrency = Math.max(1, options.concurrency ?? 1);
    run.loop = (async () => {
      let failures = 0;
      while (this.running) {
        try {
          const consumer = await this.js!.consumers.get(stream, options.durable);
          run.consumer = consumer;
          const group = options.groupCommit;
          const pull = Math.max(8, concurrency * 2, group ? group.maxMessages * 2 : 0);
          run.messages = await consumer.consume({ max_messages: pull });
          if (!this.running) await run.messages.close();
          failures = 0;
          if (group) {
            // Messages this process can hold unacked at once: the pull buffer, or the durable's
            // max_ack_pending when smaller (the server sends no more until some are acked).
            const maxAckPending = (await consumer.info(true).catch(() => null))?.config.max_ack_pending ?? -1;
            const window = maxAckPending > 0 ? Math.min(pull, maxAckPending) : pull;
            await groupBatches(run.messages, { ...group, concurrency, window }, (batch) =>
              this.track(
                this.processBatch(batch, options.durable, maxDeliver, handler, options.handleInvalid === true),
              ),
            );
          } else {
            const active = new Set<Promise<void>>();
            for await (const m of run.messages) {
              const p = this.track(
                this.processEvent(m, options.durable, maxDeliver, handler, options.handleInvalid === true),
              );
              active.add(p);
              void p.finally(() => active.delete(p));
              if (active.size >= concurrency) await Promise.race(active);
            }
            await Promise.allSettled(active);
          }
        } catch (err) {
          if (!this.running) break;
          failures++;
          const missing = err instanceof JetStreamApiError && (err.code === 10014 || err.code === 10059);
          if (missing && (failures === 1 || failures % 20 === 0)) {
            this.o.logger.error(
              { durable: options.durable, stream },
              'durable consumer missing: run the provisioning step (npm run migrate / `slrt provision`, identity "provisioner"); retrying',
            );
          } else if (failures === 1 || failures % 20 === 0)
            this.o.logger.warn({ err, durable: options.durable }, 'JetStream consumer interrupted; resuming');
        }
        if (this.running) await new Promise((r) => setTimeout(r, backoffMs(failures + 1, 250, 5000)));
      }
    })();
    return run;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }

  /** Decodes a message; an invalid one is dead-lettered here (null) unless the handler takes invalid messages. */
  private async prepareEvent(m: JsMsg, durable: string, handleInvalid: boolean): Promise<PreparedEvent | null> {
    const declared = isEventSubject(m.subject) ? m.subject : declaredEventSubject(m.subject);
    const cls = isEventSubject(declared) ? (EVENTS[declared] as PayloadClass) : undefined;
    const decoded = decodeEnvelope(m.data, cls);
    let invalid: InvalidMessage | null = null;
    if (!decoded.ok) {
      if (!handleInvalid) {
        const fields = decoded.fieldErrors?.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ');
        await this.deadLetter(m, durable, `${decoded.reason}${fields ? ` (${fields})` : ''}`);
        return null;
      }
      invalid = invalidMessage(m, decoded.reason, decoded.fieldErrors ?? []);
    }
    const envelope = decoded.ok ? decoded.envelope : standInEnvelope(m, invalid!);
    const receivedAt = new Date(Math.floor(Number(m.info.timestampNanos) / 1e6));
    const headers = fromNatsHeaders(m.headers);
    const span = (this.o.tracing ?? NO_TRACING).start(`${m.subject} process`, 'consumer', headers[HEADER.traceparent], {
      'messaging.system': 'nats',
      'messaging.operation.type': 'process',
      'messaging.destination.name': m.subject,
      'messaging.consumer.group.name': durable,
      'messaging.message.id': envelope.id,
    });
    const requestContext = {
      correlationId: envelope.correlationId,
      causationId: envelope.id,
      subject: m.subject,
      eventId: envelope.id,
      traceparent: span.traceparent,
      ...(envelope.actor ? { actorId: envelope.actor.id } : {}),
    };
    return { m, envelope, invalid, receivedAt, requestContext, span };
  }

  /** Inbox row, then the handler, in the transaction of `manager`; false when the inbox already had it. */
  private async handleInTransaction(
    p: PreparedEvent,
    manager: EntityManager,
    durable: string,
    handler: MessageHandler,
    batch?: readonly unknown[],
    prepared?: unknown,
  ): Promise<boolean> {
    if (!(await recordInbox(manager, this.o.schema, durable, p.envelope.id, p.m.subject))) return false;
    await this.runHandler(p, manager, durable, handler, batch, prepared);
    return true;
  }

  /** The handler, in the transaction of `manager` that holds the message's inbox row. */
  private async runHandler(
    p: PreparedEvent,
    manager: EntityManager,
    durable: string,
    handler: MessageHandler,
    batch?: readonly unknown[],
    prepared?: unknown,
  ): Promise<void> {
    const ctx = new EventContext(
      p.envelope,
      manager,
      p.m.info.deliveryCount,
      durable,
      p.m.subject,
      p.receivedAt,
      p.invalid,
      batch ?? [p.envelope.data],
      prepared,
    );
    const result = await handler(p.envelope.data, ctx);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  private async processEvent(
    m: JsMsg,
    durable: string,
    maxDeliver: number,
    handler: MessageHandler,
    handleInvalid: boolean,
  ): Promise<void> {
    const p = await this.prepareEvent(m, durable, handleInvalid);
    if (!p) return;
    let duplicate = false;
    try {
      await RequestContext.run(p.requestContext, async () => {
        // The handler's `prepare` step, before the transaction: no connection held while it waits.
        const prepared =
          (handler.extras as OnEventOptions | undefined)?.prepare && !p.invalid
            ? await this.runPrepare(p, durable, handler)
            : undefined;
        await this.o.dataSource.transaction(async (manager) => {
          duplicate = !(await this.handleInTransaction(p, manager, durable, handler, undefined, prepared));
        });
      });
    } catch (err) {
      await this.settleFailure(p, durable, maxDeliver, err);
      return;
    }
    this.settleSuccess(p, durable, duplicate);
  }

  /** Calls the handler in its prepare phase (the `@OnEvent` wrapper runs `prepare`), outside any transaction. */
  private async runPrepare(p: PreparedEvent, durable: string, handler: MessageHandler): Promise<unknown> {
    const result = await handler(
      p.envelope.data,
      new EventPrepareContext(p.envelope, p.m.info.deliveryCount, durable, p.m.subject),
    );
    return lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  /**
   * Group commit: the messages of `msgs` in one transaction, one COMMIT, then the acks. First try
   * (`commitWhole`): the batch's inbox rows in one statement, then the handlers one after the other,
   * nothing else. If anything in it fails, all of it is rolled back and the batch is done again
   * with a savepoint per message (`commitWithSavepoints`): a failing handler then rolls back to its
   * savepoint and its message is retried or dead-lettered as alone; if the COMMIT fails, no
   * message is acked.
   */
  private async processBatch(
    msgs: JsMsg[],
    durable: string,
    maxDeliver: number,
    handler: MessageHandler,
    handleInvalid: boolean,
  ): Promise<void> {
    const prepared: PreparedEvent[] = [];
    for (const m of msgs) {
      const p = await this.prepareEvent(m, durable, handleInvalid);
      if (p) prepared.push(p);
    }
    if (!prepared.length) return;
    const batch = prepared.filter((p) => !p.invalid).map((p) => p.envelope.data);
    const outcome =
      (await this.commitWhole(prepared, durable, handler, batch)) ??
      (await this.commitWithSavepoints(prepared, durable, handler, batch));
    for (const p of prepared) {
      const o = outcome.get(p)!;
      if ('err' in o) await this.settleFailure(p, durable, maxDeliver, o.err);
      else this.settleSuccess(p, durable, o.duplicate);
    }
    this.o.metrics
      ?.histogram(
        'slrt_events_group_size',
        'Messages per group-committed transaction',
        ['durable'],
        [1, 2, 4, 8, 16, 32, 64, 128],
      )
      .observe({ durable }, prepared.length);
  }

  /**
   * The batch as a whole: one statement for its inbox rows, the fresh messages' handlers, COMMIT —
   * two round trips per batch plus the handlers' own. Null when anything failed: the transaction is
   * then rolled back (nothing of it exists, nothing is acked) and the caller redoes the batch with
   * savepoints, so the handlers of a batch that fails run twice in this delivery (their database
   * work once).
   */
  private async commitWhole(
    prepared: PreparedEvent[],
    durable: string,
    handler: MessageHandler,
    batch: readonly unknown[],
  ): Promise<Map<PreparedEvent, BatchOutcome> | null> {
    const outcome = new Map<PreparedEvent, BatchOutcome>();
    try {
      await this.o.dataSource.transaction(async (manager) => {
        const fresh = await recordInboxBatch(
          manager,
          this.o.schema,
          durable,
          prepared.map((p) => ({ eventId: p.envelope.id, subject: p.m.subject })),
        );
        for (const [i, p] of prepared.entries()) {
          outcome.set(p, { duplicate: !fresh[i] });
          if (fresh[i])
            await RequestContext.run(p.requestContext, () => this.runHandler(p, manager, durable, handler, batch));
        }
      });
    } catch (err) {
      this.o.logger.debug(
        { durable, reason: this.describe(err) },
        'group commit: batch failed as a whole; redone with savepoints',
      );
      return null;
    }
    return outcome;
  }

  /** The batch with a savepoint per message: only a failing message's work is rolled back. */
  private async commitWithSavepoints(
    prepared: PreparedEvent[],
    durable: string,
    handler: MessageHandler,
    batch: readonly unknown[],
  ): Promise<Map<PreparedEvent, BatchOutcome>> {
    const outcome = new Map<PreparedEvent, BatchOutcome>();
    try {
      await this.o.dataSource.transaction(async (manager) => {
        // One savepoint per message, never released (a round trip saved per message; the COMMIT
        // keeps the work of all of them): ROLLBACK TO names the most recent one, this message's.
        for (const p of prepared) {
          await manager.query('SAVEPOINT slrt_event');
          try {
            const fresh = await RequestContext.run(p.requestContext, () =>
              this.handleInTransaction(p, manager, durable, handler, batch),
            );
            outcome.set(p, { duplicate: !fresh });
          } catch (err) {
            // Undo this message's work only; if even that fails the transaction is lost (throws: nothing acked).
            await manager.query('ROLLBACK TO SAVEPOINT slrt_event');
            outcome.set(p, { err });
          }
        }
      });
    } catch (err) {
      // The COMMIT (or the transaction) failed: nothing of it exists, every message is a failure.
      for (const p of prepared) outcome.set(p, { err: (outcome.get(p) as { err?: unknown } | undefined)?.err ?? err });
    }
    return outcome;
  }

  private settleSuccess(p: PreparedEvent, durable: string, duplicate: boolean): void {
    p.m.ack();
    p.span.end({ attributes: { 'slrt.duplicate': duplicate } });
    if (duplicate) {
      this.o.logger.debug({ durable, eventId: p.envelope.id }, 'duplicate event skipped');
      this.o.metrics
        ?.counter('slrt_events_duplicate_total', 'Events skipped as already processed (inbox)', ['durable'])
        .inc({ durable });
    } else {
      this.o.metrics?.counter('slrt_events_processed_total', 'Events processed', ['durable']).inc({ durable });
    }
  }

  private async settleFailure(p: PreparedEvent, durable: string, maxDeliver: number, err: unknown): Promise<void> {
    const { m, envelope } = p;
    p.span.end({ error: true, attributes: { 'messaging.delivery.count': m.info.deliveryCount } });
    const deliveryCount = m.info.deliveryCount;
    const failure = this.describe(err);
    // PostgreSQL or a service out of reach is not the event's fault: such deliveries get their own,
    // larger budget (a crash and its recovery must not send a stream's worth of events to the DLQ).
    const outage = isOutage(err);
    if (isPermanent(err)) {
      await this.deadLetter(m, durable, `rejected by handler: ${err.reason}`);
    } else if (deliveryCount >= maxDeliver + (outage ? OUTAGE_REDELIVERIES : 0)) {
      await this.deadLetter(m, durable, `failed ${deliveryCount} times; last error: ${failure}`);
    } else {
      const delay = backoffMs(deliveryCount, this.o.retryBaseMs ?? 500, outage ? OUTAGE_RETRY_MAX_MS : 60_000);
      this.o.logger.warn(
        { durable, eventId: envelope.id, deliveryCount, retryInMs: delay, reason: failure },
        'event handler failed; will retry',
      );
      this.o.metrics
        ?.counter('slrt_events_retried_total', 'Events nak\u2019ed for redelivery', ['durable'])
        .inc({ durable });
      m.nak(delay);
    }
  }

  /** Sends the message to `SLRT_DLQ` with the original headers and the reason, then terminates it. */
  private async deadLetter(m: JsMsg, durable: string, reason: string): Promise<void> {
    const original = fromNatsHeaders(m.headers);
    const originalId = original[HEADER.msgId] ?? `${m.info.stream}-${m.info.streamSequence}`;
    delete original[HEADER.msgId];
    const headers = toNatsHeaders({
      ...original,
      [HEADER.dlqReason]: reason.slice(0, 2000),
      [HEADER.dlqSubject]: m.subject,
      [HEADER.dlqStream]: m.info.stream,
      [HEADER.dlqSequence]: String(m.info.streamSequence),
      [HEADER.dlqDeliveries]: String(m.info.deliveryCount),
      [HEADER.dlqConsumer]: durable,
    });
    try {
      await this.js!.publish(dlqSubject(this.o.service, durable), m.data, {
        headers,
        msgID: `${originalId}:${durable}`,
      });
    } catch (err) {
      // The DLQ is unreachable: keep the message and try again later rather than lose it.
      this.o.logger.error({ err, durable }, 'could not publish to the dead-letter stream; will retry');
      m.nak(5000);
      return;
    }
    m.term();
    this.o.logger.warn(
      { durable, subject: m.subject, streamSequence: m.info.streamSequence, reason },
      'event sent to the dead-letter stream',
    );
    this.o.metrics?.counter('slrt_events_dead_lettered_total', 'Events sent to SLRT_DLQ', ['durable']).inc({ durable });
  }

  // ── requests ────────────────────────────────────────────────────────────────────────────────

  private subscribeRequests(subject: string, handler: MessageHandler): void {
    if (!isRpcSubject(subject))
      throw new Error(`@OnRequest subject ${subject} is not declared in libs/contracts (RPCS)`);
    // The wire subject carries the caller as a sixth token (rpcWireSubject); the bare subject is not served.
    const sub = this.o.nc.subscribe(`${subject}.*`, {
      queue: this.o.service,
      callback: (err, msg) => {
        if (err) {
          this.o.logger.error({ err, subject }, 'request subscription failed');
          return;
        }
        void this.track(this.processRequest(subject, msg, handler));
      },
    });
    this.subscriptions.push(sub);
  }

  private async processRequest(subject: keyof typeof RPCS, msg: Msg, handler: MessageHandler): Promise<void> {
    const spec = RPCS[subject];
    const started = process.hrtime.bigint();
    const headers = fromNatsHeaders(msg.headers);
    const span = (this.o.tracing ?? NO_TRACING).start(subject, 'server', headers[HEADER.traceparent], {
      'rpc.system': 'nats',
      'rpc.method': subject,
    });
    const reply = (body: RpcReply<unknown>) => {
      if (msg.reply) msg.respond(JSON.stringify(body));
      span.end({
        error: !body.ok && body.error.code === 'INTERNAL',
        attributes: { 'slrt.outcome': body.ok ? 'ok' : (body.error.reason ?? body.error.code) },
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.o.metrics
        ?.histogram(
          'slrt_rpc_handled_seconds',
          'Requests handled',
          ['subject', 'outcome'],
          [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        )
        .observe({ subject, outcome: body.ok ? 'ok' : body.error.code }, seconds);
    };
    const fail = (error: RpcError) => reply({ ok: false, error });
    const refuse = (log: Record<string, unknown>) => {
      // A forged or misrouted identity: a security event. Ids and kinds only, never personal data.
      this.o.logger.warn(
        { subject, wireSubject: msg.subject.slice(0, 200), ...log },
        'request refused: the sender may not act as this actor',
      );
      this.o.metrics
        ?.counter('slrt_rpc_refused_identity_total', 'Requests refused because the sender may not assert their actor', [
          'subject',
        ])
        .inc({ subject });
      fail({
        code: 'FORBIDDEN',
        reason: 'ACTOR_NOT_ALLOWED',
        detail: 'Pengirim permintaan tidak berwenang bertindak atas nama identitas yang dicantumkan.',
      });
    };

    // Who sent it: the last token of the subject, which NATS permissions bind to the sender.
    const wire = parseRpcWireSubject(msg.subject);
    if (!wire || wire.declared !== subject) return refuse({ caller: null });
    const caller = wire.caller;

    let meta: ReturnType<typeof decodeEnvelopeMeta>;
    try {
      meta = decodeEnvelopeMeta(msg.data);
    } catch {
      return fail({ code: 'BAD_REQUEST', detail: 'Permintaan tidak dapat dibaca.', reason: 'MALFORMED_ENVELOPE' });
    }
    if (!meta.ok)
      return fail({ code: 'BAD_REQUEST', detail: 'Permintaan tidak dapat dibaca.', reason: 'MALFORMED_ENVELOPE' });
    const actor = meta.envelope.actor;
    if (!actor) return fail({ code: 'UNAUTHENTICATED', detail: 'Permintaan tanpa identitas pemanggil ditolak.' });
    // The identity binding, before anything depends on the payload.
    if (!callerMayAssert(caller, actor) || meta.envelope.producer !== caller) {
      return refuse({
        caller,
        producer: meta.envelope.producer.slice(0, 60),
        actorKind: actor.kind,
        actorId: actor.id,
      });
    }
    // The roles declared for this request in the catalog, before the payload is looked at and the handler runs.
    const refusal = rpcAccessRefusal(spec, actor);
    if (refusal) {
      this.o.metrics
        ?.counter(
          'slrt_rpc_refused_role_total',
          'Requests refused because the caller holds none of the declared roles',
          ['subject'],
        )
        .inc({ subject });
      return fail({ code: 'FORBIDDEN', reason: refusal, detail: 'Peran Anda tidak berwenang melakukan tindakan ini.' });
    }

    const decoded = decodePayload(meta.envelope, spec.request as PayloadClass, REQUEST_CHECKS[subject]);
    if (!decoded.ok) {
      const fieldErrors: FieldError[] | undefined = decoded.fieldErrors?.map((f) => ({
        ...f,
        field: f.field.replace(/^data\.?/, ''),
      }));
      if (decoded.reason === 'invalid payload')
        return fail({
          code: 'VALIDATION_FAILED',
          detail: 'Data yang dikirim tidak valid. Periksa isian yang ditandai.',
          fieldErrors: fieldErrors ?? [],
        });
      return fail({ code: 'BAD_REQUEST', detail: 'Permintaan tidak dapat dibaca.', reason: 'MALFORMED_ENVELOPE' });
    }
    const envelope = decoded.envelope;
    try {
      const data = await RequestContext.run(
        {
          correlationId: envelope.correlationId,
          causationId: envelope.id,
          subject,
          eventId: envelope.id,
          actorId: actor.id,
          traceparent: span.traceparent,
        },
        async () =>
          lastValueFrom(
            this.transformToObservable(await handler(envelope.data, new RpcRequestContext(envelope, actor, caller))),
            { defaultValue: undefined },
          ),
      );
      // The reply is validated by the caller's RpcClient against the same contract (once, not twice).
      reply({ ok: true, data });
    } catch (err) {
      if (isRpcError(err)) return fail(err);
      this.o.logger.error({ subject, reason: this.describe(err) }, 'request handler failed');
      fail({ code: 'INTERNAL', detail: GENERIC_INTERNAL });
    }
  }

  private describe(err: unknown): string {
    if (err instanceof Error) return err.message;
    if (typeof err === 'object' && err !== null) {
      const o = err as { message?: unknown; reason?: unknown; detail?: unknown };
      return String(o.reason ?? o.detail ?? o.message ?? JSON.stringify(err));
    }
    return String(err);
  }
}

/** What a `handleInvalid` handler learns of a message that failed validation. */
function invalidMessage(m: JsMsg, reason: string, fieldErrors: FieldError[]): InvalidMessage {
  let body: unknown = null;
  try {
    body = JSON.parse(Buffer.from(m.data).toString('utf8'));
  } catch {
    body = null;
  }
  const id =
    body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { id?: unknown }).id : undefined;
  return {
    reason,
    fieldErrors,
    body,
    envelopeId: typeof id === 'string' && MESSAGE_ID.test(id) ? id.toLowerCase() : null,
  };
}

/**
 * The envelope a `handleInvalid` handler gets for an invalid message: its own id when readable,
 * else a UUID derived from its stream and sequence (stable across redeliveries, so the inbox still
 * makes the effect happen once); `data` null.
 */
function standInEnvelope(m: JsMsg, invalid: InvalidMessage) {
  const hash = createHash('sha256').update(`${m.info.stream}:${m.info.streamSequence}`).digest('hex');
  const derived = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-${((parseInt(hash[16]!, 16) & 0x3) | 0x8).toString(16)}${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  const id = invalid.envelopeId ?? derived;
  return {
    id,
    subject: m.subject,
    occurredAt: new Date().toISOString(),
    producer: 'unknown',
    kabKotaCode: '00.00',
    correlationId: id,
    causationId: null,
    actor: null,
    data: null as unknown as object,
  };
}
