/** A source of uniform random numbers in [0, 1), e.g. `Math.random` or {@link seededRng}. */
export type Rng = () => number;

/**
 * A small deterministic generator (mulberry32) for repeatable synthetic data: the same seed gives
 * the same sequence on every machine. Not for anything secret.
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
