import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { ImportJobV1 } from '@slrt/contracts';
import type { RowError } from './snapshot-row.js';
import { SNAPSHOT_COLUMNS } from './copy-text.js';
import type { SnapshotField } from './snapshot-row.js';

/** An import job as stored, with whether its table is the current snapshot. */
export interface ImportJobRow {
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

/** Rows read, accepted and rejected so far by one import. */
export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
}

const JOB_SELECT = `SELECT j.id, j.file_name, j.data_period, j.profile, j.status, j.rows_read, j.rows_accepted, j.rows_rejected, j.error, j.started_at, j.finished_at,
  EXISTS (SELECT 1 FROM current_snapshot c WHERE c.job_id = j.id) AS current FROM import_job j`;

/** Table holding one import's members; becomes current by replacing the `member_current` view. */
export const snapshotTable = (jobId: string) => `snapshot_${jobId.replace(/-/g, '')}`;

/**
 * The SQL of snapshot imports: jobs, their errors, the column profiles they read through, the
 * import's own table (on the job's session) and the swap that makes it current.
 */
@Injectable()
export class ImportJobsRepository {
  async profileColumns(m: EntityManager, code: string): Promise<Partial<Record<SnapshotField, string>> | null> {
    const [profile] = await m.query(`SELECT columns FROM column_profile WHERE code = $1`, [code]);
    return profile ? (profile.columns as Partial<Record<SnapshotField, string>>) : null;
  }

  /** Inserts a running job unless one for the same file, period and profile exists and did not fail (partial unique index); answers whether it did. */
  async insertJob(
    m: EntityManager,
    j: { id: string; fileName: string; sha256: string; dataPeriod: string; profile: string; startedBy: string },
  ): Promise<boolean> {
    const inserted: Array<{ id: string }> = await m.query(
      `INSERT INTO import_job (id, file_name, file_sha256, data_period, profile, status, started_by) VALUES ($1, $2, $3, $4, $5, 'running', $6)
       ON CONFLICT (file_sha256, data_period, profile) WHERE status <> 'failed' DO NOTHING RETURNING id`,
      [j.id, j.fileName, j.sha256, j.dataPeriod, j.profile, j.startedBy],
    );
    return inserted.length > 0;
  }

  async sameFileJobId(m: EntityManager, sha256: string, dataPeriod: string, profile: string): Promise<string> {
    const [existing] = await m.query(
      `SELECT id FROM import_job WHERE file_sha256 = $1 AND data_period = $2 AND profile = $3 AND status <> 'failed'`,
      [sha256, dataPeriod, profile],
    );
    return existing.id as string;
  }

  async job(m: EntityManager, jobId: string): Promise<ImportJobRow | null> {
    const [row]: ImportJobRow[] = await m.query(`${JOB_SELECT} WHERE j.id = $1`, [jobId]);
    return row ?? null;
  }

  async insertErrors(m: EntityManager, jobId: string, errors: RowError[]): Promise<void> {
    await m.query(
      `INSERT INTO import_error (job_id, row_number, field, message) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
      [jobId, errors.map((e) => e.row), errors.map((e) => e.column), errors.map((e) => e.message)],
    );
  }

  async recordProgress(m: EntityManager, jobId: string, c: ImportCounts): Promise<void> {
    await m.query(`UPDATE import_job SET rows_read = $2, rows_accepted = $3, rows_rejected = $4 WHERE id = $1`, [
      jobId,
      c.read,
      c.accepted,
      c.rejected,
    ]);
  }

  /** The import's table, without indexes, plus a `line_no` column kept until repeated NIKs are settled. */
  async createLoadTable(session: pg.Client, table: string): Promise<void> {
    await session.query(`CREATE TABLE "${table}" (LIKE member INCLUDING DEFAULTS)`);
    await session.query(`ALTER TABLE "${table}" ADD COLUMN line_no integer NOT NULL`);
  }

  /** `COPY … FROM STDIN` into the import's table (the columns of the COPY text lines, then `line_no`). */
  copyIntoStatement(table: string): string {
    return `COPY "${table}" (${SNAPSHOT_COLUMNS.join(', ')}, line_no) FROM STDIN`;
  }

  async dropLineNumbers(session: pg.Client, table: string): Promise<void> {
    await session.query(`ALTER TABLE "${table}" DROP COLUMN line_no`);
  }

  async analyze(session: pg.Client, table: string): Promise<void> {
    await session.query(`ANALYZE "${table}"`);
  }

  async dropTable(m: EntityManager, table: string): Promise<void> {
    await m.query(`DROP TABLE IF EXISTS "${table}"`);
  }

  /**
   * Makes the import's table current: `member_current` is replaced, `current_snapshot` points at
   * it and the job succeeds, all in the caller's transaction. Answers the previous table.
   */
  async swapIn(
    m: EntityManager,
    jobId: string,
    table: string,
    dataPeriod: string,
    c: ImportCounts,
    finishedAt: Date,
  ): Promise<string | undefined> {
    const [current] = await m.query(`SELECT table_name FROM current_snapshot FOR UPDATE`);
    // Period and job id are checked literals (regex-validated period, our own UUID).
    await m.query(
      `CREATE OR REPLACE VIEW member_current AS SELECT t.*, '${dataPeriod}'::text AS data_period, '${jobId}'::uuid AS job_id FROM "${table}" t`,
    );
    await m.query(
      `INSERT INTO current_snapshot (singleton, job_id, table_name, data_period) VALUES (true, $1, $2, $3)
       ON CONFLICT (singleton) DO UPDATE SET job_id = EXCLUDED.job_id, table_name = EXCLUDED.table_name, data_period = EXCLUDED.data_period, switched_at = now()`,
      [jobId, table, dataPeriod],
    );
    await m.query(
      `UPDATE import_job SET status = 'succeeded', rows_read = $2, rows_accepted = $3, rows_rejected = $4, finished_at = $5 WHERE id = $1`,
      [jobId, c.read, c.accepted, c.rejected, finishedAt],
    );
    return current?.table_name as string | undefined;
  }

  async fail(m: EntityManager, jobId: string, message: string, c: ImportCounts, finishedAt: Date): Promise<void> {
    await m.query(
      `UPDATE import_job SET status = 'failed', error = $2, rows_read = $3, rows_accepted = $4, rows_rejected = $5, finished_at = $6 WHERE id = $1`,
      [jobId, message, c.read, c.accepted, c.rejected, finishedAt],
    );
  }

  /** Fails a job left running by a dead process and drops its table (on the session holding its lock); answers the rows failed. */
  async failInterrupted(session: pg.Client, jobId: string, message: string): Promise<number> {
    await session.query(`DROP TABLE IF EXISTS "${snapshotTable(jobId)}"`);
    const r = await session.query(
      `UPDATE import_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
      [jobId, message],
    );
    return r.rowCount ?? 0;
  }
}
