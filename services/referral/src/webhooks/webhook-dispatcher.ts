import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LOGGER, type Logger } from '@slrt/observability';
import { ReferralEnv } from '../config/referral.env.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import { isRetryable, postWebhook } from './webhook-sender.js';
import { webhookPolicy } from './webhooks.service.js';

/** Jittered exponential backoff (±20 %), capped. */
export function webhookBackoffMs(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(Math.min(maxMs, exp * (0.8 + random() * 0.4)));
}

interface Claimed {
  id: string;
  owner_code: string;
  subject: string;
  body: unknown;
  attempts: number;
  attempts_base: number;
  url: string;
  secret: string;
}

/**
 * Delivers queued owner-out messages to owners' webhooks. Each delivery is one transaction that
 * locks the owner's webhook row (`FOR UPDATE SKIP LOCKED`): any number of referral instances share
 * the work, one owner's messages go one at a time in the order they were written (a message
 * waiting for its retry holds back the later ones of that owner until it is delivered or marked
 * failed), and the outcome commits with the lock. A crash between the receiver's 2xx and the
 * commit sends that message again with the same `X-SLRT-Message-Id` (receivers deduplicate by it);
 * nothing is lost across restarts: the rows are in PostgreSQL.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private lastPurge = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.stopped = false;
    this.schedule(0);
  }

  /** Lets the deliveries in flight finish (their outcome commits), starts no more. */
  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'webhook dispatch round failed'))
        .finally(() => this.schedule(this.env.REFERRAL_WEBHOOK_POLL_MS));
    }, ms);
    this.timer.unref();
  }

  /** Delivers everything due now (several owners in parallel); returns the number of POSTs made. */
  async runOnce(): Promise<number> {
    let posts = 0;
    const worker = async () => {
      while (!this.stopped && (await this.deliverOne())) posts++;
    };
    await Promise.all(Array.from({ length: this.env.REFERRAL_WEBHOOK_CONCURRENCY }, worker));
    await this.purge();
    return posts;
  }

  /** Claims the oldest message of one owner whose turn has come, POSTs it, records the outcome. False when nothing is due. */
  async deliverOne(): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [owner] = (await m.query(
        `SELECT w.owner_code, w.url, w.secret
         FROM owner_webhook w
         CROSS JOIN LATERAL (SELECT x.next_attempt_at FROM webhook_delivery x WHERE x.owner_code = w.owner_code AND x.status = 'pending' ORDER BY x.created_at, x.id LIMIT 1) d
         WHERE w.active AND d.next_attempt_at <= now()
         ORDER BY d.next_attempt_at
         LIMIT 1
         FOR UPDATE OF w SKIP LOCKED`,
      )) as Array<Pick<Claimed, 'owner_code' | 'url' | 'secret'>>;
      if (!owner) return false;
      // Read again under the owner's lock (a new statement sees what another instance committed
      // before it released the lock: the message it has just delivered is no longer pending).
      const [next] = (await m.query(
        `SELECT id, subject, body, attempts, attempts_base, next_attempt_at <= now() AS due FROM webhook_delivery
         WHERE owner_code = $1 AND status = 'pending' ORDER BY created_at, id LIMIT 1`,
        [owner.owner_code],
      )) as Array<Omit<Claimed, 'owner_code' | 'url' | 'secret'> & { due: boolean }>;
      if (!next?.due) return true; // taken meanwhile; look again
      const c: Claimed = { ...next, ...owner };
      if (!c) return false;
      const body = JSON.stringify(c.body);
      const attempt = c.attempts + 1;
      const outcome = await postWebhook(
        c.url,
        body,
        {
          [SIGNATURE_HEADER]: signWebhook(c.secret, body, Math.floor(Date.now() / 1000)),
          'X-SLRT-Message-Id': c.id,
          'X-SLRT-Subject': c.subject,
          'X-SLRT-Delivery-Attempt': String(attempt - c.attempts_base),
          'User-Agent': 'SLRT-Webhook/1',
        },
        this.env.REFERRAL_WEBHOOK_TIMEOUT_MS,
        webhookPolicy(this.env),
      );
      const ok = outcome.status !== null && outcome.status >= 200 && outcome.status < 300;
      const error = ok ? null : (outcome.error ?? `HTTP ${outcome.status}`);
      const retry = !ok && isRetryable(outcome) && attempt - c.attempts_base < this.env.REFERRAL_WEBHOOK_MAX_ATTEMPTS;
      const status = ok ? 'delivered' : retry ? 'pending' : 'failed';
      const delay = retry
        ? webhookBackoffMs(
            attempt - c.attempts_base,
            this.env.REFERRAL_WEBHOOK_BACKOFF_BASE_MS,
            this.env.REFERRAL_WEBHOOK_BACKOFF_MAX_MS,
          )
        : 0;
      await m.query(
        `UPDATE webhook_delivery SET status = $3, attempts = $4, last_status = $5, last_error = $6, last_attempt_at = now(),
           next_attempt_at = now() + ($7 || ' milliseconds')::interval, delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE NULL END
         WHERE id = $1 AND owner_code = $2`,
        [c.id, c.owner_code, status, attempt, outcome.status, error, String(delay)],
      );
      if (status === 'failed')
        this.logger.warn(
          { ownerCode: c.owner_code, messageId: c.id, attempts: attempt, error },
          'webhook delivery failed; an ADMIN can redeliver it',
        );
      else if (status === 'pending')
        this.logger.info(
          { ownerCode: c.owner_code, messageId: c.id, attempt, error, retryInMs: delay },
          'webhook delivery will be retried',
        );
      return true;
    });
  }

  /** Delivered and failed rows carry the message (personal data): kept REFERRAL_WEBHOOK_RETAIN_DAYS. */
  private async purge(): Promise<void> {
    if (Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(
      `DELETE FROM webhook_delivery WHERE status <> 'pending' AND COALESCE(delivered_at, last_attempt_at, created_at) < now() - ($1 || ' days')::interval`,
      [String(this.env.REFERRAL_WEBHOOK_RETAIN_DAYS)],
    );
  }
}
