import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { kabKotaOf } from './region-code.js';

/**
 * A kab/kota code that Kemendagri no longer lists but that stays valid inside NIK and No. KK
 * numbers issued before the change (a NIK is lifelong). Seed data from `data/retired-regions.json`.
 */
export interface RetiredRegion {
  /** The old dotted kab/kota code, e.g. `91.01` (Kabupaten Merauke under Papua until 2022). */
  readonly code: string;
  /** Name under the old code. */
  readonly name: string;
  /** The current code of the same kab/kota, e.g. `93.01` under Papua Selatan. */
  readonly successorCode: string;
  /** Why the code was retired (the law that created the new province), in Indonesian. */
  readonly reason: string;
}

interface RetiredRegionsFile {
  readonly entries: readonly RetiredRegion[];
}

let byCode: ReadonlyMap<string, RetiredRegion> | undefined;

/**
 * Where the JSON file is: beside the sources (tests, `src/`), or, when running compiled code from
 * `dist/` whose build did not copy JSON, in the package's `src/data/` (same depth).
 */
function dataFile(): string {
  const candidates = [
    new URL('../data/retired-regions.json', import.meta.url),
    new URL('../../src/data/retired-regions.json', import.meta.url),
  ];
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(p));
  if (found === undefined)
    throw new Error('libs/domain: data/retired-regions.json not found beside the module or in src/data');
  return found;
}

function table(): ReadonlyMap<string, RetiredRegion> {
  if (byCode === undefined) {
    const file = JSON.parse(readFileSync(dataFile(), 'utf8')) as RetiredRegionsFile;
    byCode = new Map(
      file.entries.map((e) => [
        e.code,
        Object.freeze({ code: e.code, name: e.name, successorCode: e.successorCode, reason: e.reason }),
      ]),
    );
  }
  return byCode;
}

/** Every retired kab/kota code in the seed data, in code order. */
export function retiredRegions(): readonly RetiredRegion[] {
  return [...table().values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * The retired kab/kota a code belongs to: the code itself (`91.01`) or any kecamatan or desa under
 * it (`91.01.05`). `null` when the kab/kota part is not retired or the syntax is invalid.
 */
export function retiredRegionOf(code: string): RetiredRegion | null {
  const kabKota = kabKotaOf(code);
  return kabKota === null ? null : (table().get(kabKota) ?? null);
}

/**
 * The code a retired code most probably has today: the successor kab/kota with the same trailing
 * kecamatan/desa digits (`91.01.05` → `93.01.05`). A presumption — kab/kota moved whole to the new
 * provinces, but kecamatan may have been split since — so check it exists before showing it.
 * `null` when the code is not under a retired kab/kota.
 */
export function presumedSuccessorCode(code: string): string | null {
  const retired = retiredRegionOf(code);
  return retired === null ? null : retired.successorCode + code.slice(5);
}
