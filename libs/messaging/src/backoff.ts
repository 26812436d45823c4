/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`,
 * with ±20 % jitter so many instances do not retry in lockstep.
 */
export function backoffMs(attempt: number, baseMs = 500, maxMs = 30_000, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + random() * 0.4;
  return Math.round(Math.min(maxMs, exp * jitter));
}
