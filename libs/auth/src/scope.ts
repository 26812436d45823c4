import type { Actor } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';

/**
 * Whether the actor's region scope covers `regionCode` (a desa is inside the kecamatan and the
 * kab/kota that prefix it). Services call this on every read and command (defence in depth).
 */
export function scopeAllows(actor: Actor, regionCode: string): boolean {
  return actor.kind === 'system' || isWithinAnyRegion(regionCode, actor.regionScope);
}

/** Whether a scope lies inside another (an ADMIN may grant only what it holds). */
export function scopeWithin(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((code) => isWithinAnyRegion(code, outer));
}
