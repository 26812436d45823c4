import { createReadStream } from 'node:fs';
import { LineSplitter, csvDelimiter, splitCsvInto, splitCsvLine } from './snapshot-row.js';

/**
 * Gets the header row first, then every non-blank data row with its 1-based line (or spreadsheet
 * row) number; `plain` when the source knows no cell holds a backslash, tab or carriage return.
 */
export type RowHandler = (cells: readonly string[], rowNumber: number, plain: boolean) => void;

/**
 * Reads a snapshot file into rows. `onRow` runs synchronously for every row of a chunk; the
 * generator yields between chunks so the caller can write, flush and report progress (and its
 * awaits are the back-pressure). The `cells` array is reused: copy what must outlive the call.
 */
export type RowSource = (onRow: RowHandler) => AsyncGenerator<void>;

/** Bytes read from the file at a time. */
const READ_CHUNK = 1 << 20;

/** A CSV file (`,` or `;`, RFC 4180 quoting, optional BOM, LF or CRLF). */
export function csvRows(path: string): RowSource {
  return async function* (onRow) {
    const splitter = new LineSplitter();
    let delimiter: string | null = null;
    const cells: string[] = [];
    const onLine = (line: string, lineNumber: number) => {
      if (delimiter === null) {
        delimiter = csvDelimiter(line);
        onRow(splitCsvLine(line.replace(/^\uFEFF/, ''), delimiter), lineNumber, false);
        return;
      }
      if (line.length === 0 || (line.charCodeAt(0) <= 32 && line.trim() === '')) return;
      cells.length = splitCsvInto(line, delimiter, cells);
      onRow(cells, lineNumber, splitter.plain);
    };
    for await (const chunk of createReadStream(path, { highWaterMark: READ_CHUNK })) {
      splitter.push(chunk as Buffer, onLine);
      yield;
    }
    splitter.end(onLine);
  };
}
