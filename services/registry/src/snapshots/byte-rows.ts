import { isRealDate } from '@slrt/domain';
import { FLAG_ARRAYS, FLAG_FIELDS, desaError, type ColumnMap, type RowContext } from './snapshot-row.js';

/**
 * The fast path of a snapshot row: a CSV line checked and turned into its COPY text line on the
 * bytes, without building strings. It takes only lines it is certain about (valid rows with plain
 * fields); anything else — a bad value, an unusual quote, non-ASCII at a field's edge, a value the
 * string path would read through a case fold — is left to `copyLineOrErrors`, whose answer counts.
 * So it never accepts a row the string path would reject, and it writes the same COPY text.
 */

const QUOTE = 34;
const BACKSLASH = 92;
const TAB = 9;
const LF = 10;
const CR = 13;

/** Bytes `String.prototype.trim` removes that are ASCII. */
const isSpace = (b: number) => b === 32 || (b >= 9 && b <= 13);
const isDigit = (b: number) => b >= 48 && b <= 57;

/** Kinds of output a mapped field needs: copied, or only checked. */
export class ByteRowReader {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Column index of each field, -1 when the profile does not map it. */
  private readonly col: Record<
    | 'household_id'
    | 'member_id'
    | 'nik'
    | 'no_kk'
    | 'name'
    | 'birth_date'
    | 'sex'
    | 'relationship'
    | 'address'
    | 'desa_code'
    | 'desil',
    number
  >;
  private readonly flagCols: number[];
  private readonly width: number;
  /** Desa codes as the number of their 10 digits → whether valid here. */
  private readonly desaOk = new Map<number, boolean>();
  /** The last No. KK found certainly valid, as two 8-digit halves. */
  private lastKkHi = -1;
  private lastKkLo = -1;

  constructor(
    map: ColumnMap,
    private readonly ctx: RowContext,
    private readonly delimiter: number,
  ) {
    const ix = (f: keyof ColumnMap['index']) => map.index[f] ?? -1;
    this.col = {
      household_id: ix('household_id'),
      member_id: ix('member_id'),
      nik: ix('nik'),
      no_kk: ix('no_kk'),
      name: ix('name'),
      birth_date: ix('birth_date'),
      sex: ix('sex'),
      relationship: ix('relationship'),
      address: ix('address'),
      desa_code: ix('desa_code'),
      desil: ix('desil'),
    };
    this.flagCols = FLAG_FIELDS.map((f) => ix(f));
    this.width = Math.max(...Object.values(this.col), ...this.flagCols) + 1;
    this.starts = new Int32Array(this.width);
    this.ends = new Int32Array(this.width);
  }

  /**
   * Reads the line `b[start, end)` (no line terminator). When certain it is valid, writes its COPY
   * line, a tab, `lineNumber` and a line feed into `out` at `pos` (room for `2 × length + 64`
   * bytes is needed) and returns the position after it, with the NIK's offset in `nikAt`.
   * Returns -1 when the string path must decide.
   */
  tryLine(b: Uint8Array, start: number, end: number, lineNumber: number, out: Uint8Array, pos: number): number {
    if (!this.split(b, start, end)) return -1;
    const { starts, ends, col } = this;
    // NIK and No. KK: 16 digits, certainly valid.
    const nikAt = starts[col.nik]!;
    if (ends[col.nik]! - nikAt !== 16 || !this.identityValid(b, nikAt, true)) return -1;
    const kkAt = starts[col.no_kk]!;
    if (ends[col.no_kk]! - kkAt !== 16) return -1;
    const hi = digits8(b, kkAt);
    const lo = digits8(b, kkAt + 8);
    if (hi < 0 || lo < 0) return -1;
    if (hi !== this.lastKkHi || lo !== this.lastKkLo) {
      if (!this.identityValid(b, kkAt, false)) return -1;
      this.lastKkHi = hi;
      this.lastKkLo = lo;
    }
    if (ends[col.name]! <= starts[col.name]!) return -1;
    // Birth date: empty or a real yyyy-mm-dd.
    const birthAt = col.birth_date < 0 ? 0 : starts[col.birth_date]!;
    const birthLen = col.birth_date < 0 ? 0 : ends[col.birth_date]! - birthAt;
    if (birthLen !== 0 && (birthLen !== 10 || !isoDate(b, birthAt))) return -1;
    // Sex: empty, or one letter/digit of L M 1 / P F 2 in either case.
    let sex = 0;
    if (col.sex >= 0 && ends[col.sex]! > starts[col.sex]!) {
      if (ends[col.sex]! - starts[col.sex]! !== 1) return -1;
      const c = b[starts[col.sex]!]! & ~32 & 0xff;
      const d = b[starts[col.sex]!]!;
      if (c === 76 || c === 77 || d === 49)
        sex = 77; // M
      else if (c === 80 || c === 70 || d === 50)
        sex = 70; // F
      else return -1;
    }
    // Desa code: 62.71.01.1001 shape, known valid for this kab/kota.
    const desaAt = starts[col.desa_code]!;
    if (ends[col.desa_code]! - desaAt !== 13 || !this.desaValid(b, desaAt)) return -1;
    // Desil: empty, 1–9 or 10.
    let desilLen = 0;
    const desilAt = col.desil < 0 ? 0 : starts[col.desil]!;
    if (col.desil >= 0) {
      desilLen = ends[col.desil]! - desilAt;
      if (desilLen === 1) {
        if (b[desilAt]! < 49 || b[desilAt]! > 57) return -1;
      } else if (desilLen === 2) {
        if (b[desilAt] !== 49 || b[desilAt + 1] !== 48) return -1;
      } else if (desilLen !== 0) return -1;
    }
    // Flags: empty or one of 0 1 Y N T (either case); longer words go the string way.
    let flags = 0;
    for (let i = 0; i < this.flagCols.length; i++) {
      const c = this.flagCols[i]!;
      if (c < 0 || ends[c]! === starts[c]!) continue;
      if (ends[c]! - starts[c]! !== 1) return -1;
      const v = b[starts[c]!]!;
      const u = v & ~32 & 0xff;
      if (v === 49 || u === 89) flags |= 1 << i;
      else if (v !== 48 && u !== 78 && u !== 84) return -1;
    }
    // The COPY line, in SNAPSHOT_COLUMNS order.
    let p = pos;
    if (col.household_id >= 0 && ends[col.household_id]! > starts[col.household_id]!)
      p = copyEscaped(b, starts[col.household_id]!, ends[col.household_id]!, out, p);
    else p = copyPlain(b, kkAt, kkAt + 16, out, p);
    out[p++] = TAB;
    p =
      col.member_id >= 0 && ends[col.member_id]! > starts[col.member_id]!
        ? copyEscaped(b, starts[col.member_id]!, ends[col.member_id]!, out, p)
        : nullValue(out, p);
    out[p++] = TAB;
    p = copyPlain(b, nikAt, nikAt + 16, out, p);
    out[p++] = TAB;
    p = copyPlain(b, kkAt, kkAt + 16, out, p);
    out[p++] = TAB;
    p = copyEscaped(b, starts[col.name]!, ends[col.name]!, out, p);
    out[p++] = TAB;
    p = birthLen === 0 ? nullValue(out, p) : copyPlain(b, birthAt, birthAt + 10, out, p);
    out[p++] = TAB;
    if (sex === 0) p = nullValue(out, p);
    else out[p++] = sex;
    out[p++] = TAB;
    p =
      col.relationship >= 0 && ends[col.relationship]! > starts[col.relationship]!
        ? copyEscaped(b, starts[col.relationship]!, ends[col.relationship]!, out, p)
        : nullValue(out, p);
    out[p++] = TAB;
    p =
      col.address >= 0 && ends[col.address]! > starts[col.address]!
        ? copyEscaped(b, starts[col.address]!, ends[col.address]!, out, p)
        : nullValue(out, p);
    out[p++] = TAB;
    p = copyPlain(b, desaAt, desaAt + 13, out, p);
    out[p++] = TAB;
    p = desilLen === 0 ? nullValue(out, p) : copyPlain(b, desilAt, desilAt + desilLen, out, p);
    out[p++] = TAB;
    const flagText = FLAG_ARRAYS[flags]!;
    for (let i = 0; i < flagText.length; i++) out[p++] = flagText.charCodeAt(i);
    out[p++] = TAB;
    const n = String(lineNumber);
    for (let i = 0; i < n.length; i++) out[p++] = n.charCodeAt(i);
    out[p++] = LF;
    this.nikAt = nikAt;
    return p;
  }

  /** Offset of the NIK in the line last accepted by {@link tryLine}. */
  nikAt = 0;

  /**
   * Field bounds of the mapped columns, trimmed as `trim()` would. False when the line has a
   * quote that is not a whole, `""`-free quoted field, or a field whose trimmed edge is non-ASCII
   * (maybe a Unicode space).
   */
  private split(b: Uint8Array, start: number, end: number): boolean {
    const { starts, ends, width, delimiter } = this;
    let field = 0;
    let p = start;
    for (;;) {
      let s: number;
      let e: number;
      let next: number;
      if (p < end && b[p] === QUOTE) {
        s = p + 1;
        e = s;
        while (e < end && b[e] !== QUOTE) e++;
        if (e >= end) return false;
        next = e + 1;
        if (next < end && b[next] !== delimiter) return false; // `""` inside, or text after the quote
      } else {
        s = p;
        e = p;
        while (e < end && b[e] !== delimiter) {
          if (b[e] === QUOTE) return false;
          e++;
        }
        next = e;
      }
      if (field < width) {
        while (s < e && isSpace(b[s]!)) s++;
        while (e > s && isSpace(b[e - 1]!)) e--;
        if (e > s && (b[s]! >= 0x80 || b[e - 1]! >= 0x80)) return false;
        starts[field] = s;
        ends[field] = e;
      }
      field++;
      if (next >= end) break;
      p = next + 1;
      if (p === end) {
        // A trailing delimiter: one more, empty field.
        if (field < width) {
          starts[field] = end;
          ends[field] = end;
        }
        field++;
        break;
      }
    }
    // Columns past the end of the line are empty.
    for (; field < width; field++) {
      starts[field] = 0;
      ends[field] = 0;
    }
    return true;
  }

  /** {@link identityCertainlyValid} of snapshot-row.ts, on bytes. */
  private identityValid(b: Uint8Array, at: number, femaleOffset: boolean): boolean {
    let region = 0;
    for (let i = 0; i < 16; i++) if (!isDigit(b[at + i]!)) return false;
    for (let i = 0; i < 6; i++) region = region * 10 + (b[at + i]! - 48);
    if (!(femaleOffset ? this.ctx.nikRegions : this.ctx.kkRegions).has(region)) return false;
    const d = (i: number) => b[at + i]! - 48;
    let day = d(6) * 10 + d(7);
    if (femaleOffset && day > 40) day -= 40;
    const month = d(8) * 10 + d(9);
    let year = 2000 + d(10) * 10 + d(11);
    if (year * 10_000 + month * 100 + day > this.ctx.todayNumber) year -= 100;
    if (!isRealDate(year, month, day)) return false;
    return d(12) + d(13) + d(14) + d(15) > 0;
  }

  private desaValid(b: Uint8Array, at: number): boolean {
    // dd.dd.dd.dddd
    if (b[at + 2] !== 46 || b[at + 5] !== 46 || b[at + 8] !== 46) return false;
    let key = 0;
    for (const i of [0, 1, 3, 4, 6, 7, 9, 10, 11, 12]) {
      const c = b[at + i]!;
      if (!isDigit(c)) return false;
      key = key * 10 + (c - 48);
    }
    let ok = this.desaOk.get(key);
    if (ok === undefined) {
      const code = String.fromCharCode(...b.subarray(at, at + 13));
      ok = desaError(code, this.ctx.kabKotaCode) === null;
      if (this.desaOk.size < 100_000) this.desaOk.set(key, ok);
    }
    return ok;
  }
}

/** Eight ASCII digits as a number, or -1. */
function digits8(b: Uint8Array, at: number): number {
  let n = 0;
  for (let i = at; i < at + 8; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Whether `b[at, at+10)` is a strict `yyyy-mm-dd` real day. */
function isoDate(b: Uint8Array, at: number): boolean {
  if (b[at + 4] !== 45 || b[at + 7] !== 45) return false;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(b[at + i]!)) return false;
  const d = (i: number) => b[at + i]! - 48;
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
  const month = d(5) * 10 + d(6);
  const day = d(8) * 10 + d(9);
  return isRealDate(year, month, day);
}

function copyPlain(b: Uint8Array, s: number, e: number, out: Uint8Array, p: number): number {
  for (let i = s; i < e; i++) out[p++] = b[i]!;
  return p;
}

/** Copies a value escaping what COPY text needs escaped (backslash, tab, line feed, carriage return). */
function copyEscaped(b: Uint8Array, s: number, e: number, out: Uint8Array, p: number): number {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c === BACKSLASH || c === TAB || c === LF || c === CR) {
      out[p++] = BACKSLASH;
      out[p++] = c === BACKSLASH ? BACKSLASH : c === TAB ? 116 : c === LF ? 110 : 114;
    } else out[p++] = c;
  }
  return p;
}

function nullValue(out: Uint8Array, p: number): number {
  out[p++] = BACKSLASH;
  out[p++] = 78;
  return p;
}
