import { isRealDate, isValidRegionCode, parseKk, parseNik, regionExists, regionLevel } from '@slrt/domain';
import { csvDelimiter, splitCsvLine } from '../files/csv-cells.js';
import { copyText } from './copy-text.js';

/**
 * Reading one data row of a snapshot file: mapping through a column profile, validation with the
 * rules of libs/domain, and the COPY text line of an accepted row (CSV splitting is
 * `files/csv-cells.ts`; COPY text and its buffers `copy-text.ts`; repeated NIKs `nik-repeats.ts`).
 */

/** Target columns a profile maps file headers onto. Wire-stable: stored in `column_profile.columns`. */
export const SNAPSHOT_FIELDS = [
  'household_id',
  'member_id',
  'nik',
  'no_kk',
  'name',
  'birth_date',
  'sex',
  'relationship',
  'address',
  'desa_code',
  'desil',
  'pkh',
  'bpnt',
  'pbi',
  'kip',
] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly SnapshotField[] = ['nik', 'no_kk', 'name', 'desa_code'];
export const FLAG_FIELDS = ['pkh', 'bpnt', 'pbi', 'kip'] as const;

/** One problem of one row; `column` is the header name in the file. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Where each profile field sits in the file, from its header line. */
export interface ColumnMap {
  index: Partial<Record<SnapshotField, number>>;
  header: Partial<Record<SnapshotField, string>>;
  delimiter: string;
}

/** Maps a header line through a profile (`field → header name`, case-insensitive); lists missing required headers. */
export function mapHeader(
  line: string,
  profile: Partial<Record<SnapshotField, string>>,
): { map: ColumnMap; missing: string[] } {
  const delimiter = csvDelimiter(line);
  return mapHeaderCells(splitCsvLine(line.replace(/^\uFEFF/, ''), delimiter), profile, delimiter);
}

/** Maps header cells (CSV or spreadsheet) through a profile; see {@link mapHeader}. */
export function mapHeaderCells(
  headerCells: readonly string[],
  profile: Partial<Record<SnapshotField, string>>,
  delimiter = ',',
): { map: ColumnMap; missing: string[] } {
  const cells = headerCells.map((c) => c.trim().toLowerCase());
  const map: ColumnMap = { index: {}, header: {}, delimiter };
  const missing: string[] = [];
  for (const field of SNAPSHOT_FIELDS) {
    const name = profile[field];
    if (!name) continue;
    const i = cells.indexOf(name.toLowerCase());
    if (i >= 0) {
      map.index[field] = i;
      map.header[field] = name;
    } else if (REQUIRED_FIELDS.includes(field)) missing.push(name);
  }
  for (const field of REQUIRED_FIELDS) if (!profile[field]) missing.push(field);
  return { map, missing };
}

/**
 * What one import reads rows against: its kab/kota, the day NIK centuries resolve against, and
 * caches of checks that repeat across rows (desa codes, the household's No. KK, the kecamatan
 * codes already seen in a valid NIK or No. KK).
 */
export interface RowContext {
  kabKotaCode: string;
  today: string;
  /** `today` as the number yyyymmdd. */
  todayNumber: number;
  desa: Map<string, string | null>;
  lastKk: { value: string; error: string | null } | null;
  /** First six digits (as a number) of identity numbers whose region parsed, per NIK and KK rules. */
  nikRegions: Set<number>;
  kkRegions: Set<number>;
  /** Set by the reader when the text being read holds no backslash, tab or carriage return: no value needs a COPY escape. */
  plainText: boolean;
}

export function rowContext(kabKotaCode: string, today = new Date().toISOString().slice(0, 10)): RowContext {
  const todayNumber = Number(today.slice(0, 4)) * 10_000 + Number(today.slice(5, 7)) * 100 + Number(today.slice(8, 10));
  return {
    kabKotaCode,
    today,
    todayNumber,
    desa: new Map(),
    lastKk: null,
    nikRegions: new Set(),
    kkRegions: new Set(),
    plainText: false,
  };
}

export function desaError(desa: string, kabKotaCode: string): string | null {
  if (!isValidRegionCode(desa) || regionLevel(desa) !== 'desa')
    return 'Kode desa/kelurahan harus berformat 62.71.01.1001.';
  if (!desa.startsWith(`${kabKotaCode}.`)) return `Desa/kelurahan di luar kabupaten/kota ${kabKotaCode}.`;
  if (!regionExists(desa)) return 'Kode desa/kelurahan tidak dikenal.';
  return null;
}

/**
 * Whether a 16-digit NIK/KK is certainly valid by the rules of `parseNik`/`parseKk`, read on char
 * codes: digits only, a region prefix already seen valid, a real DDMMYY date (day + 40 for women
 * when `femaleOffset`) with the century resolved as libs/domain does, serial not 0000. `false`
 * means "not certain": the caller then asks libs/domain, whose answer (and message) counts.
 */
function identityCertainlyValid(v: string, femaleOffset: boolean, regions: Set<number>, todayNumber: number): boolean {
  if (v.length !== 16) return false;
  let region = 0;
  for (let i = 0; i < 6; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    region = region * 10 + c;
  }
  if (!regions.has(region)) return false;
  const d = (i: number) => v.charCodeAt(i) - 48;
  for (let i = 6; i < 16; i++) {
    const c = d(i);
    if (c < 0 || c > 9) return false;
  }
  let day = d(6) * 10 + d(7);
  if (femaleOffset && day > 40) day -= 40;
  const month = d(8) * 10 + d(9);
  let year = 2000 + d(10) * 10 + d(11);
  if (year * 10_000 + month * 100 + day > todayNumber) year -= 100;
  if (!isRealDate(year, month, day)) return false;
  return d(12) + d(13) + d(14) + d(15) > 0;
}

const regionNumber = (v: string) => Number(v.slice(0, 6));

/** The errors of a NIK, `null` when valid. */
function nikProblem(nik: string, ctx: RowContext): string | null {
  if (identityCertainlyValid(nik, true, ctx.nikRegions, ctx.todayNumber)) return null;
  const result = parseNik(nik, { today: ctx.today });
  if (result.ok) {
    ctx.nikRegions.add(regionNumber(nik));
    return null;
  }
  return result.errors.map((e) => e.message).join(' ');
}

function kkProblem(noKk: string, ctx: RowContext): string | null {
  if (identityCertainlyValid(noKk, false, ctx.kkRegions, ctx.todayNumber)) return null;
  const result = parseKk(noKk, { today: ctx.today });
  if (result.ok) {
    ctx.kkRegions.add(regionNumber(noKk));
    return null;
  }
  return result.errors.map((e) => e.message).join(' ');
}

/** Whether `v` is a strict ISO `yyyy-mm-dd` real day (as `parseIsoDate`), on char codes. */
function isIsoDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    year = year * 10 + c;
  }
  const m1 = v.charCodeAt(5) - 48;
  const m2 = v.charCodeAt(6) - 48;
  const d1 = v.charCodeAt(8) - 48;
  const d2 = v.charCodeAt(9) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  const month = m1 * 10 + m2;
  const day = d1 * 10 + d2;
  return isRealDate(year, month, day);
}

const SEX = new Map<string, 'M' | 'F' | null>([
  ['L', 'M'],
  ['M', 'M'],
  ['1', 'M'],
  ['P', 'F'],
  ['F', 'F'],
  ['2', 'F'],
  ['', null],
]);
const FLAG_ON = new Set(['1', 'Y', 'YA']);
const FLAG_OFF = new Set(['', '0', 'N', 'TIDAK', 'T']);
const FLAG_NAMES = FLAG_FIELDS.map((f) => f.toUpperCase());
/** `{}` … `{PKH,BPNT,PBI,KIP}` for each of the 16 flag combinations (bit i = FLAG_FIELDS[i]). */
export const FLAG_ARRAYS = Array.from(
  { length: 16 },
  (_, bits) => `{${FLAG_NAMES.filter((_, i) => bits & (1 << i)).join(',')}}`,
);

const cell = (cells: readonly string[], i: number | undefined): string =>
  i === undefined ? '' : (cells[i] ?? '').trim();

/**
 * Validates one data row; returns the COPY text line of the member (columns of the snapshot
 * table, see `SNAPSHOT_COLUMNS`) or the row's errors. `kabKotaCode` bounds the desa codes.
 * Hot path of the import (millions of rows): checks run on char codes and caches, and fall back to
 * libs/domain whenever a value is not certainly valid, so messages are always libs/domain's.
 */
export function readRow(
  cells: readonly string[],
  rowNumber: number,
  map: ColumnMap,
  ctx: RowContext,
): { line: string } | { errors: RowError[] } {
  const result = copyLineOrErrors(cells, rowNumber, map, ctx);
  return typeof result === 'string' ? { line: result } : { errors: result };
}

/** {@link readRow} without the wrapper object: the COPY line, or the row's errors. */
export function copyLineOrErrors(
  cells: readonly string[],
  rowNumber: number,
  map: ColumnMap,
  ctx: RowContext,
): string | RowError[] {
  const ix = map.index;
  let errors: RowError[] | null = null;
  const fail = (f: SnapshotField, message: string) =>
    (errors ??= []).push({ row: rowNumber, column: map.header[f] ?? f, message });
  const nik = cell(cells, ix.nik);
  const nikError = nikProblem(nik, ctx);
  if (nikError !== null) fail('nik', nikError);
  const noKk = cell(cells, ix.no_kk);
  // Members of a household follow each other: their No. KK is read once.
  if (ctx.lastKk?.value !== noKk) ctx.lastKk = { value: noKk, error: kkProblem(noKk, ctx) };
  if (ctx.lastKk.error !== null) fail('no_kk', ctx.lastKk.error);
  const name = cell(cells, ix.name);
  if (name === '') fail('name', 'Nama wajib diisi.');
  const birth = cell(cells, ix.birth_date);
  if (birth !== '' && !isIsoDate(birth))
    fail('birth_date', 'Tanggal lahir harus tanggal yang benar berformat TTTT-BB-HH.');
  const sexRaw = cell(cells, ix.sex);
  const sex = SEX.get(sexRaw === 'L' || sexRaw === 'P' ? sexRaw : sexRaw.toUpperCase());
  if (sex === undefined) fail('sex', 'Jenis kelamin harus L atau P.');
  const desa = cell(cells, ix.desa_code);
  let desaProblem = ctx.desa.get(desa);
  if (desaProblem === undefined) {
    desaProblem = desaError(desa, ctx.kabKotaCode);
    if (ctx.desa.size < 100_000) ctx.desa.set(desa, desaProblem);
  }
  if (desaProblem !== null) fail('desa_code', desaProblem);
  const desil = cell(cells, ix.desil);
  if (desil !== '' && !(desil.length === 1 ? desil >= '1' && desil <= '9' : desil === '10'))
    fail('desil', 'Desil harus 1 sampai 10, atau kosong bila tidak diketahui.');
  let flags = 0;
  for (let i = 0; i < FLAG_FIELDS.length; i++) {
    const f = FLAG_FIELDS[i]!;
    const raw = cell(cells, ix[f]);
    const v = raw === '0' || raw === '1' || raw === '' ? raw : raw.toUpperCase();
    if (FLAG_ON.has(v)) flags |= 1 << i;
    else if (!FLAG_OFF.has(v)) fail(f, `Penanda program ${FLAG_NAMES[i]} harus 1 atau 0.`);
  }
  if (errors !== null) return errors;
  // nik, no_kk (valid: digits), birth_date, sex, desil and flags never need COPY escapes.
  const esc = ctx.plainText ? plain : copyText;
  const householdId = cell(cells, ix.household_id);
  const memberId = cell(cells, ix.member_id);
  const relationship = cell(cells, ix.relationship);
  const address = cell(cells, ix.address);
  return (
    `${householdId === '' ? noKk : esc(householdId)}\t${memberId === '' ? '\\N' : esc(memberId)}\t${nik}\t${noKk}\t${esc(name)}\t` +
    `${birth === '' ? '\\N' : birth}\t${sex ?? '\\N'}\t${relationship === '' ? '\\N' : esc(relationship)}\t${address === '' ? '\\N' : esc(address)}\t` +
    `${esc(desa)}\t${desil === '' ? '\\N' : desil}\t${FLAG_ARRAYS[flags]!}`
  );
}

const plain = (value: string) => value;
