import { isValidRegionCode, parseIsoDate, parseKk, parseNik, regionExists, regionLevel } from '@slrt/domain';

/**
 * Reading one data row of a snapshot file: CSV splitting, mapping through a column profile,
 * validation with the rules of libs/domain, and the COPY text line of an accepted row.
 */

/** Target columns a profile maps file headers onto. Wire-stable: stored in `column_profile.columns`. */
export const SNAPSHOT_FIELDS = ['household_id', 'member_id', 'nik', 'no_kk', 'name', 'birth_date', 'sex', 'relationship', 'address', 'desa_code', 'desil', 'pkh', 'bpnt', 'pbi', 'kip'] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly SnapshotField[] = ['nik', 'no_kk', 'name', 'desa_code'];
const FLAG_FIELDS = ['pkh', 'bpnt', 'pbi', 'kip'] as const;

/** One problem of one row; `column` is the header name in the file. */
export interface RowError {
  row: number;
  column: string;
  message: string;
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside a field). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** A CSV field quoted when it needs to be. */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A value escaped for PostgreSQL's COPY text format; null → `\N`. */
const COPY_SPECIAL = /[\\\t\n\r]/;
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Where each profile field sits in the file, from its header line. */
export interface ColumnMap {
  index: Partial<Record<SnapshotField, number>>;
  header: Partial<Record<SnapshotField, string>>;
  delimiter: string;
}

/** Maps a header line through a profile (`field → header name`, case-insensitive); lists missing required headers. */
export function mapHeader(line: string, profile: Partial<Record<SnapshotField, string>>): { map: ColumnMap; missing: string[] } {
  const delimiter = line.split(';').length > line.split(',').length ? ';' : ',';
  const cells = splitCsvLine(line.replace(/^\uFEFF/, ''), delimiter).map((c) => c.trim().toLowerCase());
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
 * caches of checks that repeat across rows (desa codes, the household's No. KK).
 */
export interface RowContext {
  kabKotaCode: string;
  today: string;
  desa: Map<string, string | null>;
  lastKk: { value: string; error: string | null } | null;
}

export function rowContext(kabKotaCode: string, today = new Date().toISOString().slice(0, 10)): RowContext {
  return { kabKotaCode, today, desa: new Map(), lastKk: null };
}

function desaError(desa: string, kabKotaCode: string): string | null {
  if (!isValidRegionCode(desa) || regionLevel(desa) !== 'desa') return 'Kode desa/kelurahan harus berformat 62.71.01.1001.';
  if (!desa.startsWith(`${kabKotaCode}.`)) return `Desa/kelurahan di luar kabupaten/kota ${kabKotaCode}.`;
  if (!regionExists(desa)) return 'Kode desa/kelurahan tidak dikenal.';
  return null;
}

/**
 * Validates one data row; returns the COPY text line of the member (columns of the snapshot
 * table, see `SNAPSHOT_COLUMNS`) or the row's errors. `kabKotaCode` bounds the desa codes.
 */
export function readRow(cells: string[], rowNumber: number, map: ColumnMap, ctx: RowContext): { line: string } | { errors: RowError[] } {
  const get = (f: SnapshotField) => {
    const i = map.index[f];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const errors: RowError[] = [];
  const fail = (f: SnapshotField, message: string) => errors.push({ row: rowNumber, column: map.header[f] ?? f, message });
  const nik = get('nik');
  const nikResult = parseNik(nik, { today: ctx.today });
  if (!nikResult.ok) fail('nik', nikResult.errors.map((e) => e.message).join(' '));
  const noKk = get('no_kk');
  // Members of a household follow each other: their No. KK is read once.
  if (ctx.lastKk?.value !== noKk) {
    const kkResult = parseKk(noKk, { today: ctx.today });
    ctx.lastKk = { value: noKk, error: kkResult.ok ? null : kkResult.errors.map((e) => e.message).join(' ') };
  }
  if (ctx.lastKk.error !== null) fail('no_kk', ctx.lastKk.error);
  const name = get('name');
  if (name === '') fail('name', 'Nama wajib diisi.');
  const birth = get('birth_date');
  if (birth !== '' && parseIsoDate(birth) === null) fail('birth_date', 'Tanggal lahir harus tanggal yang benar berformat TTTT-BB-HH.');
  const sexRaw = get('sex').toUpperCase();
  const sex = sexRaw === 'L' || sexRaw === 'M' || sexRaw === '1' ? 'M' : sexRaw === 'P' || sexRaw === 'F' || sexRaw === '2' ? 'F' : sexRaw === '' ? null : undefined;
  if (sex === undefined) fail('sex', 'Jenis kelamin harus L atau P.');
  const desa = get('desa_code');
  let desaProblem = ctx.desa.get(desa);
  if (desaProblem === undefined) {
    desaProblem = desaError(desa, ctx.kabKotaCode);
    if (ctx.desa.size < 100_000) ctx.desa.set(desa, desaProblem);
  }
  if (desaProblem !== null) fail('desa_code', desaProblem);
  const desil = get('desil');
  if (desil !== '' && !/^(10|[1-9])$/.test(desil)) fail('desil', 'Desil harus 1 sampai 10, atau kosong bila tidak diketahui.');
  const flags: string[] = [];
  for (const f of FLAG_FIELDS) {
    const v = get(f).toUpperCase();
    if (v === '1' || v === 'Y' || v === 'YA') flags.push(f.toUpperCase());
    else if (v !== '' && v !== '0' && v !== 'N' && v !== 'TIDAK' && v !== 'T') fail(f, `Penanda program ${f.toUpperCase()} harus 1 atau 0.`);
  }
  if (errors.length > 0) return { errors };
  const householdId = get('household_id') || noKk;
  const line = [
    householdId,
    get('member_id') || null,
    nik,
    noKk,
    name,
    birth || null,
    sex ?? null,
    get('relationship') || null,
    get('address') || null,
    desa,
    desil || null,
    `{${flags.join(',')}}`,
  ]
    .map(copyText)
    .join('\t');
  return { line };
}

/** Columns of a snapshot table, in the order of `readRow`'s COPY lines. */
export const SNAPSHOT_COLUMNS = ['household_id', 'member_id', 'nik', 'no_kk', 'name', 'birth_date', 'sex', 'relationship', 'address', 'desa_code', 'desil', 'flags'] as const;
