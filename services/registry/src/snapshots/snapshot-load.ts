import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ByteRowReader } from './byte-rows.js';
import { CopyTextBuffer } from './copy-text.js';
import { REPORT_HEADER, reportLine } from './error-report.js';
import type { ImportCounts } from './import-jobs.repository.js';
import { NikRepeats } from './nik-repeats.js';
import type { RowSource } from './row-sources.js';
import {
  copyLineOrErrors,
  mapHeaderCells,
  rowContext,
  type ColumnMap,
  type RowError,
  type SnapshotField,
} from './snapshot-row.js';

/** Rows between two progress updates of a running job. */
export const PROGRESS_EVERY = 50_000;
/** Bytes of COPY text gathered before one write to the COPY stream. */
const COPY_CHUNK = 512 * 1024;
/** Bytes of COPY text that may wait for the socket before reading pauses. */
const COPY_BUFFERED = 4 * 1024 * 1024;
/** Row errors kept in memory before they are written to `import_error`. */
const ERRORS_PENDING = 1000;
const STOPPED =
  'Layanan dihentikan saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku. Ulangi impor.';

/** A failure the operator can act on (its message is shown on the job). */
export class ImportFailure extends Error {}

/** What the load step reads, where it writes, and whom it tells. */
export interface SnapshotLoad {
  /** The job's session (holding its lock); the COPY runs on it. */
  session: pg.Client;
  /** `COPY … FROM STDIN` into the import's table. */
  copyStatement: string;
  source: RowSource;
  profile: Partial<Record<SnapshotField, string>>;
  kabKotaCode: string;
  /** The error report being written (`<report>.part`). */
  reportPartPath: string;
  /** Counted as rows are read (the caller records them, also when the load fails). */
  counts: ImportCounts;
  saveErrors: (errors: RowError[]) => Promise<void>;
  /** Called every {@link PROGRESS_EVERY} rows read. */
  progress: () => Promise<void>;
  /** Whether the service is stopping (the load then fails cleanly at its next chunk). */
  stopping: () => boolean;
}

/**
 * Step 1 of an import: reads the file, checks every row, COPYs the good ones into the import's
 * table (with up to 4 MiB in flight, so the file is read while PostgreSQL copies) and writes the
 * bad ones to the report and `import_error`. Answers the header map and the NIK suspects.
 */
export async function loadSnapshotFile(o: SnapshotLoad): Promise<{ map: ColumnMap; repeats: NikRepeats }> {
  const counts = o.counts;
  const report = createWriteStream(o.reportPartPath);
  report.write(REPORT_HEADER);
  let pendingErrors: RowError[] = [];
  const flushErrors = async () => {
    if (pendingErrors.length === 0) return;
    const batch = pendingErrors;
    pendingErrors = [];
    await o.saveErrors(batch);
  };
  // Several chunks may wait for the socket: the file is read while PostgreSQL copies.
  const copy = o.session.query(copyFrom(o.copyStatement, { highWaterMark: COPY_BUFFERED }));
  let copyError: unknown = null;
  copy.on('error', (err) => (copyError = err));
  let map: ColumnMap | null = null;
  const copyText = new CopyTextBuffer(COPY_CHUNK);
  const writeCopy = async () => {
    for (const buffer of copyText.ready.splice(0)) if (!copy.write(buffer)) await once(copy, 'drain');
  };
  const ctx = rowContext(o.kabKotaCode);
  const repeats = new NikRepeats();
  // Rows are read synchronously chunk by chunk; COPY text, errors and progress are written between chunks.
  const onRow = (cells: readonly string[], rowNumber: number, plain: boolean) => {
    if (map === null) {
      const mapped = mapHeaderCells(cells, o.profile);
      if (mapped.missing.length)
        throw new ImportFailure(`Kolom wajib tidak ada di baris judul: ${mapped.missing.join(', ')}.`);
      map = mapped.map;
      return;
    }
    counts.read++;
    ctx.plainText = plain;
    const result = copyLineOrErrors(cells, rowNumber, map, ctx);
    if (typeof result === 'string') {
      counts.accepted++;
      copyText.add(result, rowNumber);
      repeats.add(cells[map.index.nik!]!.trim());
    } else {
      counts.rejected++;
      for (const e of result) report.write(reportLine(e));
      pendingErrors.push(...result);
    }
  };
  // The fast path: CSV lines checked and copied on their bytes; what it is unsure of goes to onRow.
  let fast: ByteRowReader | null = null;
  const onLineBytes = (bytes: Buffer, start: number, end: number, rowNumber: number, delimiter: number) => {
    if (map === null) return false;
    fast ??= new ByteRowReader(map, ctx, delimiter);
    const room = copyText.reserve(2 * (end - start) + 128);
    const next = fast.tryLine(bytes, start, end, rowNumber, room.buf, room.pos);
    if (next < 0) return false;
    copyText.advance(next);
    counts.read++;
    counts.accepted++;
    repeats.addBytes(bytes, fast.nikAt);
    return true;
  };
  let nextProgress = PROGRESS_EVERY;
  for await (const _ of o.source(onRow, onLineBytes)) {
    if (copyError) throw copyError;
    if (o.stopping()) throw new ImportFailure(STOPPED);
    await writeCopy();
    if (report.writableNeedDrain) await once(report, 'drain');
    if (pendingErrors.length >= ERRORS_PENDING) await flushErrors();
    if (counts.read >= nextProgress) {
      nextProgress = (Math.floor(counts.read / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
      await o.progress();
    }
  }
  if (map === null) throw new ImportFailure('Berkas kosong: baris judul tidak ada.');
  copyText.flush();
  await writeCopy();
  copy.end();
  await once(copy, 'finish');
  if (copyError) throw copyError;
  await flushErrors();
  report.end();
  await once(report, 'finish');
  return { map, repeats };
}
