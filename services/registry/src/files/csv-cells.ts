import { isAscii, isUtf8 } from 'node:buffer';

/**
 * CSV cells, read and written the one way the registry does it (snapshot files, verivali results,
 * error reports, exchange files): RFC 4180 quoting, `,` or `;`, no line breaks inside a field.
 */

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

/** A CSV field as RFC 4180 wants it: quoted only when it needs to be; null is empty. */
export function csvField(value: string | null): string {
  if (value === null) return '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The delimiter of a CSV file, from its header line: `;` when it splits into more cells, else `,`. */
export function csvDelimiter(headerLine: string): string {
  return headerLine.split(';').length > headerLine.split(',').length ? ';' : ',';
}

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

  private emit(
    buf: Buffer,
    limit: number,
    onLine: (bytes: Buffer, start: number, end: number, lineNumber: number) => void,
  ): void {
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
