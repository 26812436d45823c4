/** COPY text lines of a snapshot table: escaping, column order, and the buffers they are gathered in. */

/** A value escaped for PostgreSQL's COPY text format; null → `\N`. */
const COPY_SPECIAL = /[\\\t\n\r]/;
export function copyText(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** Columns of a snapshot table, in the order of `readRow`'s COPY lines. */
export const SNAPSHOT_COLUMNS = [
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
  'flags',
] as const;

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
