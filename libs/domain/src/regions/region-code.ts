/**
 * Kemendagri region codes, syntax only (no data): `62` provinsi, `62.71` kab/kota, `62.71.01`
 * kecamatan, `62.71.01.1001` desa/kelurahan. The dotted form is canonical everywhere in the
 * platform (contracts, database, exports); the undotted 6- and 10-digit forms appear inside NIK/KK
 * numbers and in some imports. BPS codes (7-digit kecamatan) are a different scheme: never pass them
 * here.
 */

/** Administrative level of a region code, from its shape. Wire-stable: stored and compared. */
export const REGION_LEVELS = ['provinsi', 'kabkota', 'kecamatan', 'desa'] as const;
/** One of {@link REGION_LEVELS}. */
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** Indonesian label of each {@link RegionLevel}, for operator screens and documents. */
export const REGION_LEVEL_LABELS: Readonly<Record<RegionLevel, string>> = {
  provinsi: 'Provinsi',
  kabkota: 'Kabupaten/Kota',
  kecamatan: 'Kecamatan',
  desa: 'Desa/Kelurahan',
};

/**
 * Kind of a desa-level unit, from the first digit of its 4-digit code: `1` kelurahan (urban, run by
 * a civil servant), `2` desa (village with its own government and Dana Desa), `3` desa adat
 * (customary village).
 */
export const DESA_KINDS = ['kelurahan', 'desa', 'desa-adat'] as const;
/** One of {@link DESA_KINDS}. */
export type DesaKind = (typeof DESA_KINDS)[number];

/** Indonesian label of each {@link DesaKind}. */
export const DESA_KIND_LABELS: Readonly<Record<DesaKind, string>> = {
  kelurahan: 'Kelurahan',
  desa: 'Desa',
  'desa-adat': 'Desa Adat',
};

/**
 * Shape of a dotted code. Provinsi codes start at 11, kab/kota and kecamatan parts at 01, and the
 * desa part at 1000 (its first digit is the desa kind): a zero part never names a region.
 */
const DOTTED = /^(1[1-9]|[2-9]\d)(?:\.(?!00)(\d{2})(?:\.(?!00)(\d{2})(?:\.([1-9]\d{3}))?)?)?$/;

const LEVEL_BY_LENGTH: Readonly<Record<number, RegionLevel>> = {
  2: 'provinsi',
  5: 'kabkota',
  8: 'kecamatan',
  13: 'desa',
};
const UNDOTTED_LENGTHS: Readonly<Record<number, true>> = { 2: true, 4: true, 6: true, 10: true };

/** Whether `code` is a syntactically valid dotted Kemendagri code (existence is not checked). */
export function isValidRegionCode(code: string): boolean {
  return DOTTED.test(code);
}

/** Level of a dotted code from its shape, or `null` when the code is not valid syntax. */
export function regionLevel(code: string): RegionLevel | null {
  return isValidRegionCode(code) ? (LEVEL_BY_LENGTH[code.length] ?? null) : null;
}

/** The code one level up (`62.71.01` → `62.71`); `null` for a provinsi or invalid syntax. */
export function parentOf(code: string): string | null {
  const level = regionLevel(code);
  if (level === null || level === 'provinsi') return null;
  return code.slice(0, code.lastIndexOf('.'));
}

/** The provinsi part of any valid code (`62.71.01` → `62`), or `null` for invalid syntax. */
export function provinsiOf(code: string): string | null {
  return regionLevel(code) === null ? null : code.slice(0, 2);
}

/** The kab/kota part of a kab/kota, kecamatan or desa code (`62.71.01` → `62.71`), else `null`. */
export function kabKotaOf(code: string): string | null {
  const level = regionLevel(code);
  return level === null || level === 'provinsi' ? null : code.slice(0, 5);
}

/** The kecamatan part of a kecamatan or desa code (`62.71.01.1001` → `62.71.01`), else `null`. */
export function kecamatanOf(code: string): string | null {
  const level = regionLevel(code);
  return level === 'kecamatan' || level === 'desa' ? code.slice(0, 8) : null;
}

/**
 * Whether a kab/kota code (or any code below one) names a kota: kab/kota numbers 71–99 are kota,
 * 01–70 kabupaten. `false` for invalid syntax or a provinsi code.
 */
export function isKota(code: string): boolean {
  const kabKota = kabKotaOf(code);
  return kabKota !== null && Number(kabKota.slice(3, 5)) >= 71;
}

/** Kind of a desa-level code from its first digit, or `null` for other levels or an unknown digit. */
export function desaKind(desaCode: string): DesaKind | null {
  if (regionLevel(desaCode) !== 'desa') return null;
  const digit = desaCode.charAt(9);
  return digit === '1' ? 'kelurahan' : digit === '2' ? 'desa' : digit === '3' ? 'desa-adat' : null;
}

/**
 * Dotted code → undotted digits (`62.71.01` → `627101`, `62.71.01.1001` → `6271011001`), the form
 * inside NIK/KK numbers. `null` for invalid syntax.
 */
export function toUndottedRegionCode(code: string): string | null {
  return isValidRegionCode(code) ? code.replaceAll('.', '') : null;
}

/**
 * Undotted digits (2, 4, 6 or 10 long) → dotted code (`6271011001` → `62.71.01.1001`). `null`
 * when the length or the resulting code is not valid.
 */
export function dottedRegionCode(digits: string): string | null {
  if (!/^\d+$/.test(digits) || !UNDOTTED_LENGTHS[digits.length]) return null;
  const parts = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4, 6), digits.slice(6)].filter((p) => p !== '');
  const dotted = parts.join('.');
  return isValidRegionCode(dotted) ? dotted : null;
}

/**
 * Whether region `code` lies within region `scope` (equal to it or below it): `62.71.01.1001` is
 * within `62.71.01`, `62.71` and `62`, not within `62.7` or `62.71.02`. Region scope of operators
 * is checked with this on every read and command.
 */
export function isWithinRegion(code: string, scope: string): boolean {
  return code === scope || code.startsWith(`${scope}.`);
}

/** Whether `code` lies within any of `scopes` (an empty scope list allows nothing). */
export function isWithinAnyRegion(code: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinRegion(code, scope));
}
