/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`,
 * with ±20 % jitter so many instances do not retry in lockstep.
 */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 30_000, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + random() * 0.4;
  return Math.round(Math.min(maxMs, exp * jitter));
}

/**
 * Deliveries of one event that may fail because the service's PostgreSQL is out of reach (down,
 * restarting, in crash recovery) before the event is dead-lettered: such failures are not the
 * event's fault and do not use up its handler's attempts. Retried at most every
 * {@link OUTAGE_RETRY_MAX_MS}: about an hour of outage. The server's `max_deliver` of a service
 * durable leaves room for them (`serviceDurableSpec`).
 */
export const OUTAGE_REDELIVERIES = 360;
/** Longest wait between two deliveries of an event while the database is out of reach. */
export const OUTAGE_RETRY_MAX_MS = 10_000;
