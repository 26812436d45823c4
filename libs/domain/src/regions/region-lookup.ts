import { kecamatanOf, parentOf, regionLevel, type RegionLevel } from './region-code.js';
import { desaCodeAt, desaCount, desaIndex, desaLines, desaName, upperRegionTables } from './region-data.js';
import { retiredRegionOf } from './retired-regions.js';
import type { Rng } from '../random.js';

/** A region of the current Kemendagri list (idn-area-data, Kemendagri 2025). */
export interface Region {
  /** Dotted code, e.g. `62.71.01`. */
  readonly code: string;
  /** Official name as listed, e.g. `Kota Palangkaraya`, `Pahandut`. */
  readonly name: string;
  readonly level: RegionLevel;
  /** Dotted code one level up; `null` for a provinsi. */
  readonly parentCode: string | null;
}

/**
 * Whether a code names a region today (`current`), belongs to a kab/kota retired by a province
 * split and so stays valid in old NIK/KK numbers (`retired`), or is neither (`unknown`: a typo, a
 * code from another scheme, or a change not yet in the seed data).
 */
export const REGION_STATUSES = ['current', 'retired', 'unknown'] as const;
/** One of {@link REGION_STATUSES}. */
export type RegionStatus = (typeof REGION_STATUSES)[number];

function nameOf(code: string, level: RegionLevel): string | undefined {
  return level === 'desa' ? desaName(code) : upperRegionTables()[level].names.get(code);
}

/** The current region with this dotted code, or `null` (unknown, retired, or invalid syntax). */
export function findRegion(code: string): Region | null {
  const level = regionLevel(code);
  if (level === null) return null;
  const name = nameOf(code, level);
  return name === undefined ? null : { code, name, level, parentCode: parentOf(code) };
}

/** Whether the dotted code names a region of the current list. */
export function regionExists(code: string): boolean {
  const level = regionLevel(code);
  return level !== null && nameOf(code, level) !== undefined;
}

/** Status of a dotted code: see {@link RegionStatus}. */
export function regionStatus(code: string): RegionStatus {
  if (regionExists(code)) return 'current';
  return retiredRegionOf(code) === null ? 'unknown' : 'retired';
}

/** Index of the first element of the sorted `codes` that is ≥ `key`. */
function lowerBound(codes: readonly string[], key: string): number {
  let lo = 0;
  let hi = codes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((codes[mid] ?? '') < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The current regions one level below `code` in code order (provinces for `null`), e.g. for a
 * region picker. Empty for a desa, an unknown code or invalid syntax.
 */
export function childrenOf(code: string | null): Region[] {
  const level = code === null ? null : regionLevel(code);
  const childLevel: RegionLevel | undefined =
    code === null
      ? 'provinsi'
      : level === 'provinsi'
        ? 'kabkota'
        : level === 'kabkota'
          ? 'kecamatan'
          : level === 'kecamatan'
            ? 'desa'
            : undefined;
  if (childLevel === undefined) return [];
  if (childLevel === 'desa') {
    const lines = desaIndex().linesByKecamatan.get(code!);
    return lines === undefined
      ? []
      : desaLines(lines).map(([child, name]) => ({ code: child, name, level: 'desa', parentCode: code }));
  }
  const table = upperRegionTables()[childLevel];
  const prefix = code === null ? '' : `${code}.`;
  const out: Region[] = [];
  for (let i = lowerBound(table.codes, prefix); i < table.codes.length; i++) {
    const child = table.codes[i]!;
    if (!child.startsWith(prefix)) break;
    out.push({ code: child, name: table.names.get(child)!, level: childLevel, parentCode: code });
  }
  return out;
}

/**
 * Loads the region tables now instead of on first use (they load synchronously, about 100 ms for the
 * desa list): call it at service start so the first request does not pay for it.
 */
export function preloadRegions(options: { desa?: boolean } = {}): void {
  upperRegionTables();
  if (options.desa ?? true) desaIndex();
}

/**
 * A real current region picked uniformly with `rng`: a desa/kelurahan by default, or a kecamatan.
 * For synthetic data and tests (pair it with {@link seededRng} for repeatable output).
 */
export function randomRegion(rng: Rng, level: 'kecamatan' | 'desa' = 'desa'): Region {
  const count = level === 'desa' ? desaCount() : upperRegionTables().kecamatan.codes.length;
  const ordinal = Math.min(count - 1, Math.floor(rng() * count));
  return findRegion(level === 'desa' ? desaCodeAt(ordinal) : upperRegionTables().kecamatan.codes[ordinal]!)!;
}

/** A random current desa inside the given kecamatan, or `null` if it has none (or is unknown). */
export function randomDesaIn(kecamatanCode: string, rng: Rng): Region | null {
  if (kecamatanOf(kecamatanCode) !== kecamatanCode) return null;
  const desa = childrenOf(kecamatanCode);
  return desa[Math.min(desa.length - 1, Math.floor(rng() * desa.length))] ?? null;
}
