import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Loads the Kemendagri region list shipped by the npm package `idn-area-data` (data © Kemendagri,
 * Open Database License). The package's own API parses CSV asynchronously into objects on every
 * call; this module reads its CSV files once per process, synchronously on first use (so
 * `parseNik` stays synchronous), into Maps keyed by the dotted code.
 *
 * Memory: provinsi, kab/kota and kecamatan (7,837 rows) are Maps of code → name. The 83,762 desa
 * are loaded only when a desa-level lookup is made (NIK and KK parsing need kecamatan only) and
 * are kept as the file's text plus a Map of kecamatan code → that kecamatan's slice of lines
 * (about 11 desa each, scanned on lookup): about 3 MB of heap instead of about 15 MB for a Map with
 * one entry per desa.
 */

/** Code → name for one level, plus the codes in ascending order (the CSV files are sorted). */
export interface RegionTable {
  readonly names: ReadonlyMap<string, string>;
  readonly codes: readonly string[];
}

/** Provinsi, kab/kota and kecamatan tables: 38 + 514 + 7,285 rows, loaded together. */
export interface UpperRegionTables {
  readonly provinsi: RegionTable;
  readonly kabkota: RegionTable;
  readonly kecamatan: RegionTable;
}

let upper: UpperRegionTables | undefined;
/** Desa/kelurahan grouped by kecamatan; see {@link desaIndex}. */
export interface DesaIndex {
  /** Kecamatan code → the CSV lines (`code,kecamatan,name`) of its desa, in code order. */
  readonly linesByKecamatan: ReadonlyMap<string, string>;
  /** Kecamatan codes that have desa, in code order. */
  readonly kecamatanCodes: readonly string[];
  /** `firstIndex[i]` is the ordinal of the first desa of `kecamatanCodes[i]`; last element = total. */
  readonly firstIndex: Uint32Array;
}

let desa: DesaIndex | undefined;

function dataDir(): string {
  // The package has no `exports` map; its `main` is lib/index.js and the CSV files sit in data/.
  const main = createRequire(import.meta.url).resolve('idn-area-data');
  return join(dirname(main), '..', 'data');
}

/** Reads the name column: the last field, quoted (with `""` escapes) when it holds a comma or quote. */
function unquote(field: string): string {
  return field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replaceAll('""', '"') : field;
}

/**
 * Parses an idn-area-data CSV whose first column is the code and whose last column is the name,
 * with `skip` columns in between that hold no comma (parent codes).
 */
function readTable(file: string, skip: number): RegionTable {
  const text = readFileSync(join(dataDir(), file), 'utf8');
  const names = new Map<string, string>();
  const codes: string[] = [];
  let start = text.indexOf('\n') + 1; // header
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (line === '') continue;
    let comma = line.indexOf(',');
    const code = line.slice(0, comma);
    for (let i = 0; i < skip; i++) comma = line.indexOf(',', comma + 1);
    names.set(code, unquote(line.slice(comma + 1)));
    codes.push(code);
  }
  return { names, codes };
}

/** Provinsi, kab/kota and kecamatan, loaded on first call and kept for the process lifetime. */
export function upperRegionTables(): UpperRegionTables {
  upper ??= {
    provinsi: readTable('provinces.csv', 0),
    kabkota: readTable('regencies.csv', 1),
    kecamatan: readTable('districts.csv', 1),
  };
  return upper;
}

/** Desa/kelurahan, loaded on first call and kept for the process lifetime. */
export function desaIndex(): DesaIndex {
  if (desa !== undefined) return desa;
  // Decoded per kecamatan from the bytes: a handful of names hold a non-ASCII character (’), which
  // would make one string of the whole file two bytes per character; this way only those
  // kecamatan's slices are.
  const bytes = readFileSync(join(dataDir(), 'villages.csv'));
  const linesByKecamatan = new Map<string, string>();
  const kecamatanCodes: string[] = [];
  const first: number[] = [];
  let count = 0;
  let groupStart = bytes.indexOf(10) + 1; // after the header
  let groupKecamatan = '';
  const flush = (end: number) => {
    if (groupKecamatan === '') return;
    linesByKecamatan.set(groupKecamatan, bytes.toString('utf8', groupStart, end));
    kecamatanCodes.push(groupKecamatan);
  };
  for (let pos = groupStart; pos < bytes.length;) {
    let end = bytes.indexOf(10, pos);
    if (end === -1) end = bytes.length;
    if (end > pos + 1) {
      const kecamatan = bytes.toString('latin1', pos, pos + 8);
      if (kecamatan !== groupKecamatan) {
        flush(pos);
        groupKecamatan = kecamatan;
        groupStart = pos;
        first.push(count);
      }
      count++;
    }
    pos = end + 1;
  }
  flush(bytes.length);
  first.push(count);
  desa = { linesByKecamatan, kecamatanCodes, firstIndex: Uint32Array.from(first) };
  return desa;
}

/** Splits a kecamatan's CSV lines into [code, name] pairs. */
export function desaLines(lines: string): Array<[code: string, name: string]> {
  const out: Array<[string, string]> = [];
  for (const raw of lines.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    out.push([line.slice(0, 13), unquote(line.slice(line.indexOf(',', 14) + 1))]);
  }
  return out;
}

/** Name of a current desa (dotted code), or `undefined`. */
export function desaName(code: string): string | undefined {
  const lines = desaIndex().linesByKecamatan.get(code.slice(0, 8));
  if (lines === undefined) return undefined;
  // Codes are fixed-width and unique, so "<code>," at a line start is that desa's line.
  let at = lines.indexOf(`${code},`);
  while (at > 0 && lines.charCodeAt(at - 1) !== 10) at = lines.indexOf(`${code},`, at + 1);
  if (at === -1) return undefined;
  const end = lines.indexOf('\n', at);
  const line = lines.slice(at, end === -1 ? lines.length : end).replace(/\r$/, '');
  return unquote(line.slice(line.indexOf(',', 14) + 1));
}

/** Number of desa in the list. */
export function desaCount(): number {
  const index = desaIndex().firstIndex;
  return index[index.length - 1]!;
}

/** The desa code with ordinal `ordinal` (0 ≤ ordinal < {@link desaCount}) in code order. */
export function desaCodeAt(ordinal: number): string {
  const { firstIndex, kecamatanCodes, linesByKecamatan } = desaIndex();
  let lo = 0;
  let hi = kecamatanCodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (firstIndex[mid]! <= ordinal) lo = mid;
    else hi = mid - 1;
  }
  const pairs = desaLines(linesByKecamatan.get(kecamatanCodes[lo]!)!);
  return pairs[ordinal - firstIndex[lo]!]![0];
}
