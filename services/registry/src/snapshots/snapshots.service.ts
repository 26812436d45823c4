import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { join } from 'node:path';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { Actor, ImportJobV1, ImportSnapshotRequestV1 } from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { RegistryEnv } from '../config/registry.env.js';
import { snapshotIndexStatements } from '../lookups/snapshot-indexes.js';
import { ByteRowReader } from './byte-rows.js';
import { SnapshotFileError, readChunks, rowSourceFor, type RowSource } from './row-sources.js';
import { CopyTextBuffer, NikRepeats, SNAPSHOT_COLUMNS, copyLineOrErrors, csvField, mapHeaderCells, rowContext, type ColumnMap, type RowError, type SnapshotField } from './snapshot-row.js';
import { InterruptedJobRecovery, type RecoveryRound } from '../jobs/interrupted-jobs.js';

interface JobRow {
  id: string;
  file_name: string;
  data_period: string;
  profile: string;
  status: ImportJobV1['status'];
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  current: boolean;
}

const JOB_SELECT = `SELECT j.id, j.file_name, j.data_period, j.profile, j.status, j.rows_read, j.rows_accepted, j.rows_rejected, j.error, j.started_at, j.finished_at,
  EXISTS (SELECT 1 FROM current_snapshot c WHERE c.job_id = j.id) AS current FROM import_job j`;

/** Rows between two progress updates of a running job. */
const PROGRESS_EVERY = 50_000;
/** Bytes of COPY text gathered before one write to the COPY stream. */
const COPY_CHUNK = 512 * 1024;
/** Bytes of COPY text that may wait for the socket before reading pauses. */
const COPY_BUFFERED = 4 * 1024 * 1024;
const RESTARTED = 'Layanan dimulai ulang saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku.';
const STOPPED = 'Layanan dihentikan saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku. Ulangi impor.';

/** Table holding one import's members; becomes current by replacing the `member_current` view. */
export const snapshotTable = (jobId: string) => `snapshot_${jobId.replace(/-/g, '')}`;

/**
 * Snapshot imports: a file under the import directory is streamed through `COPY` into a table of
 * its own, validated row by row (errors to a CSV report and `import_error`), indexed, then made
 * current in one transaction. A failed or interrupted import drops its table: the previous
 * snapshot stays. A running job holds a session advisory lock, so a restarted instance can tell a
 * dead job (lock free) from one another instance is still running.
 */
@Injectable()
export class SnapshotsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly running = new Set<Promise<void>>();
  /** Set when the service stops: running imports fail cleanly at their next chunk. */
  private stopping = false;

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    private readonly outbox: OutboxPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private get schema(): string {
    return this.env.DATABASE_SCHEMA ?? 'registry';
  }

  /** Fails cleanly every job whose process died while it ran (its lock is free), at start and while a lock is still held. */
  private readonly recovery = new InterruptedJobRecovery(
    () => this.recoverRound(),
    (err) => this.logger.warn({ err }, 'interrupted snapshot imports: recovery round failed'),
  );

  async onApplicationBootstrap(): Promise<void> {
    await this.recovery.start();
  }

  /** A stopping service fails its running imports cleanly (while the database is still there). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.recovery.stop();
    await this.idle();
  }

  async recoverInterruptedJobs(): Promise<number> {
    return (await this.recoverRound()).failed;
  }

  private async recoverRound(): Promise<RecoveryRound> {
    const jobs: Array<{ id: string }> = await this.ds.query(`SELECT id FROM import_job WHERE status = 'running'`);
    let failed = 0;
    let skipped = 0;
    for (const { id } of jobs) {
      const client = await this.client();
      try {
        const [{ got }] = (await client.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got`, [id])).rows;
        if (!got) {
          skipped++;
          continue;
        }
        await client.query(`DROP TABLE IF EXISTS "${snapshotTable(id)}"`);
        const r = await client.query(`UPDATE import_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`, [id, RESTARTED]);
        failed += r.rowCount ?? 0;
      } finally {
        await client.end();
      }
    }
    if (failed) this.logger.warn({ failed }, 'interrupted snapshot imports failed cleanly');
    return { failed, skipped };
  }

  /** Starts an import (or returns the job that already imported the same file for the same period and profile). */
  async start(req: ImportSnapshotRequestV1, actor: Actor): Promise<ImportJobV1> {
    if (this.stopping) throw new DomainError('UNAVAILABLE', 'Layanan registri sedang berhenti; ulangi impor sebentar lagi.', { reason: 'SERVICE_STOPPING' });
    const path = join(this.env.REGISTRY_IMPORT_DIR, req.fileName);
    if (!existsSync(path)) throw new DomainError('NOT_FOUND', 'Berkas tidak ditemukan di direktori impor.', { reason: 'FILE_NOT_FOUND' });
    const [profile] = await this.ds.query(`SELECT columns FROM column_profile WHERE code = $1`, [req.profile]);
    if (!profile) throw new DomainError('NOT_FOUND', 'Profil kolom tidak dikenal.', { reason: 'PROFILE_NOT_FOUND' });
    const sha = await sha256File(path);
    const id = uuidv7();
    const inserted: Array<{ id: string }> = await this.ds.query(
      `INSERT INTO import_job (id, file_name, file_sha256, data_period, profile, status, started_by) VALUES ($1, $2, $3, $4, $5, 'running', $6)
       ON CONFLICT (file_sha256, data_period, profile) WHERE status <> 'failed' DO NOTHING RETURNING id`,
      [id, req.fileName, sha, req.dataPeriod, req.profile, actor.id],
    );
    if (inserted.length === 0) {
      const [existing] = await this.ds.query(`SELECT id FROM import_job WHERE file_sha256 = $1 AND data_period = $2 AND profile = $3 AND status <> 'failed'`, [sha, req.dataPeriod, req.profile]);
      return this.get(existing.id);
    }
    const run = this.run(id, rowSourceFor(path), req.dataPeriod, profile.columns as Partial<Record<SnapshotField, string>>, actor).finally(() => this.running.delete(run));
    this.running.add(run);
    return this.get(id);
  }

  /** Resolves when every import this instance started has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }

  async get(jobId: string): Promise<ImportJobV1> {
    const [row]: JobRow[] = await this.ds.query(`${JOB_SELECT} WHERE j.id = $1`, [jobId]);
    if (!row) throw new DomainError('NOT_FOUND', 'Pekerjaan impor tidak ditemukan.', { reason: 'IMPORT_JOB_NOT_FOUND' });
    return {
      jobId: row.id,
      fileName: row.file_name,
      dataPeriod: row.data_period,
      profile: row.profile,
      status: row.status,
      rowsRead: row.rows_read,
      rowsAccepted: row.rows_accepted,
      rowsRejected: row.rows_rejected,
      current: row.current,
      error: row.error,
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
    };
  }

  /** Path of a job's error report (CSV: baris, kolom, pesan). */
  errorReportPath(jobId: string): string {
    return join(this.env.REGISTRY_IMPORT_DIR, 'reports', `${jobId}.errors.csv`);
  }

  /**
   * The snapshot's indexes, built side by side (one session each; CREATE INDEX takes a share lock,
   * so builds on one table run together): a build waiting on I/O leaves the CPU to another.
   */
  private async buildIndexes(client: pg.Client, table: string): Promise<void> {
    const outcomes = await Promise.allSettled(
      snapshotIndexStatements(table).map(async (statement, i) => {
        const session = i === 0 ? client : await this.client();
        try {
          await session.query(statement);
        } finally {
          if (session !== client) await session.end();
        }
      }),
    );
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async client(): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL, application_name: 'registry-import', options: `-c search_path="${this.schema}"` });
    await client.connect();
    return client;
  }

  private async run(jobId: string, source: RowSource, dataPeriod: string, profile: Partial<Record<SnapshotField, string>>, actor: Actor): Promise<void> {
    const table = snapshotTable(jobId);
    const client = await this.client();
    let read = 0;
    let accepted = 0;
    let rejected = 0;
    // Milliseconds per phase, logged with the outcome (tuning large imports).
    const ms: Record<string, number> = {};
    let mark = performance.now();
    const phase = (name: string) => {
      const now = performance.now();
      ms[name] = Math.round(now - mark);
      mark = now;
    };
    try {
      await client.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [jobId]);
      // line_no ties each loaded row to its line until repeated NIKs are settled, then is dropped.
      await client.query(`CREATE TABLE "${table}" (LIKE member INCLUDING DEFAULTS)`);
      await client.query(`ALTER TABLE "${table}" ADD COLUMN line_no integer NOT NULL`);
      mkdirSync(join(this.env.REGISTRY_IMPORT_DIR, 'reports'), { recursive: true });
      const reportPath = this.errorReportPath(jobId);
      const report = createWriteStream(`${reportPath}.part`);
      report.write('baris,kolom,pesan\n');
      let pendingErrors: RowError[] = [];
      const flushErrors = async () => {
        if (pendingErrors.length === 0) return;
        const batch = pendingErrors;
        pendingErrors = [];
        await this.ds.query(`INSERT INTO import_error (job_id, row_number, field, message) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`, [
          jobId,
          batch.map((e) => e.row),
          batch.map((e) => e.column),
          batch.map((e) => e.message),
        ]);
      };
      // Several chunks may wait for the socket: the file is read while PostgreSQL copies.
      const copy = client.query(copyFrom(`COPY "${table}" (${SNAPSHOT_COLUMNS.join(', ')}, line_no) FROM STDIN`, { highWaterMark: COPY_BUFFERED }));
      let copyError: unknown = null;
      copy.on('error', (err) => (copyError = err));
      let map: ColumnMap | null = null;
      const copyText = new CopyTextBuffer(COPY_CHUNK);
      const writeCopy = async () => {
        for (const buffer of copyText.ready.splice(0)) if (!copy.write(buffer)) await once(copy, 'drain');
      };
      const ctx = rowContext(this.env.KAB_KOTA_CODE);
      const repeats = new NikRepeats();
      // Rows are read synchronously chunk by chunk; COPY text, errors and progress are written between chunks.
      const onRow = (cells: readonly string[], rowNumber: number, plain: boolean) => {
        if (map === null) {
          const mapped = mapHeaderCells(cells, profile);
          if (mapped.missing.length) throw new ImportFailure(`Kolom wajib tidak ada di baris judul: ${mapped.missing.join(', ')}.`);
          map = mapped.map;
          return;
        }
        read++;
        ctx.plainText = plain;
        const result = copyLineOrErrors(cells, rowNumber, map, ctx);
        if (typeof result === 'string') {
          accepted++;
          copyText.add(result, rowNumber);
          repeats.add(cells[map.index.nik!]!.trim());
        } else {
          rejected++;
          for (const e of result) report.write(`${e.row},${csvField(e.column)},${csvField(e.message)}\n`);
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
        read++;
        accepted++;
        repeats.addBytes(bytes, fast.nikAt);
        return true;
      };
      let nextProgress = PROGRESS_EVERY;
      for await (const _ of source(onRow, onLineBytes)) {
        if (copyError) throw copyError;
        if (this.stopping) throw new ImportFailure(STOPPED);
        await writeCopy();
        if (report.writableNeedDrain) await once(report, 'drain');
        if (pendingErrors.length >= 1000) await flushErrors();
        if (read >= nextProgress) {
          nextProgress = (Math.floor(read / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
          const counts = { rowsRead: read, rowsAccepted: accepted, rowsRejected: rejected };
          await this.ds.transaction(async (m) => {
            await m.query(`UPDATE import_job SET rows_read = $2, rows_accepted = $3, rows_rejected = $4 WHERE id = $1`, [jobId, read, accepted, rejected]);
            await this.outbox.publish(m, 'slrt.evt.registry.import.progressed.v1', { jobId, dataPeriod, ...counts }, { actor });
          });
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
      if (accepted === 0) throw new ImportFailure('Tidak ada baris yang diterima; snapshot sebelumnya tetap berlaku.');
      phase('load');
      await this.buildIndexes(client, table);
      phase('index');
      const repeated = await settleRepeatedNiks(client, table, repeats, (map as ColumnMap).header.nik ?? 'nik');
      if (repeated.length > 0) {
        accepted -= repeated.length;
        rejected += repeated.length;
        pendingErrors = repeated;
        await flushErrors();
      }
      await mergeReport(`${reportPath}.part`, repeated, reportPath);
      await client.query(`ALTER TABLE "${table}" DROP COLUMN line_no`);
      phase('repeats');
      await client.query(`ANALYZE "${table}"`);
      phase('analyze');
      // The swap, the job's outcome and its event commit together.
      const previous = await this.ds.transaction(async (m) => {
        const [current] = await m.query(`SELECT table_name FROM current_snapshot FOR UPDATE`);
        // Period and job id are checked literals (regex-validated period, our own UUID).
        await m.query(`CREATE OR REPLACE VIEW member_current AS SELECT t.*, '${dataPeriod}'::text AS data_period, '${jobId}'::uuid AS job_id FROM "${table}" t`);
        await m.query(
          `INSERT INTO current_snapshot (singleton, job_id, table_name, data_period) VALUES (true, $1, $2, $3)
           ON CONFLICT (singleton) DO UPDATE SET job_id = EXCLUDED.job_id, table_name = EXCLUDED.table_name, data_period = EXCLUDED.data_period, switched_at = now()`,
          [jobId, table, dataPeriod],
        );
        const finishedAt = new Date();
        await m.query(`UPDATE import_job SET status = 'succeeded', rows_read = $2, rows_accepted = $3, rows_rejected = $4, finished_at = $5 WHERE id = $1`, [jobId, read, accepted, rejected, finishedAt]);
        await this.outbox.publish(m, 'slrt.evt.registry.import.completed.v1', { jobId, dataPeriod, rowsRead: read, rowsAccepted: accepted, rowsRejected: rejected, status: 'succeeded', error: null, finishedAt: finishedAt.toISOString() }, { actor });
        return current?.table_name as string | undefined;
      });
      // The job's advisory lock is held until the swap committed: recovery never takes a live job.
      await client.end();
      phase('swap');
      if (previous && previous !== table) await this.ds.query(`DROP TABLE IF EXISTS "${previous}"`);
      phase('dropPrevious');
      this.logger.info({ jobId, read, accepted, rejected, ms }, 'snapshot import succeeded');
    } catch (err) {
      // The connection may be mid-COPY: closing it aborts the COPY and any open transaction.
      await client.end().catch(() => undefined);
      const known = err instanceof ImportFailure || err instanceof SnapshotFileError;
      const message = known ? `${err.message}${err instanceof SnapshotFileError ? ' Snapshot sebelumnya tetap berlaku.' : ''}` : 'Impor gagal karena kesalahan sistem; snapshot sebelumnya tetap berlaku.';
      this.logger.error({ jobId, err: err instanceof ImportFailure ? undefined : err }, 'snapshot import failed');
      await this.ds.query(`DROP TABLE IF EXISTS "${table}"`).catch(() => undefined);
      // The rows found wrong before the failure stay readable.
      if (existsSync(`${this.errorReportPath(jobId)}.part`)) await rename(`${this.errorReportPath(jobId)}.part`, this.errorReportPath(jobId)).catch(() => undefined);
      await this.ds
        .transaction(async (m) => {
          const finishedAt = new Date();
          await m.query(`UPDATE import_job SET status = 'failed', error = $2, rows_read = $3, rows_accepted = $4, rows_rejected = $5, finished_at = $6 WHERE id = $1`, [jobId, message, read, accepted, rejected, finishedAt]);
          await this.outbox.publish(m, 'slrt.evt.registry.import.completed.v1', { jobId, dataPeriod, rowsRead: read, rowsAccepted: accepted, rowsRejected: rejected, status: 'failed', error: message, finishedAt: finishedAt.toISOString() }, { actor });
        })
        .catch((e: unknown) => this.logger.error({ jobId, err: e }, 'could not record the failed import'));
    }
  }
}

/** A failure the operator can act on (its message is shown on the job). */
class ImportFailure extends Error {}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readChunks(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Rejects the second and later rows of a NIK seen more than once among the accepted rows: the
 * Bloom filter's suspects (or, when it overflowed, every NIK) are looked up in the loaded table,
 * and all but the first line of each are deleted. Returns their errors, in line order.
 */
export async function settleRepeatedNiks(client: pg.Client, table: string, repeats: NikRepeats, nikHeader: string): Promise<RowError[]> {
  if (!repeats.overflow && repeats.suspects.size === 0) return [];
  const found = repeats.overflow
    ? await client.query<{ nik: string; line_no: number; ctid: string }>(
        `SELECT nik, line_no, ctid::text AS ctid FROM "${table}" WHERE nik IN (SELECT nik FROM "${table}" GROUP BY nik HAVING count(*) > 1) ORDER BY nik, line_no`,
      )
    : await client.query<{ nik: string; line_no: number; ctid: string }>(`SELECT nik, line_no, ctid::text AS ctid FROM "${table}" WHERE nik = ANY($1::text[]) ORDER BY nik, line_no`, [[...repeats.suspects]]);
  const errors: RowError[] = [];
  const ctids: string[] = [];
  let first = { nik: '', line: 0 };
  for (const row of found.rows) {
    if (row.nik !== first.nik) {
      first = { nik: row.nik, line: row.line_no };
      continue;
    }
    errors.push({ row: row.line_no, column: nikHeader, message: `NIK ganda: sama dengan baris ${first.line}; hanya baris ${first.line} yang dimuat.` });
    ctids.push(row.ctid);
  }
  if (ctids.length > 0) await client.query(`DELETE FROM "${table}" WHERE ctid = ANY($1::tid[])`, [ctids]);
  return errors.sort((a, b) => a.row - b.row);
}

/** The final error report: the streamed one with the repeated-NIK rows merged in by line number. */
async function mergeReport(partPath: string, repeated: RowError[], finalPath: string): Promise<void> {
  if (repeated.length === 0) {
    await rename(partPath, finalPath);
    return;
  }
  const out = createWriteStream(finalPath);
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  const asCsv = (e: RowError) => `${e.row},${csvField(e.column)},${csvField(e.message)}\n`;
  let next = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(partPath), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      await write(`${line}\n`);
      continue;
    }
    const row = Number(line.slice(0, line.indexOf(',')));
    while (next < repeated.length && repeated[next]!.row < row) await write(asCsv(repeated[next++]!));
    await write(`${line}\n`);
  }
  while (next < repeated.length) await write(asCsv(repeated[next++]!));
  out.end();
  await once(out, 'finish');
  await unlink(partPath);
}
