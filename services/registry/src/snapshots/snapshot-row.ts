import { isAscii, isUtf8 } from 'node:buffer';
import { isRealDate, isValidRegionCode, parseKk, parseNik, regionExists, regionLevel } from '@slrt/domain';

/**
 * Reading one data row of a snapshot file: CSV splitting, mapping through a column profile,
 * validation with the rules of libs/domain, and the COPY text line of an accepted row.
 */

/** Target columns a profile maps file headers onto. Wire-stable: stored in `column_profile.columns`. */
export const SNAPSHOT_FIELDS = ['household_id', 'member_id', 'nik', 'no_kk', 'name', 'birth_date', 'sex', 'relationship', 'address', 'desa_code', 'desil', 'pkh', 'bpnt', 'pbi', 'kip'] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];
export const REQUIRED_FIELDS: readonly SnapshotField[] = ['nik', 'no_kk', 'name', 'desa_code'];
export const FLAG_FIELDS = ['pkh', 'bpnt', 'pbi', 'kip'] as const;

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
  const delimiter = csvDelimiter(line);
  return mapHeaderCells(splitCsvLine(line.replace(/^\uFEFF/, ''), delimiter), profile, delimiter);
}

/** The delimiter of a CSV file, from its header line: `;` when it splits into more cells, else `,`. */
export function csvDelimiter(headerLine: string): string {
  return headerLine.split(';').length > headerLine.split(',').length ? ';' : ',';
}

/** Maps header cells (CSV or spreadsheet) through a profile; see {@link mapHeader}. */
export function mapHeaderCells(headerCells: readonly string[], profile: Partial<Record<SnapshotField, string>>, delimiter = ','): { map: ColumnMap; missing: string[] } {
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
  return { kabKotaCode, today, todayNumber, desa: new Map(), lastKk: null, nikRegions: new Set(), kkRegions: new Set(), plainText: false };
}

export function desaError(desa: string, kabKotaCode: string): string | null {
  if (!isValidRegionCode(desa) || regionLevel(desa) !== 'desa') return 'Kode desa/kelurahan harus berformat 62.71.01.1001.';
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

const SEX = new Map<string, 'M' | 'F' | null>([['L', 'M'], ['M', 'M'], ['1', 'M'], ['P', 'F'], ['F', 'F'], ['2', 'F'], ['', null]]);
const FLAG_ON = new Set(['1', 'Y', 'YA']);
const FLAG_OFF = new Set(['', '0', 'N', 'TIDAK', 'T']);
const FLAG_NAMES = FLAG_FIELDS.map((f) => f.toUpperCase());
/** `{}` … `{PKH,BPNT,PBI,KIP}` for each of the 16 flag combinations (bit i = FLAG_FIELDS[i]). */
export const FLAG_ARRAYS = Array.from({ length: 16 }, (_, bits) => `{${FLAG_NAMES.filter((_, i) => bits & (1 << i)).join(',')}}`);

const cell = (cells: readonly string[], i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? '').trim());

/**
 * Validates one data row; returns the COPY text line of the member (columns of the snapshot
 * table, see `SNAPSHOT_COLUMNS`) or the row's errors. `kabKotaCode` bounds the desa codes.
 * Hot path of the import (millions of rows): checks run on char codes and caches, and fall back to
 * libs/domain whenever a value is not certainly valid, so messages are always libs/domain's.
 */
export function readRow(cells: readonly string[], rowNumber: number, map: ColumnMap, ctx: RowContext): { line: string } | { errors: RowError[] } {
  const result = copyLineOrErrors(cells, rowNumber, map, ctx);
  return typeof result === 'string' ? { line: result } : { errors: result };
}

/** {@link readRow} without the wrapper object: the COPY line, or the row's errors. */
export function copyLineOrErrors(cells: readonly string[], rowNumber: number, map: ColumnMap, ctx: RowContext): string | RowError[] {
  const ix = map.index;
  let errors: RowError[] | null = null;
  const fail = (f: SnapshotField, message: string) => (errors ??= []).push({ row: rowNumber, column: map.header[f] ?? f, message });
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
  if (birth !== '' && !isIsoDate(birth)) fail('birth_date', 'Tanggal lahir harus tanggal yang benar berformat TTTT-BB-HH.');
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
  if (desil !== '' && !(desil.length === 1 ? desil >= '1' && desil <= '9' : desil === '10')) fail('desil', 'Desil harus 1 sampai 10, atau kosong bila tidak diketahui.');
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

/** Columns of a snapshot table, in the order of `readRow`'s COPY lines. */
export const SNAPSHOT_COLUMNS = ['household_id', 'member_id', 'nik', 'no_kk', 'name', 'birth_date', 'sex', 'relationship', 'address', 'desa_code', 'desil', 'flags'] as const;

/**
 * Splits one CSV line into `out` (reused across rows; returns its new length). Unquoted fields and
 * well-formed quoted fields are cut with `indexOf`; any other quoting falls back to `splitCsvLine`.
 */
export function splitCsvInto(line: string, delimiter: string, out: string[]): number {
  let n = 0;
  let pos = 0;
  const end = line.length;
  let quote = line.indexOf('"');
  if (quote < 0) quote = end;
  for (;;) {
    if (pos === quote) {
      // A quoted field: up to the closing quote, `""` inside stands for one quote.
      let value = '';
      let from = pos + 1;
      for (;;) {
        const close = line.indexOf('"', from);
        if (close < 0) return fallback(line, delimiter, out);
        if (line.charCodeAt(close + 1) === 34) {
          value += line.slice(from, close + 1);
          from = close + 2;
          continue;
        }
        value += line.slice(from, close);
        pos = close + 1;
        break;
      }
      out[n++] = value;
      if (pos === end) return n;
      if (line[pos] !== delimiter) return fallback(line, delimiter, out);
      pos++;
      quote = line.indexOf('"', pos);
      if (quote < 0) quote = end;
      continue;
    }
    let next = line.indexOf(delimiter, pos);
    if (next < 0) next = end;
    if (quote < next) return fallback(line, delimiter, out);
    out[n++] = line.slice(pos, next);
    if (next === end) return n;
    pos = next + 1;
  }
}

function fallback(line: string, delimiter: string, out: string[]): number {
  const cells = splitCsvLine(line, delimiter);
  for (let i = 0; i < cells.length; i++) out[i] = cells[i]!;
  return cells.length;
}

/**
 * Cuts a byte stream into lines without decoding it: `onLine(bytes, start, end, n)` gets each
 * line as `bytes[start, end)` (line feed and a trailing `\r` excluded) with its 1-based number;
 * `bytes` is valid only during the call. A chunk is cut at its last line feed (the rest is kept
 * for the next); `ascii` and `utf8` tell what the lines of the current chunk are.
 */
export class ByteLineSplitter {
  /** Whether the current chunk's lines are pure ASCII (latin1 decoding is then the same text, and cheaper). */
  ascii = true;
  /** Whether they are valid UTF-8 (bytes can be copied to PostgreSQL as they are). */
  utf8 = true;
  private rest: Buffer | null = null;
  private lineNumber = 0;

  push(chunk: Buffer, onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void): void {
    const buf = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      // The caller may reuse `chunk`: keep a copy.
      this.rest = buf === chunk ? Buffer.from(chunk) : buf;
      return;
    }
    this.rest = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
    this.emit(buf, last + 1, onLine);
  }

  /** The last line when the file does not end with a line feed. */
  end(onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void): void {
    const rest = this.rest;
    this.rest = null;
    if (rest) this.emit(rest, rest.length, onLine);
  }

  private emit(buf: Buffer, limit: number, onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void): void {
    const body = limit === buf.length ? buf : buf.subarray(0, limit);
    this.ascii = isAscii(body);
    this.utf8 = this.ascii || isUtf8(body);
    let pos = 0;
    while (pos < limit) {
      let nl = buf.indexOf(10, pos);
      if (nl < 0 || nl >= limit) nl = limit;
      const end = nl > pos && buf[nl - 1] === 13 ? nl - 1 : nl;
      onLine(buf, pos, end, ++this.lineNumber);
      pos = nl + 1;
    }
  }
}

/**
 * COPY text gathered into byte buffers as rows are accepted (each line is encoded once and its
 * string dies young); full buffers wait in `ready` for the caller to write to the COPY stream.
 */
export class CopyTextBuffer {
  readonly ready: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly size = 1 << 20) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Appends one line, then a tab and `lastColumn` when given (a non-negative integer), then the line feed. */
  add(line: string, lastColumn?: number): void {
    const max = line.length * 3 + 18;
    if (this.pos + max > this.buf.length) {
      this.flush();
      if (max > this.buf.length) this.buf = Buffer.allocUnsafe(max);
    }
    this.pos += this.buf.write(line, this.pos);
    if (lastColumn !== undefined) {
      this.buf[this.pos++] = 9;
      this.pos += this.buf.write(String(lastColumn), this.pos, 'latin1');
    }
    this.buf[this.pos++] = 10;
  }

  /** The buffer and position to write at least `bytes` bytes into directly; then {@link advance}. */
  reserve(bytes: number): { buf: Buffer; pos: number } {
    if (this.pos + bytes > this.buf.length) {
      this.flush();
      if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
    }
    return { buf: this.buf, pos: this.pos };
  }

  /** Marks the bytes written after {@link reserve} as gathered. */
  advance(pos: number): void {
    this.pos = pos;
  }

  /** Moves what was gathered so far to `ready`. */
  flush(): void {
    if (this.pos === 0) return;
    this.ready.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(this.size);
    this.pos = 0;
  }
}

/**
 * Remembers the NIKs of accepted rows in a fixed-size Bloom filter (8 MiB, three probes) and
 * keeps the NIKs it may have seen before as suspects. Memory stays constant in file size; the
 * suspects (true repeats plus ~1.3 % false alarms at 6M rows) are settled against the loaded table.
 */
export class NikRepeats {
  readonly suspects = new Set<string>();
  private readonly bits = new Uint32Array(1 << 21);
  private overflowed = false;

  constructor(private readonly maxSuspects = 200_000) {}

  /** Whether too many suspects came up to keep them (the caller then checks every row). */
  get overflow(): boolean {
    return this.overflowed;
  }

  /** Records a NIK (16 digits) of an accepted row. */
  add(nik: string): void {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < nik.length; i++) {
      const c = nik.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.record(a, b, nik);
  }

  /** {@link add} for a NIK given as 16 ASCII digit bytes at `start` (the same hash as its string). */
  addBytes(bytes: Uint8Array, start: number): void {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = start; i < start + 16; i++) {
      const c = bytes[i]!;
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.record(a, b, bytes, start);
  }

  private record(a: number, b: number, nik: string | Uint8Array, start = 0): void {
    let seen = true;
    for (let k = 0; k < 3; k++) {
      const h = (a + Math.imul(k, b)) >>> 6; // 26-bit position: 2^21 words × 32 bits
      const word = h >>> 5;
      const bit = 1 << (h & 31);
      if ((this.bits[word]! & bit) === 0) {
        seen = false;
        this.bits[word]! |= bit;
      }
    }
    if (!seen || this.overflowed) return;
    if (this.suspects.size >= this.maxSuspects) {
      this.overflowed = true;
      this.suspects.clear();
      return;
    }
    this.suspects.add(typeof nik === 'string' ? nik : Buffer.from(nik.buffer, nik.byteOffset + start, 16).toString('latin1'));
  }
}
