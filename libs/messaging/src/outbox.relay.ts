import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { JetStreamClient } from '@nats-io/jetstream';
import type { Logger } from '@slrt/observability';
import type { Metrics } from '@slrt/observability';
import { backoffMs } from './backoff.js';
import { toNatsHeaders } from './envelope.js';
import { outboxChannel } from './tables.js';

/** Set on a query runner's `data` by `OutboxPublisher` when its open transaction wrote an outbox row. */
export const OUTBOX_WRITTEN = 'slrtOutboxWritten';

/**
 * What a running relay adds to its DataSource's subscribers: after the COMMIT of a transaction
 * that wrote outbox rows, it wakes the relay in-process (no NOTIFY round trip through
 * PostgreSQL). `token` is the NOTIFY payload `OutboxPublisher` writes for such rows, so that
 * this relay's LISTEN connection ignores the redundant notification.
 */
export interface OutboxCommitHook extends EntitySubscriberInterface {
  readonly outboxRelayToken: string;
  /** Wakes the relay now: for rows committed by a statement outside any transaction (its own commit). */
  readonly wakeRelay: () => void;
}

/** The running relay's hook on `dataSource`, if any (for `OutboxPublisher`). */
export function outboxCommitHook(dataSource: DataSource | undefined): OutboxCommitHook | undefined {
  return dataSource?.subscribers.find((s): s is OutboxCommitHook => 'outboxRelayToken' in s);
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** PostgreSQL URL for the dedicated LISTEN connection. */
  databaseUrl: string;
  schema: string;
  js: JetStreamClient;
  logger: Logger;
  metrics?: Metrics;
  /** Rows published per transaction (default 256). */
  batchSize?: number;
  /** Fallback polling interval when no NOTIFY arrives (default 1000 ms). */
  pollIntervalMs?: number;
  /**
   * After a wake-up, how long to let more commits arrive before publishing (default 2 ms): under
   * load one batch then carries many rows instead of one round of queries per commit.
   */
  coalesceMs?: number;
  /** How long a PubAck may take before the batch is retried (default 5000 ms). */
  publishTimeoutMs?: number;
  /** Sent rows older than this are deleted (default 7 days; 0 keeps them). */
  retainSentMs?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  /** The envelope as PostgreSQL prints the `jsonb` (`envelope::text`): published as it is, never parsed here. */
  envelope: string;
  headers: Record<string, string>;
}

/**
 * Sends committed outbox rows to JetStream. Safe with any number of instances: each batch is
 * claimed with `FOR UPDATE SKIP LOCKED` and marked sent in the same transaction, only for rows
 * whose PubAck arrived. A row published but not marked (crash between the two) is published again
 * with the same `Nats-Msg-Id`: JetStream drops it inside its duplicate window and consumers'
 * inboxes drop it after that.
 *
 * Ordering: rows are published in `created_at` order, pipelined on one connection, so JetStream
 * stores them in commit order except when a batch is retried after a partial failure.
 */
export class OutboxRelay {
  private running = false;
  private wake: (() => void) | null = null;
  private pending = false;
  /** A batch is in flight: wake-ups now are load, worth coalescing. */
  private busy = false;
  private coalesceNext = false;
  private readonly hook: OutboxCommitHook;
  private listener: pg.Client | null = null;
  private listening: Promise<void> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private failures = 0;
  private lastPurge = 0;
  private readonly table: string;

  constructor(private readonly o: OutboxRelayOptions) {
    this.table = `"${o.schema}".outbox`;
    const token = randomUUID();
    this.hook = {
      outboxRelayToken: token,
      wakeRelay: () => this.notify(),
      // Fired after COMMIT (and after each RELEASE SAVEPOINT: only the outermost commit counts).
      afterTransactionCommit: (e) => {
        const qr = e.queryRunner;
        if (qr.isTransactionActive || !qr.data?.[OUTBOX_WRITTEN]) return;
        delete qr.data[OUTBOX_WRITTEN];
        this.notify();
      },
      afterTransactionRollback: (e) => {
        if (!e.queryRunner.isTransactionActive && e.queryRunner.data) delete e.queryRunner.data[OUTBOX_WRITTEN];
      },
    };
    o.metrics?.gauge('slrt_outbox_lag_seconds', 'Age of the oldest unsent outbox row', [], async (g) => {
      if (!this.o.dataSource.isInitialized) return;
      const [row] = await this.o.dataSource.query(
        `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS lag FROM ${this.table} WHERE sent_at IS NULL`,
      );
      g.set(Number(row?.lag ?? 0));
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // After the DataSource is initialized (initialize() replaces its subscribers).
    if (!outboxCommitHook(this.o.dataSource)) this.o.dataSource.subscribers.push(this.hook);
    this.listening = this.listen();
    this.loop = this.run();
  }

  /** Stops after the batch in progress; unsent rows stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    const i = this.o.dataSource.subscribers.indexOf(this.hook);
    if (i >= 0) this.o.dataSource.subscribers.splice(i, 1);
    this.notify();
    await this.loop;
    const l = this.listener;
    this.listener = null;
    await l?.end().catch(() => undefined);
    await this.listening;
  }

  /**
   * Wakes the relay now (called after a commit in this process that wrote outbox rows, and by
   * NOTIFY for commits elsewhere). An idle relay publishes at once; one woken while a batch is in
   * flight waits `coalesceMs` after it so that the next batch carries the commits of that while.
   */
  notify(): void {
    this.pending = true;
    if (this.busy) this.coalesceNext = true;
    this.wake?.();
  }

  /** Publishes everything unsent now; returns how many rows were sent. For tests and tools. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.publishBatch();
      total += n;
      if (n < (this.o.batchSize ?? 256)) return total;
    }
  }

  private async listen(): Promise<void> {
    while (this.running) {
      const client = new pg.Client({
        connectionString: this.o.databaseUrl,
        application_name: `${this.o.schema}-outbox-listen`,
      });
      try {
        this.listener = client;
        await client.connect();
        await client.query(`LISTEN "${outboxChannel(this.o.schema)}"`);
        // Rows committed through this relay's DataSource woke it already (the commit hook).
        client.on('notification', (n) => {
          if (n.payload !== this.hook.outboxRelayToken) this.notify();
        });
        // stop() may have run while this connection was being opened: it must not outlive the relay.
        if (this.running)
          await new Promise<void>((resolve) => {
            client.once('error', () => resolve());
            client.once('end', () => resolve());
          });
      } catch (err) {
        if (this.running) this.o.logger.warn({ err }, 'outbox LISTEN connection failed; polling until it is back');
      }
      this.listener = null;
      await client.end().catch(() => undefined);
      // A plain timer: sleep() owns the single wake-up slot of the publishing loop.
      if (this.running) await new Promise((r) => setTimeout(r, 1000));
      this.notify(); // catch up on anything committed while not listening
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const coalesce = this.o.coalesceMs ?? 2;
      if (this.pending && this.coalesceNext && coalesce > 0) await new Promise((r) => setTimeout(r, coalesce));
      this.pending = false;
      this.coalesceNext = false;
      this.busy = true;
      try {
        await this.drain();
        if (this.failures > 0) this.o.logger.info({ after: this.failures }, 'outbox relay recovered');
        this.failures = 0;
        await this.purge();
      } catch (err) {
        this.failures++;
        const delay = backoffMs(this.failures, 250, 5000);
        // Logged once per outage step, not per row: a NATS outage is expected to be loud once.
        if (this.failures === 1 || this.failures % 20 === 0)
          this.o.logger.warn(
            { err, retryInMs: delay, failures: this.failures },
            'outbox relay cannot publish; retrying',
          );
        this.busy = false;
        await this.sleep(delay);
        continue;
      }
      this.busy = false;
      if (!this.pending) await this.sleep(this.o.pollIntervalMs ?? 1000);
    }
  }

  private async publishBatch(): Promise<number> {
    const limit = Math.max(1, Math.floor(this.o.batchSize ?? 256));
    const timeout = this.o.publishTimeoutMs ?? 5000;
    const outcome = await this.claimed(limit, async (rows, query) => {
      if (rows.length === 0) return { out: { sent: 0, failed: 0, reason: '' } };
      const results = await Promise.allSettled(
        rows.map((r) =>
          this.o.js.publish(r.subject, r.envelope, {
            msgID: r.id,
            headers: toNatsHeaders(r.headers),
            timeout,
          }),
        ),
      );
      const sent = rows.filter((_, i) => results[i]!.status === 'fulfilled').map((r) => r.id);
      const failed = rows.filter((_, i) => results[i]!.status === 'rejected').map((r) => r.id);
      const rejection = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      const reason = rejection
        ? String(rejection.reason instanceof Error ? rejection.reason.message : rejection.reason).slice(0, 500)
        : '';
      if (failed.length)
        await query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])`, [
          failed,
          reason,
        ]);
      return {
        out: { sent: sent.length, failed: failed.length, reason },
        // Sent with the COMMIT: ids as PostgreSQL wrote them (uuid), so they can be written out.
        finish: sent.length
          ? `UPDATE ${this.table} SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY('{${sent.join(',')}}'::uuid[])`
          : null,
      };
    });
    this.o.metrics?.counter('slrt_outbox_published_total', 'Outbox rows published to JetStream').inc(outcome.sent);
    if (outcome.failed) {
      // What was acknowledged is committed as sent; the rest waits for the next attempt.
      this.o.metrics
        ?.counter('slrt_outbox_publish_failures_total', 'Outbox rows whose publish failed')
        .inc(outcome.failed);
      throw new Error(`${outcome.failed} outbox row(s) not acknowledged by JetStream: ${outcome.reason}`);
    }
    return outcome.sent;
  }

  /**
   * Runs `work` on up to `limit` unsent rows claimed (`FOR UPDATE SKIP LOCKED`) in a transaction
   * of its own, committed when `work` returns (after its `finish` statement) and rolled back when
   * it or the commit throws. The transaction's start and the claim go to PostgreSQL as one round
   * trip, and so do `finish` and the COMMIT (simple-protocol queries of two statements each; what
   * they interpolate is an integer, the relay's own table name and ids PostgreSQL returned): the
   * first round trip is on the path of every event from its commit to JetStream.
   */
  private async claimed<T>(
    limit: number,
    work: (
      rows: OutboxRow[],
      query: (sql: string, params: unknown[]) => Promise<unknown>,
    ) => Promise<{ out: T; finish?: string | null }>,
  ): Promise<T> {
    const qr = this.o.dataSource.createQueryRunner();
    const client = (await qr.connect()) as pg.PoolClient;
    try {
      const results = (await client.query(
        `START TRANSACTION; SELECT id, subject, envelope::text AS envelope, headers FROM ${this.table} WHERE sent_at IS NULL ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
      )) as unknown as pg.QueryResult[];
      const rows = results[1]!.rows as OutboxRow[];
      const { out, finish } = await work(rows, (sql, params) => client.query(sql, params));
      await client.query(finish ? `${finish}; COMMIT` : 'COMMIT');
      return out;
    } catch (err) {
      // Also after a failed COMMIT (then there is no transaction left, and PostgreSQL only warns).
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
  }

  private async purge(): Promise<void> {
    const retain = this.o.retainSentMs ?? 7 * 24 * 3600 * 1000;
    if (retain <= 0 || Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.o.dataSource.query(
      `DELETE FROM ${this.table} WHERE sent_at < now() - ($1 || ' milliseconds')::interval`,
      [String(retain)],
    );
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
      if (this.pending || !this.running) done();
    });
  }
}
