import type pg from 'pg';
import type { RowError } from './snapshot-row.js';

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
    this.suspects.add(
      typeof nik === 'string' ? nik : Buffer.from(nik.buffer, nik.byteOffset + start, 16).toString('latin1'),
    );
  }
}

/**
 * Rejects the second and later rows of a NIK seen more than once among the accepted rows: the
 * Bloom filter's suspects (or, when it overflowed, every NIK) are looked up in the loaded table,
 * and all but the first line of each are deleted. Returns their errors, in line order.
 */
export async function settleRepeatedNiks(
  client: pg.Client,
  table: string,
  repeats: NikRepeats,
  nikHeader: string,
): Promise<RowError[]> {
  if (!repeats.overflow && repeats.suspects.size === 0) return [];
  const found = repeats.overflow
    ? await client.query<{ nik: string; line_no: number; ctid: string }>(
        `SELECT nik, line_no, ctid::text AS ctid FROM "${table}" WHERE nik IN (SELECT nik FROM "${table}" GROUP BY nik HAVING count(*) > 1) ORDER BY nik, line_no`,
      )
    : await client.query<{ nik: string; line_no: number; ctid: string }>(
        `SELECT nik, line_no, ctid::text AS ctid FROM "${table}" WHERE nik = ANY($1::text[]) ORDER BY nik, line_no`,
        [[...repeats.suspects]],
      );
  const errors: RowError[] = [];
  const ctids: string[] = [];
  let first = { nik: '', line: 0 };
  for (const row of found.rows) {
    if (row.nik !== first.nik) {
      first = { nik: row.nik, line: row.line_no };
      continue;
    }
    errors.push({
      row: row.line_no,
      column: nikHeader,
      message: `NIK ganda: sama dengan baris ${first.line}; hanya baris ${first.line} yang dimuat.`,
    });
    ctids.push(row.ctid);
  }
  if (ctids.length > 0) await client.query(`DELETE FROM "${table}" WHERE ctid = ANY($1::tid[])`, [ctids]);
  return errors.sort((a, b) => a.row - b.row);
}
