import { createWriteStream, mkdirSync, renameSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type ExcelJS from 'exceljs';
import { excel } from '../exceljs.js';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { EXCHANGE_CHUNK_BYTES, type ExchangeFileFormat, type FileChunkV1 } from '@slrt/contracts';
import { csvField } from './csv-cells.js';
import { hashingStream, type FileDigest } from './file-hash.js';

export const CONTENT_TYPES: Record<ExchangeFileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** A file written to disk, with what a download needs to check it. */
export type WrittenFile = FileDigest;

const gzipAsync = promisify(gzip);

/** Data rows an XLSX sheet can hold (Excel's 1,048,576 rows, minus the header). */
export const XLSX_MAX_ROWS = 1_048_575;

/** Rows fetched per round trip when a cursor feeds an XLSX file. */
const CURSOR_FETCH = 5_000;

/**
 * Sheet XML allowed to wait in front of the zip's deflate stream before the XLSX writer stops
 * adding rows until it has drained (exceljs itself never waits: see {@link sheetBacklog}).
 */
export const XLSX_BACKLOG_BYTES = 4 * 1024 * 1024;

/** Writes to `<path>.<random>.part`, then renames: a reader never sees half a file. */
async function writeAtomically(
  path: string,
  fill: (out: NodeJS.WritableStream) => Promise<void>,
): Promise<WrittenFile> {
  mkdirSync(dirname(path), { recursive: true });
  const part = `${path}.${uuidv7()}.part`;
  const h = hashingStream();
  const file = createWriteStream(part);
  const done = pipeline(h, file);
  await fill(h);
  h.end();
  await done;
  renameSync(part, path);
  return h.result();
}

/**
 * CSV straight from PostgreSQL: a header line, then `COPY (query) TO STDOUT (FORMAT csv)` piped to
 * disk. Constant memory whatever the row count; the bytes depend only on the rows and their order.
 */
export async function writeCsvFromCopy(
  client: pg.Client,
  query: string,
  headers: readonly string[],
  path: string,
): Promise<WrittenFile> {
  return writeAtomically(path, async (out) => {
    out.write(`${headers.map(csvField).join(',')}\n`);
    const copy = client.query(copyTo(`COPY (${query}) TO STDOUT WITH (FORMAT csv, NULL '')`));
    await pipeFrom(copy, out);
  });
}

async function pipeFrom(source: Readable, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of source) {
    if (!out.write(chunk as Buffer)) await once(out as unknown as NodeJS.EventEmitter, 'drain');
  }
}

/**
 * XLSX through exceljs's streaming writer, rows read from a server-side cursor
 * (`DECLARE … CURSOR`, `FETCH 5000` at a time) inside a read-only transaction. Every timestamp in
 * the file (document properties and zip entries) is `fixedAt`, so the same rows give the same
 * bytes on every generation. Constant memory: after each row the writer waits while more than
 * {@link XLSX_BACKLOG_BYTES} of sheet XML is queued in front of the zip's deflate (exceljs ignores
 * backpressure: without the wait the sheet XML piled up in memory whenever rows came faster than
 * deflate and the disk took them, about 0.9 KB per row). A sheet holds at most {@link XLSX_MAX_ROWS} rows.
 */
export async function writeXlsxFromCursor(
  client: pg.Client,
  query: string,
  params: unknown[],
  headers: readonly string[],
  sheetName: string,
  fixedAt: Date,
  path: string,
  toCells: (row: Record<string, unknown>) => Array<string | number | null>,
): Promise<WrittenFile> {
  return writeAtomically(path, async (out) => {
    const wb = fixedDateWorkbook(out, fixedAt);
    wb.creator = 'SLRT';
    wb.created = fixedAt;
    wb.modified = fixedAt;
    const sheet = wb.addWorksheet(sheetName);
    sheet.addRow([...headers]).commit();
    const backlog = sheetBacklog(wb, sheet);
    await client.query('BEGIN READ ONLY');
    try {
      await client.query(`DECLARE exchange_cursor NO SCROLL CURSOR FOR ${query}`, params);
      for (;;) {
        const { rows } = await client.query(`FETCH ${CURSOR_FETCH} FROM exchange_cursor`);
        if (rows.length === 0) break;
        for (const r of rows as Array<Record<string, unknown>>) {
          sheet.addRow(toCells(r)).commit();
          if (backlog.bytes() > XLSX_BACKLOG_BYTES) await backlog.drained(out);
        }
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
    sheet.commit();
    await wb.commit();
  });
}

type ZipLike = { append: (src: unknown, data: Record<string, unknown>) => unknown };
type WorkbookWriterClass = new (
  options: Record<string, unknown>,
) => InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>;

/** The date the writer being constructed pins on its zip entries (constructors run synchronously). */
let pinning: Date | null = null;

/**
 * exceljs's streaming writer whose zip entries all carry `fixedAt`: it appends the theme and the
 * package relationships from its constructor, with the time of day, so the pin must be in place
 * before the first append (the first method the constructor calls, `addThemes`, installs it).
 */
let FixedDateWorkbookWriter: WorkbookWriterClass | undefined;

function fixedDateWorkbookWriter(): WorkbookWriterClass {
  const { WorkbookWriter } = excel().stream.xlsx;
  FixedDateWorkbookWriter ??= class extends (WorkbookWriter as unknown as WorkbookWriterClass) {
    override addThemes(): Promise<void> {
      const self = this as unknown as { zip: ZipLike; addThemes: () => Promise<void> };
      const at = pinning;
      if (!at) throw new Error('FixedDateWorkbookWriter constructed without a date');
      const append = self.zip.append.bind(self.zip);
      self.zip.append = (src, data) => append(src, { ...data, date: at });
      return (WorkbookWriter.prototype as unknown as { addThemes: () => Promise<void> }).addThemes.call(this);
    }
  };
  return FixedDateWorkbookWriter;
}

function fixedDateWorkbook(
  out: NodeJS.WritableStream,
  fixedAt: Date,
): InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter> {
  pinning = fixedAt;
  try {
    const Writer = fixedDateWorkbookWriter();
    return new Writer({ stream: out, useStyles: false, useSharedStrings: false });
  } finally {
    pinning = null;
  }
}

/** The buffered part of a readable-stream 2/3 or node Writable. */
type PendingWritable = NodeJS.EventEmitter & { _writableState?: { length: number } };

/**
 * What exceljs 4.4's streaming writer lets pile up, and a way to wait for it. Each worksheet writes
 * its XML into a `StreamBuf` (batch mode, 64 KiB buffers) that archiver wraps in a `PassThrough`
 * (`normalizeInputSource`: `StreamBuf` has no `_readableState`); `StreamBuf` writes into that
 * `PassThrough` without ever looking at `write()`'s answer, so when rows come faster than deflate
 * and the output take them, everything waits in the `PassThrough`'s write buffer. Downstream of it
 * (deflate → zip stream → archiver → `out`) archiver pipes with backpressure, so bounding that one
 * buffer bounds the writer. Waiting changes when bytes reach deflate, not which: the file is the
 * same byte for byte.
 */
function sheetBacklog(
  wb: InstanceType<typeof ExcelJS.stream.xlsx.WorkbookWriter>,
  sheet: ExcelJS.Worksheet,
): { bytes: () => number; drained: (out: NodeJS.WritableStream) => Promise<void> } {
  const zip = (wb as unknown as { zip: NodeJS.EventEmitter }).zip;
  const pipes = (sheet as unknown as { stream?: { pipes?: PendingWritable[] } }).stream?.pipes;
  const input = pipes?.length === 1 ? pipes[0] : undefined;
  if (!input?._writableState)
    throw new Error(
      'exceljs worksheet stream is not piped into the zip as expected (exceljs upgraded?): the XLSX writer cannot bound its memory',
    );
  const bytes = () => input._writableState?.length ?? 0;
  return {
    bytes,
    drained: async (out) => {
      while (bytes() > XLSX_BACKLOG_BYTES) {
        if ((out as Partial<Writable>).destroyed) throw new Error('XLSX output closed before the sheet was written');
        const stop = new AbortController();
        const failed = (emitter: NodeJS.EventEmitter) =>
          once(emitter, 'error', { signal: stop.signal }).then(([err]: unknown[]) => {
            throw err instanceof Error ? err : new Error(String(err));
          });
        try {
          await Promise.race([
            once(input, 'drain', { signal: stop.signal }),
            failed(zip),
            failed(out as unknown as NodeJS.EventEmitter),
          ]);
        } finally {
          stop.abort();
        }
      }
    },
  };
}

/** Chunk `index` of a file on disk, read at its offset (never the whole file). */
export async function readChunk(
  path: string,
  meta: { fileName: string; contentType: string; size: number; sha256: string },
  index: number,
): Promise<FileChunkV1> {
  const chunkCount = Math.max(1, Math.ceil(meta.size / EXCHANGE_CHUNK_BYTES));
  const start = index * EXCHANGE_CHUNK_BYTES;
  const length = Math.max(0, Math.min(EXCHANGE_CHUNK_BYTES, meta.size - start));
  const buf = Buffer.alloc(length);
  const fh = await open(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const r = await fh.read(buf, read, length - read, start + read);
      if (r.bytesRead === 0) break;
      read += r.bytesRead;
    }
  } finally {
    await fh.close();
  }
  // Text compresses well and the bus is the bottleneck of a download: gzip it (level 1, on libuv's
  // thread pool, so the event loop keeps answering). XLSX is a zip already.
  if (meta.contentType.startsWith('text/'))
    return {
      ...meta,
      chunkIndex: index,
      chunkCount,
      contentBase64: (await gzipAsync(buf, { level: 1 })).toString('base64'),
      contentEncoding: 'gzip',
    };
  return { ...meta, chunkIndex: index, chunkCount, contentBase64: buf.toString('base64') };
}
