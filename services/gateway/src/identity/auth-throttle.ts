import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { identifierHash } from '@slrt/domain';
import { returnedRows } from '@slrt/persistence';
import { GatewayEnv } from '../config/gateway.env.js';

/** Client value of a subject's account-wide row (failures from every address). */
const ALL_CLIENTS = '*';

/**
 * Throttling of password checks, kept in PostgreSQL so every gateway instance sees it (table
 * `auth_throttle`). Nothing is ever locked: an address that keeps failing for an account waits,
 * longer after each failure, and only that address waits.
 *
 * - Per (subject, client): an attempt is claimed *before* the password is checked (so a burst of
 *   parallel attempts cannot slip past the count); after `LOGIN_THROTTLE_FREE_FAILURES` claims the
 *   client waits `LOGIN_THROTTLE_BASE_SECONDS`, doubling with each further claim up to
 *   `LOGIN_THROTTLE_MAX_SECONDS`. A success clears the client's row; rows idle for 24 h restart.
 * - Per subject: failures from all clients within 15 minutes. Beyond `LOGIN_ACCOUNT_CEILING`
 *   (a distributed guess) each client gets a single claim per wait, so guessing needs one address
 *   per guess, while a fresh address with the right password still gets in at once.
 *
 * Subjects are keyed by an HMAC of what identifies them (a typed username may be a password typed
 * into the wrong field: it is not stored as such). Unknown and existing usernames are throttled
 * alike: the subject is the name as typed, whether or not such a user exists.
 */
@Injectable()
export class AuthThrottle {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  /** The stored key of a subject, e.g. `login:demo.fo` or `password:<user id>`. */
  key(subject: string): string {
    // The gateway keeps no identifier hash key of its own; its signing secret keys this, apart
    // from tokens by the kind in the hashed message.
    return identifierHash(this.env.JWT_SECRET, 'auth-subject', subject);
  }

  /**
   * Claims one password check for `client` on `subject`: `null` when it may go ahead, else the
   * seconds the client must wait.
   */
  async claim(subject: string, client: string): Promise<number | null> {
    const m = this.dataSource.manager;
    const key = this.key(subject);
    const [account] = await m.query(
      `SELECT failures FROM auth_throttle WHERE subject = $1 AND client = $2 AND updated_at > now() - interval '15 minutes'`,
      [key, ALL_CLIENTS],
    );
    const free = (account?.failures ?? 0) >= this.env.LOGIN_ACCOUNT_CEILING ? 1 : this.env.LOGIN_THROTTLE_FREE_FAILURES;
    const n = `CASE WHEN t.updated_at < now() - interval '24 hours' THEN 1 ELSE t.failures + 1 END`;
    const wait = (count: string) =>
      `CASE WHEN ${count} >= $3 THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, ${count} - $3))) END`;
    const claimed = returnedRows(
      await m.query(
        `INSERT INTO auth_throttle AS t (subject, client, failures, blocked_until, updated_at) VALUES ($1, $2, 1, ${wait('1')}, now())
         ON CONFLICT (subject, client) DO UPDATE SET failures = ${n}, blocked_until = ${wait(n)}, updated_at = now()
         WHERE t.blocked_until IS NULL OR t.blocked_until <= now()
         RETURNING 1`,
        [key, client, free, this.env.LOGIN_THROTTLE_BASE_SECONDS, this.env.LOGIN_THROTTLE_MAX_SECONDS],
      ),
    );
    if (claimed.length) return null;
    const [row] = await m.query(
      `SELECT ceil(extract(epoch FROM blocked_until - now()))::int AS wait FROM auth_throttle WHERE subject = $1 AND client = $2`,
      [key, client],
    );
    return Math.max(1, row?.wait ?? 1);
  }

  /** A wrong password (or an unknown or inactive user): counts towards the account-wide ceiling. */
  async failed(subject: string): Promise<void> {
    await this.dataSource.manager.query(
      `INSERT INTO auth_throttle AS t (subject, client, failures, updated_at) VALUES ($1, $2, 1, now())
       ON CONFLICT (subject, client) DO UPDATE SET failures = CASE WHEN t.updated_at < now() - interval '15 minutes' THEN 1 ELSE t.failures + 1 END, updated_at = now()`,
      [this.key(subject), ALL_CLIENTS],
    );
  }

  /** The right password from `client`: its count for the subject starts again. */
  async succeeded(subject: string, client: string): Promise<void> {
    await this.dataSource.manager.query(`DELETE FROM auth_throttle WHERE subject = $1 AND client = $2`, [
      this.key(subject),
      client,
    ]);
  }

  /** Forgets rows nobody touched for a day (called now and then; the rows restart then anyway). */
  async prune(): Promise<void> {
    await this.dataSource.manager.query(
      `DELETE FROM auth_throttle WHERE updated_at < now() - interval '24 hours' AND (blocked_until IS NULL OR blocked_until < now())`,
    );
  }
}

/** "30 detik", "2 menit": a wait in words. */
export function waitInWords(seconds: number): string {
  return seconds < 60 ? `${seconds} detik` : `${Math.ceil(seconds / 60)} menit`;
}
