/* eslint-disable max-lines -- the send loop (claim, render, send, record, retry) is one state machine, read in order */
import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import type { MessageChannel } from '@slrt/contracts';
import { backoffMs } from '@slrt/messaging';
import { returnedRows } from '@slrt/persistence';
import { Channels } from '../channels/channels.js';
import type { ChannelAdapter, SendResult } from '../channels/channel.js';
import { NotificationEnv } from '../config/notification.env.js';
import { MESSAGE_COLUMNS, MessagesService, type MessageRow } from './messages.service.js';
import { nextAllowedSend } from './quiet-hours.js';
import { SettingsStore } from './settings.js';
import { MessageOutcomes } from './message-outcomes.js';

const TEXT_CHANNELS: MessageChannel[] = ['sms', 'whatsapp'];

/** A claimed message with what the pre-send checks need (read in the claiming statement). */
type Claimed = MessageRow & { optedOut: boolean };

/** Class of the transaction advisory locks taken per phone number (second key: its hash) for the daily limit. */
const LIMIT_LOCK_CLASS = 0x4e54_4659; // 'NTFY'

/**
 * Hands queued messages to their providers. Each message is first leased (`status = 'sending'`,
 * committed) and only then sent, with its id as the provider's idempotency key; the outcome is
 * committed afterwards. A lease that expires (the instance died mid-call) is resumed with the same
 * key when the provider drops repeats, and otherwise marked failed "tidak pasti terkirim" for staff
 * to check — never sent twice. Provider errors are retried with exponential backoff up to
 * NOTIFY_MAX_ATTEMPTS, then failed with the last reason. Quiet hours, the per-recipient daily limit
 * and opt-outs are checked right before the hand-over. Woken by `pg_notify` on commit, polling as
 * fallback; any number of instances (`FOR UPDATE SKIP LOCKED`).
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private listener: pg.Client | undefined;
  private running = false;
  private again = false;
  private stopped = false;
  private current: Promise<void> = Promise.resolve();
  private leasesCheckedAt = 0;
  /** Whether the last pass held text messages for quiet hours (true at start: release what a previous run held). */
  private holding = true;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: NotificationEnv,
    private readonly channels: Channels,
    private readonly messages: MessagesService,
    private readonly settings: SettingsStore,
    private readonly outcomes: MessageOutcomes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => this.wake(), this.env.NOTIFY_DISPATCH_INTERVAL_MS);
    this.timer.unref();
    try {
      const schema = this.env.DATABASE_SCHEMA ?? 'notification';
      this.listener = new pg.Client({
        connectionString: this.env.DATABASE_URL,
        application_name: 'notification-dispatch-listen',
        options: `-c search_path="${schema}"`,
      });
      this.listener.on('notification', () => this.wake());
      this.listener.on('error', () => undefined); // polling carries on
      await this.listener.connect();
      await this.listener.query('LISTEN notification_message');
    } catch {
      this.listener = undefined;
    }
    this.wake();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.current.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.channels.close();
  }

  /** Runs a pass now (or right after the one running). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.current = (async () => {
      try {
        do {
          this.again = false;
          const handled = await this.pass().catch(() => 0);
          if (handled >= this.env.NOTIFY_DISPATCH_BATCH) this.again = true;
        } while (this.again && !this.stopped);
      } finally {
        this.running = false;
      }
    })();
  }

  /** One pass: resume expired leases, hold text messages in quiet hours, send a batch. Returns how many it claimed. */
  async pass(): Promise<number> {
    const configured = [...this.channels.adapters.keys()];
    if (configured.length === 0) return 0;
    if (Date.now() - this.leasesCheckedAt >= Math.max(250, this.env.NOTIFY_SEND_LEASE_MS / 4)) {
      this.leasesCheckedAt = Date.now();
      await this.recoverLeases(configured);
    }
    const s = await this.settings.current(this.dataSource.manager);
    const now = new Date();
    const resumeAt = nextAllowedSend(now, s.timeZone, s.quietStart, s.quietEnd);
    let sendable = configured;
    if (resumeAt > now) {
      sendable = configured.filter((c) => !TEXT_CHANNELS.includes(c));
      await this.dataSource.query(
        `UPDATE message SET next_attempt_at = $2, status_reason = $3, updated_at = now() WHERE status = 'queued' AND channel = ANY($1) AND (next_attempt_at IS NULL OR next_attempt_at < $2)`,
        [
          configured.filter((c) => TEXT_CHANNELS.includes(c)),
          resumeAt,
          `menunggu jam tenang berakhir (${s.quietEnd} waktu setempat)`,
        ],
      );
    } else if (this.holding) {
      // Quiet hours ended (or were changed): release what they held.
      await this.dataSource.query(
        `UPDATE message SET next_attempt_at = now(), updated_at = now() WHERE status = 'queued' AND status_reason LIKE 'menunggu jam tenang%' AND next_attempt_at > now()`,
      );
    }
    this.holding = resumeAt > now;
    if (sendable.length === 0) return 0;
    const claimed = (await this.dataSource.query(
      `WITH c AS (SELECT id FROM message WHERE status = 'queued' AND channel = ANY($1) AND (next_attempt_at IS NULL OR next_attempt_at <= now()) ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE message m SET status = 'sending', attempts = m.attempts + 1, lease_until = now() + make_interval(secs => $3::double precision / 1000), updated_at = now()
       FROM c WHERE m.id = c.id RETURNING ${MESSAGE_COLUMNS.replace(/(^|,\s*)(\w+)/g, '$1m.$2')},
         EXISTS (SELECT 1 FROM opt_out o WHERE o.address = m.address) AS "optedOut"`,
      [sendable, this.env.NOTIFY_DISPATCH_BATCH, this.env.NOTIFY_SEND_LEASE_MS],
    )) as [Claimed[], number] | Claimed[];
    const rows = (Array.isArray(claimed[0]) ? claimed[0] : claimed) as Claimed[];
    const limited = await this.checkDailyLimit(rows, s.perRecipientPerDay).catch(() => null);
    const queue = [...rows];
    const workers = Array.from({ length: Math.min(this.env.NOTIFY_DISPATCH_CONCURRENCY, queue.length) }, async () => {
      for (let r = queue.shift(); r; r = queue.shift())
        await this.deliver(r, s.perRecipientPerDay, limited).catch(() => undefined);
    });
    await Promise.all(workers);
    return rows.length;
  }

  /**
   * The per-recipient daily limit, across instances: in one transaction, the batch's phone numbers
   * are locked (transaction advisory locks, in hash order so that two instances never deadlock),
   * what each number already has in 24 h is counted — sent, or passed this check and still being
   * handed over by any instance — and the messages within the limit are marked passed
   * (`limit_passed_at`) before the commit releases the locks. Returns, for each message over the
   * limit, when the oldest counted one turns 24 h old; null when the check itself failed (nothing
   * is sent then: the text messages are queued again).
   */
  private async checkDailyLimit(rows: Claimed[], perDay: number): Promise<Map<string, Date>> {
    const texts = rows.filter((r) => TEXT_CHANNELS.includes(r.channel) && !r.optedOut);
    const over = new Map<string, Date>();
    if (texts.length === 0) return over;
    const addresses = [...new Set(texts.map((r) => r.address))];
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `SELECT pg_advisory_xact_lock($1::int, h) FROM (SELECT DISTINCT hashtext(a) AS h FROM unnest($2::text[]) a ORDER BY 1) k`,
        [LIMIT_LOCK_CLASS, addresses],
      );
      // A fresh snapshot after the locks: what another instance committed before releasing them is seen.
      const counted = (await m.query(
        `SELECT address, count(*)::int AS n, min(coalesce(sent_at, limit_passed_at)) AS oldest FROM message
          WHERE address = ANY($1) AND channel IN ('sms', 'whatsapp') AND NOT (id = ANY($2::uuid[]))
            AND (sent_at > now() - interval '1 day' OR (status = 'sending' AND limit_passed_at > now() - interval '1 day'))
          GROUP BY address`,
        [addresses, texts.map((r) => r.id)],
      )) as Array<{ address: string; n: number; oldest: Date | null }>;
      const used = new Map(counted.map((c) => [c.address, c.n]));
      const oldest = new Map(counted.map((c) => [c.address, c.oldest]));
      const passed: string[] = [];
      for (const r of texts) {
        const n = used.get(r.address) ?? 0;
        if (n >= perDay) {
          const o = oldest.get(r.address);
          over.set(r.id, new Date((o ? new Date(o).getTime() : Date.now()) + 86_400_000));
          continue;
        }
        used.set(r.address, n + 1);
        if (!oldest.get(r.address)) oldest.set(r.address, new Date());
        passed.push(r.id);
      }
      if (passed.length)
        await m.query(`UPDATE message SET limit_passed_at = now() WHERE id = ANY($1::uuid[])`, [passed]);
    });
    return over;
  }

  /** Leases of a dead instance: resumed with the same idempotency key, or failed as uncertain. */
  private async recoverLeases(configured: MessageChannel[]): Promise<void> {
    const idempotent = configured.filter((c) => this.channels.get(c)!.idempotent);
    const other = configured.filter((c) => !this.channels.get(c)!.idempotent);
    if (idempotent.length) {
      await this.dataSource.query(
        `UPDATE message SET status = 'queued', next_attempt_at = now(), lease_until = NULL, status_reason = 'dilanjutkan: penyerahan sebelumnya terputus', updated_at = now() WHERE status = 'sending' AND lease_until < now() AND channel = ANY($1)`,
        [idempotent],
      );
    }
    if (other.length) {
      // Failed as uncertain: the outcome event is written with it.
      await this.dataSource.transaction(async (m) => {
        const failed = returnedRows<{ id: string }>(
          await m.query(
            `UPDATE message SET status = 'failed', lease_until = NULL, status_reason = 'tidak pasti terkirim: penyerahan ke penyedia terputus dan penyedia tidak mendukung kunci idempotensi; periksa di penyedia sebelum mengirim ulang', updated_at = now() WHERE status = 'sending' AND lease_until < now() AND channel = ANY($1) RETURNING id`,
            [other],
          ),
        );
        await this.outcomes.publish(
          m,
          failed.map((r) => r.id),
        );
      });
    }
  }

  private async deliver(r: Claimed, perDay: number, limited: Map<string, Date> | null): Promise<void> {
    const adapter = this.channels.get(r.channel);
    if (!adapter) return;
    if (TEXT_CHANNELS.includes(r.channel)) {
      if (r.optedOut) {
        await this.finish(
          r,
          `UPDATE message SET status = 'cancelled', status_reason = $2, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
          [r.id, 'tidak dikirim: warga meminta berhenti menerima pesan (STOP)'],
          'opted-out',
          null,
        );
        return;
      }
      if (!limited) {
        // The limit could not be checked (database error): not sent, queued again shortly.
        await this.finish(
          r,
          `UPDATE message SET status = 'queued', attempts = attempts - 1, next_attempt_at = now() + interval '5 seconds', lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
          [r.id],
          'limit-check-failed',
          null,
        );
        return;
      }
      const until = limited.get(r.id);
      if (until) {
        await this.finish(
          r,
          `UPDATE message SET status = 'queued', attempts = attempts - 1, next_attempt_at = $2, status_reason = $3, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
          [r.id, until, `ditunda: batas ${perDay} pesan per hari untuk nomor ini`],
          'rate-limited',
          null,
        );
        return;
      }
    }
    const result = await this.send(adapter, r);
    if (result.kind === 'accepted') {
      await this.finishSent(r.id, adapter.provider, result.providerMessageId);
    } else if (result.kind === 'retry' && r.attempts < this.env.NOTIFY_MAX_ATTEMPTS) {
      const at = new Date(
        Date.now() + backoffMs(r.attempts, this.env.NOTIFY_RETRY_BASE_MS, this.env.NOTIFY_RETRY_MAX_MS),
      );
      await this.finish(
        r,
        `UPDATE message SET status = 'queued', provider = $2, next_attempt_at = $3, status_reason = $4, lease_until = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [r.id, adapter.provider, at, `percobaan ${r.attempts} gagal, diulang: ${result.reason}`],
        'retry',
        result.reason,
      );
    } else {
      const reason =
        result.kind === 'retry'
          ? `gagal setelah ${r.attempts} percobaan: ${result.reason}`
          : `ditolak penyedia: ${result.reason}`;
      await this.finish(
        r,
        `UPDATE message SET status = 'failed', provider = $2, status_reason = $3, lease_until = NULL, next_attempt_at = NULL, updated_at = now() WHERE id = $1 AND status = 'sending'`,
        [r.id, adapter.provider, reason],
        'failed',
        result.kind === 'retry' ? result.reason : result.reason,
      );
    }
  }

  private async send(adapter: ChannelAdapter, r: MessageRow): Promise<SendResult> {
    try {
      return await adapter.send({ id: r.id, to: r.address, text: r.body, subject: r.subject });
    } catch (e) {
      return { kind: 'retry', reason: `kesalahan adaptor (${e instanceof Error ? e.name : 'error'})` };
    }
  }

  private readonly sentWaiting: Array<{
    id: string;
    provider: string;
    providerMessageId: string | null;
    done: (e?: unknown) => void;
  }> = [];
  private sentFlushing = false;

  /**
   * A message the provider accepted, recorded sent with its attempt row. The acceptances that come
   * in while one such statement is on its way are recorded together in the next (one round trip
   * for many); each caller returns once its own row is committed.
   */
  private finishSent(id: string, provider: string, providerMessageId: string | null): Promise<void> {
    return new Promise((resolve, reject) => {
      this.sentWaiting.push({ id, provider, providerMessageId, done: (e) => (e ? reject(e) : resolve()) });
      if (!this.sentFlushing) void this.flushSent();
    });
  }

  private async flushSent(): Promise<void> {
    this.sentFlushing = true;
    try {
      while (this.sentWaiting.length) {
        const batch = this.sentWaiting.splice(0, 500);
        try {
          await this.dataSource.query(
            `WITH v AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, provider, pmid)),
             u AS (UPDATE message m SET status = 'sent', status_reason = NULL, provider = v.provider, provider_message_id = v.pmid, sent_at = now(), lease_until = NULL, next_attempt_at = NULL, updated_at = now()
                   FROM v WHERE m.id = v.id AND m.status = 'sending' RETURNING m.id, v.pmid)
             INSERT INTO message_attempt (message_id, outcome, detail) SELECT id, 'accepted', pmid FROM u`,
            [batch.map((b) => b.id), batch.map((b) => b.provider), batch.map((b) => b.providerMessageId)],
          );
          for (const b of batch) b.done();
        } catch (e) {
          for (const b of batch) b.done(e);
        }
      }
    } finally {
      this.sentFlushing = false;
    }
  }

  /** The outcome and its attempt row in one statement (one round trip, atomic). */
  private async finish(
    r: MessageRow,
    sql: string,
    params: unknown[],
    outcome: string,
    detail: string | null,
  ): Promise<void> {
    const n = params.length;
    if (outcome !== 'failed') {
      await this.dataSource.query(
        `WITH u AS (${sql} RETURNING id) INSERT INTO message_attempt (message_id, outcome, detail) SELECT id, $${n + 1}, $${n + 2} FROM u`,
        [...params, outcome, detail],
      );
      return;
    }
    // A final failure: its outcome event commits with it.
    await this.dataSource.transaction(async (m) => {
      const rows: Array<{ message_id: string }> = await m.query(
        `WITH u AS (${sql} RETURNING id) INSERT INTO message_attempt (message_id, outcome, detail) SELECT id, $${n + 1}, $${n + 2} FROM u RETURNING message_id`,
        [...params, outcome, detail],
      );
      await this.outcomes.publish(
        m,
        rows.map((r) => r.message_id),
      );
    });
  }
}
