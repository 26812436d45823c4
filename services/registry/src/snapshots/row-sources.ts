import { open } from 'node:fs/promises';
import { excel } from '../exceljs.js';
import { ByteLineSplitter, csvDelimiter, splitCsvInto, splitCsvLine } from '../files/csv-cells.js';

/**
 * Gets the header row first, then every non-blank data row with its 1-based line (or spreadsheet
 * row) number; `plain` when the source knows no cell holds a backslash, tab or carriage return.
 */
export type RowHandler = (cells: readonly string[], rowNumber: number, plain: boolean) => void;

/**
 * Offered each CSV data line as bytes first (`[start, end)`, valid UTF-8, the file's delimiter as
 * a byte); returns true when it took the line, false to have it decoded and passed to the
 * {@link RowHandler}.
 */
export type LineBytesHandler = (
  bytes: Buffer,
  start: number,
  end: number,
  rowNumber: number,
  delimiter: number,
) => boolean;

/**
 * Reads a snapshot file into rows. `onRow` runs synchronously for every row of a chunk; the
 * generator yields between chunks so the caller can write, flush and report progress (and its
 * awaits are the back-pressure). The `cells` array is reused: copy what must outlive the call.
 */
export type RowSource = (onRow: RowHandler, onLineBytes?: LineBytesHandler) => AsyncGenerator<void>;

/**
 * Bytes read from the file at a time. Below ~1 MB on purpose: Node decodes larger chunks into
 * external strings, malloc'd memory that only a full GC frees (RSS climbed by ~65 MB with 1 MiB).
 */
const READ_CHUNK = 256 * 1024;

/**
 * The bytes of a file, read into one reused buffer: each chunk is valid only until the next is
 * asked for (no garbage per chunk, so memory stays flat however large the file).
 */
export async function* readChunks(path: string, size = READ_CHUNK): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** A CSV file (`,` or `;`, RFC 4180 quoting, optional BOM, LF or CRLF). */
export function csvRows(path: string): RowSource {
  return async function* (onRow, onLineBytes) {
    const splitter = new ByteLineSplitter();
    let delimiter: string | null = null;
    let delimiterByte = 44;
    const cells: string[] = [];
    const onLine = (bytes: Buffer, start: number, end: number, lineNumber: number) => {
      if (delimiter === null) {
        const header = bytes.toString('utf8', start, end);
        delimiter = csvDelimiter(header);
        delimiterByte = delimiter.charCodeAt(0);
        onRow(splitCsvLine(header.replace(/^\uFEFF/, ''), delimiter), lineNumber, false);
        return;
      }
      if (start === end) return;
      const encoding = splitter.ascii ? 'latin1' : 'utf8';
      if (bytes[start]! <= 32 && bytes.toString(encoding, start, end).trim() === '') return;
      // Bytes the fast path may copy as they are: valid UTF-8 only (else decoding replaces them).
      if (onLineBytes && splitter.utf8 && onLineBytes(bytes, start, end, lineNumber, delimiterByte)) return;
      cells.length = splitCsvInto(bytes.toString(encoding, start, end), delimiter, cells);
      onRow(cells, lineNumber, false);
    };
    for await (const chunk of readChunks(path)) {
      splitter.push(chunk, onLine);
      yield;
    }
    splitter.end(onLine);
  };
}

/** Spreadsheet rows handed over between two yields. */
const XLSX_BATCH = 2_000;

/**
 * The first worksheet of an XLSX file, streamed with exceljs's WorkbookReader (rows are not kept;
 * only the shared-strings table and the styles, which tell dates from numbers, are held). Row
 * numbers are the spreadsheet's; the first row with any cell is the header; rows without a value
 * are skipped. Cells become text: numbers as written, dates as `yyyy-mm-dd`, formulas by their
 * result, rich text joined. A NIK or No. KK should be a text cell: Excel keeps only 15 digits of a number.
 */
export function xlsxRows(path: string): RowSource {
  return async function* (onRow) {
    const reader = new (excel().stream.xlsx.WorkbookReader)(path, {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'cache',
      entries: 'ignore',
    });
    let header = true;
    let batch = 0;
    // Reading errors (not a zip, not a workbook) are the file's fault; errors thrown by onRow pass as they are.
    const unreadable = (err: unknown) =>
      new SnapshotFileError('Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX).', { cause: err });
    const sheets = reader[Symbol.asyncIterator]();
    try {
      // The first worksheet only.
      const first = await sheets.next().catch((err: unknown) => {
        throw unreadable(err);
      });
      if (first.done) return;
      const rows = first.value[Symbol.asyncIterator]();
      for (;;) {
        const step = await rows.next().catch((err: unknown) => {
          throw unreadable(err);
        });
        if (step.done) break;
        const row = step.value;
        const cells = Array.from((row.values as unknown[]).slice(1), xlsxCellText);
        if (!header && cells.every((c) => c.trim() === '')) continue;
        onRow(cells, row.number, false);
        header = false;
        if (++batch >= XLSX_BATCH) {
          batch = 0;
          yield;
        }
      }
    } finally {
      await sheets.return?.(undefined).catch(() => undefined);
    }
  };
}

/** A file that cannot be read as what its name says: the operator sees the message on the job. */
export class SnapshotFileError extends Error {}

/** The text of one spreadsheet cell value as exceljs reads it. */
export function xlsxCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const o = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: unknown };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return xlsxCellText(o.text);
    if (o.result !== undefined) return xlsxCellText(o.result);
    if (o.error !== undefined) return String(o.error);
    return '';
  }
  return String(value);
}

/** The reader of a snapshot file, by its extension (`.xlsx`, else CSV). */
export function rowSourceFor(path: string): RowSource {
  return path.toLowerCase().endsWith('.xlsx') ? xlsxRows(path) : csvRows(path);
}
