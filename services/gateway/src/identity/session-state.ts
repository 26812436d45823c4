import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GatewayEnv } from '../config/gateway.env.js';

/** Most sessions remembered per instance; beyond it the oldest answers are dropped (and asked again). */
const MAX_ENTRIES = 50_000;

/**
 * Whether the session (`sid` claim = refresh-token family) of an access token is still live: some
 * token of the family is unrevoked and its user active. Logout, refresh-token reuse, password
 * change, a change of rights and deactivation revoke families, so an access token stops working
 * within `SESSION_CHECK_CACHE_MS` (≤ 2 s) on every gateway instance, not at its expiry.
 *
 * The answer is read from PostgreSQL (one indexed lookup) and cached per session for
 * `SESSION_CHECK_CACHE_MS`; concurrent requests of one session share one lookup. Revocations made
 * through this instance drop the cached answer at once.
 */
@Injectable()
export class SessionState {
  private readonly cache = new Map<string, { live: Promise<boolean>; at: number }>();
  private readonly users = new Map<string, { value: Promise<unknown>; at: number }>();
  private generation = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: GatewayEnv,
  ) {}

  isLive(sessionId: string): Promise<boolean> {
    const now = Date.now();
    const hit = this.cache.get(sessionId);
    if (hit && now - hit.at < this.env.SESSION_CHECK_CACHE_MS) return hit.live;
    const live = this.lookup(sessionId);
    if (this.env.SESSION_CHECK_CACHE_MS > 0) {
      this.cache.delete(sessionId);
      if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sessionId, { live, at: now });
      // A failed lookup is not remembered.
      live.catch(() => this.cache.delete(sessionId));
    }
    return live;
  }

  /**
   * A user's own row (what `getMe` shows), read from PostgreSQL at most once per
   * `SESSION_CHECK_CACHE_MS` per user, like the session answer above and dropped with it: every
   * change of a user through this instance (rights, name, password, deactivation) calls
   * {@link forget}; other instances show it within the TTL. Whether the request may proceed at all
   * is never taken from here: the session check ran before (a revoked session is refused at once).
   * Callers must not change what they get (it is shared until the TTL ends).
   */
  recentUser<T>(userId: string, load: () => Promise<T>): Promise<T> {
    if (this.env.SESSION_CHECK_CACHE_MS <= 0) return load();
    const now = Date.now();
    const hit = this.users.get(userId);
    if (hit && now - hit.at < this.env.SESSION_CHECK_CACHE_MS) return hit.value as Promise<T>;
    const value = load();
    this.users.delete(userId);
    if (this.users.size >= MAX_ENTRIES) this.users.delete(this.users.keys().next().value!);
    const entry = { value, at: now };
    this.users.set(userId, entry);
    // A read that began before a change and ends after its forget() is not kept (nor is a failed one).
    const generation = this.generation;
    const drop = () => {
      if (this.users.get(userId) === entry) this.users.delete(userId);
    };
    value.then(() => void (generation !== this.generation && drop()), drop);
    return value;
  }

  /** Drops cached answers after a revocation or a change of a user through this instance (others learn within the TTL). */
  forget(): void {
    this.cache.clear();
    this.users.clear();
    this.generation++;
  }

  private async lookup(sessionId: string): Promise<boolean> {
    const [row] = await this.dataSource.manager.query(
      `SELECT 1 FROM refresh_token r JOIN app_user u ON u.id = r.user_id WHERE r.family_id = $1 AND r.revoked_at IS NULL AND u.active LIMIT 1`,
      [sessionId],
    );
    return Boolean(row);
  }
}
