import { existsSync, mkdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DataSource } from 'typeorm';
import type { Actor, ImportJobV1, ImportSnapshotRequestV1 } from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { RegistryEnv } from '../config/registry.env.js';
import { hashFile } from '../files/file-hash.js';
import { AdvisoryLockedJobs } from '../jobs/advisory-locked-jobs.js';
import { snapshotIndexStatements } from '../lookups/snapshot-indexes.js';
import { mergeReport } from './error-report.js';
import { ImportJobsRepository, snapshotTable, type ImportCounts } from './import-jobs.repository.js';
import { settleRepeatedNiks } from './nik-repeats.js';
import { SnapshotFileError, rowSourceFor, type RowSource } from './row-sources.js';
import { ImportFailure, loadSnapshotFile } from './snapshot-load.js';
import type { ColumnMap, SnapshotField } from './snapshot-row.js';

const RESTARTED = 'Layanan dimulai ulang saat impor berjalan; impor dibatalkan dan snapshot sebelumnya tetap berlaku.';

/**
 * Snapshot imports: a file under the import directory is streamed through `COPY` into a table of
 * its own, validated row by row (errors to a CSV report and `import_error`), indexed, then made
 * current in one transaction. A failed or interrupted import drops its table: the previous
 * snapshot stays. A running job holds a session advisory lock (`jobs/advisory-locked-jobs.ts`), so
 * a restarted instance can tell a dead job (lock free) from one another instance is still running.
 */
@Injectable()
export class SnapshotsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Set when the service stops: running imports fail cleanly at their next chunk. */
  private stopping = false;
  private readonly jobs: AdvisoryLockedJobs;

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    private readonly repo: ImportJobsRepository,
    private readonly outbox: OutboxPublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    // The lock key of a snapshot import is its bare job id.
    this.jobs = new AdvisoryLockedJobs(ds, env, logger, {
      table: 'import_job',
      lockKey: (id) => id,
      applicationName: 'registry-import',
      failInterrupted: (session, id) => this.repo.failInterrupted(session, id, RESTARTED),
      label: 'snapshot imports',
    });
  }

  /** Fails cleanly every job whose process died while it ran (its lock is free), at start and while a lock is still held. */
  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.startRecovery();
  }

  /** A stopping service fails its running imports cleanly (while the database is still there). */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    this.jobs.stopRecovery();
    await this.idle();
  }

  async recoverInterruptedJobs(): Promise<number> {
    return this.jobs.recoverInterruptedJobs();
  }

  /** Starts an import (or returns the job that already imported the same file for the same period and profile). */
  async start(req: ImportSnapshotRequestV1, actor: Actor): Promise<ImportJobV1> {
    if (this.stopping)
      throw new DomainError('UNAVAILABLE', 'Layanan registri sedang berhenti; ulangi impor sebentar lagi.', {
        reason: 'SERVICE_STOPPING',
      });
    const path = join(this.env.REGISTRY_IMPORT_DIR, req.fileName);
    if (!existsSync(path))
      throw new DomainError('NOT_FOUND', 'Berkas tidak ditemukan di direktori impor.', { reason: 'FILE_NOT_FOUND' });
    const profile = await this.repo.profileColumns(this.ds.manager, req.profile);
    if (!profile) throw new DomainError('NOT_FOUND', 'Profil kolom tidak dikenal.', { reason: 'PROFILE_NOT_FOUND' });
    const { sha256 } = await hashFile(path);
    const id = uuidv7();
    const inserted = await this.repo.insertJob(this.ds.manager, {
      id,
      fileName: req.fileName,
      sha256,
      dataPeriod: req.dataPeriod,
      profile: req.profile,
      startedBy: actor.id,
    });
    if (!inserted) return this.get(await this.repo.sameFileJobId(this.ds.manager, sha256, req.dataPeriod, req.profile));
    this.jobs.launch(id, () => this.run(id, rowSourceFor(path), req.dataPeriod, profile, actor));
    return this.get(id);
  }

  /** Resolves when every import this instance started has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await this.jobs.idle();
  }

  async get(jobId: string): Promise<ImportJobV1> {
    const row = await this.repo.job(this.ds.manager, jobId);
    if (!row)
      throw new DomainError('NOT_FOUND', 'Pekerjaan impor tidak ditemukan.', { reason: 'IMPORT_JOB_NOT_FOUND' });
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
        const session = i === 0 ? client : await this.jobs.session();
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

  /**
   * One import, step by step, on a session of its own that holds the job's lock until the swap
   * committed (recovery never takes a live job): load, index, settle repeated NIKs, analyze, swap.
   * Any failure drops the import's table and fails the job; the previous snapshot stays.
   */
  private async run(
    jobId: string,
    source: RowSource,
    dataPeriod: string,
    profile: Partial<Record<SnapshotField, string>>,
    actor: Actor,
  ): Promise<void> {
    const table = snapshotTable(jobId);
    const session = await this.jobs.session();
    const counts: ImportCounts = { read: 0, accepted: 0, rejected: 0 };
    const timer = new PhaseTimer();
    try {
      await this.jobs.lock(session, jobId);
      await this.repo.createLoadTable(session, table);
      const { map, repeats } = await this.load(session, jobId, table, source, dataPeriod, profile, counts, actor);
      if (counts.accepted === 0)
        throw new ImportFailure('Tidak ada baris yang diterima; snapshot sebelumnya tetap berlaku.');
      timer.phase('load');
      await this.buildIndexes(session, table);
      timer.phase('index');
      await this.rejectRepeatedNiks(session, jobId, table, repeats, map, counts);
      timer.phase('repeats');
      await this.repo.analyze(session, table);
      timer.phase('analyze');
      const previous = await this.swapIn(jobId, table, dataPeriod, counts, actor);
      // The job's advisory lock is held until the swap committed: recovery never takes a live job.
      await session.end();
      timer.phase('swap');
      if (previous && previous !== table) await this.repo.dropTable(this.ds.manager, previous);
      timer.phase('dropPrevious');
      this.logger.info(
        { jobId, read: counts.read, accepted: counts.accepted, rejected: counts.rejected, ms: timer.ms },
        'snapshot import succeeded',
      );
    } catch (err) {
      // The connection may be mid-COPY: closing it aborts the COPY and any open transaction.
      await session.end().catch(() => undefined);
      await this.fail(jobId, table, dataPeriod, counts, err, actor);
    }
  }

  /** Load: the file read, checked and copied into the import's table (see `snapshot-load.ts`); progress events on the way. */
  private async load(
    session: pg.Client,
    jobId: string,
    table: string,
    source: RowSource,
    dataPeriod: string,
    profile: Partial<Record<SnapshotField, string>>,
    counts: ImportCounts,
    actor: Actor,
  ) {
    mkdirSync(join(this.env.REGISTRY_IMPORT_DIR, 'reports'), { recursive: true });
    return loadSnapshotFile({
      session,
      copyStatement: this.repo.copyIntoStatement(table),
      source,
      profile,
      kabKotaCode: this.env.KAB_KOTA_CODE,
      reportPartPath: `${this.errorReportPath(jobId)}.part`,
      counts,
      saveErrors: (errors) => this.repo.insertErrors(this.ds.manager, jobId, errors),
      progress: () =>
        this.ds.transaction(async (m) => {
          await this.repo.recordProgress(m, jobId, counts);
          await this.outbox.publish(
            m,
            'slrt.evt.registry.import.progressed.v1',
            { jobId, dataPeriod, rowsRead: counts.read, rowsAccepted: counts.accepted, rowsRejected: counts.rejected },
            { actor },
          );
        }),
      stopping: () => this.stopping,
    });
  }

  /** Repeated NIKs: all but the first accepted line of each are deleted and rejected; the report gets them in line order. */
  private async rejectRepeatedNiks(
    session: pg.Client,
    jobId: string,
    table: string,
    repeats: Awaited<ReturnType<typeof loadSnapshotFile>>['repeats'],
    map: ColumnMap,
    counts: ImportCounts,
  ): Promise<void> {
    const repeated = await settleRepeatedNiks(session, table, repeats, map.header.nik ?? 'nik');
    if (repeated.length > 0) {
      counts.accepted -= repeated.length;
      counts.rejected += repeated.length;
      await this.repo.insertErrors(this.ds.manager, jobId, repeated);
    }
    await mergeReport(`${this.errorReportPath(jobId)}.part`, repeated, this.errorReportPath(jobId));
    await this.repo.dropLineNumbers(session, table);
  }

  /** The swap, the job's outcome and its event commit together. Answers the previous table. */
  private swapIn(
    jobId: string,
    table: string,
    dataPeriod: string,
    counts: ImportCounts,
    actor: Actor,
  ): Promise<string | undefined> {
    return this.ds.transaction(async (m) => {
      const finishedAt = new Date();
      const previous = await this.repo.swapIn(m, jobId, table, dataPeriod, counts, finishedAt);
      await this.outbox.publish(
        m,
        'slrt.evt.registry.import.completed.v1',
        {
          jobId,
          dataPeriod,
          rowsRead: counts.read,
          rowsAccepted: counts.accepted,
          rowsRejected: counts.rejected,
          status: 'succeeded',
          error: null,
          finishedAt: finishedAt.toISOString(),
        },
        { actor },
      );
      return previous;
    });
  }

  /** A failed import: its table dropped, the report of the rows found wrong kept, the job failed with its event. */
  private async fail(
    jobId: string,
    table: string,
    dataPeriod: string,
    counts: ImportCounts,
    err: unknown,
    actor: Actor,
  ): Promise<void> {
    const known = err instanceof ImportFailure || err instanceof SnapshotFileError;
    const message = known
      ? `${err.message}${err instanceof SnapshotFileError ? ' Snapshot sebelumnya tetap berlaku.' : ''}`
      : 'Impor gagal karena kesalahan sistem; snapshot sebelumnya tetap berlaku.';
    this.logger.error({ jobId, err: err instanceof ImportFailure ? undefined : err }, 'snapshot import failed');
    await this.repo.dropTable(this.ds.manager, table).catch(() => undefined);
    // The rows found wrong before the failure stay readable.
    if (existsSync(`${this.errorReportPath(jobId)}.part`))
      await rename(`${this.errorReportPath(jobId)}.part`, this.errorReportPath(jobId)).catch(() => undefined);
    await this.ds
      .transaction(async (m) => {
        const finishedAt = new Date();
        await this.repo.fail(m, jobId, message, counts, finishedAt);
        await this.outbox.publish(
          m,
          'slrt.evt.registry.import.completed.v1',
          {
            jobId,
            dataPeriod,
            rowsRead: counts.read,
            rowsAccepted: counts.accepted,
            rowsRejected: counts.rejected,
            status: 'failed',
            error: message,
            finishedAt: finishedAt.toISOString(),
          },
          { actor },
        );
      })
      .catch((e: unknown) => this.logger.error({ jobId, err: e }, 'could not record the failed import'));
  }
}

/** Milliseconds per phase of an import, logged with its outcome (tuning large imports). */
class PhaseTimer {
  readonly ms: Record<string, number> = {};
  private mark = performance.now();

  phase(name: string): void {
    const now = performance.now();
    this.ms[name] = Math.round(now - this.mark);
    this.mark = now;
  }
}
