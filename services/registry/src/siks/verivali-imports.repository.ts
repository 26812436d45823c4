import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { Actor, ExchangeFileFormat, ProposalKind } from '@slrt/contracts';
import { returnedRows } from '@slrt/persistence';
import type {
  DukcapilMatchStatus,
  MemberVerificationOutcome,
  VerivaliResult,
} from '../proposals/proposal-transitions.js';
import type { GoodLine, LineError, ShapedLine } from './verivali-file.js';

/** A verivali import as stored (`verivali_import`). */
export interface VerivaliImportRow {
  id: string;
  upload_id: string;
  file_name: string;
  format: ExchangeFileFormat;
  sha256: string | null;
  status: string;
  total_size: string;
  chunks_received: number;
  chunk_count: number;
  lines: number;
  applied: number;
  unchanged: number;
  refused: number;
  invalid: number;
  error: string | null;
  started_by: string;
  actor: Actor;
  started_at: Date;
  finished_at: Date | null;
}

/** What applying the lines of a file did, proposal by proposal (`invalid`: lines). */
export interface VerivaliCounts {
  applied: number;
  unchanged: number;
  refused: number;
  invalid: number;
}

/** A stored good line of one proposal, as it is applied. */
export interface StoredVerivaliLine {
  line_no: number;
  kind: ProposalKind;
  batch_id: string;
  member_id: string | null;
  status: VerivaliResult['status'];
  outcome: MemberVerificationOutcome | null;
  dukcapil: DukcapilMatchStatus | null;
  reason: string | null;
}

/** Problems returned with the job (all are stored). */
const ERRORS_SHOWN = 1000;

/** The SQL of verivali imports: the upload and its job, its good lines and problems, and the export batches lines answer. */
@Injectable()
export class VerivaliImportsRepository {
  /** The job of an upload, created with its first chunk (a repeated first chunk changes nothing). */
  async insertUpload(
    m: EntityManager,
    u: {
      id: string;
      uploadId: string;
      fileName: string;
      format: ExchangeFileFormat;
      totalSize: number;
      chunkCount: number;
      actor: Actor;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO verivali_import (id, upload_id, file_name, format, status, total_size, chunk_count, started_by, actor) VALUES ($1, $2, $3, $4, 'uploading', $5, $6, $7, $8) ON CONFLICT (upload_id) DO NOTHING`,
      [u.id, u.uploadId, u.fileName, u.format, u.totalSize, u.chunkCount, u.actor.id, JSON.stringify(u.actor)],
    );
  }

  async lockUpload(m: EntityManager, uploadId: string): Promise<VerivaliImportRow | null> {
    const [row]: VerivaliImportRow[] = await m.query(`SELECT * FROM verivali_import WHERE upload_id = $1 FOR UPDATE`, [
      uploadId,
    ]);
    return row ?? null;
  }

  async setChunksReceived(m: EntityManager, id: string, received: number): Promise<VerivaliImportRow> {
    const [u] = returnedRows<VerivaliImportRow>(
      await m.query(`UPDATE verivali_import SET chunks_received = $2 WHERE id = $1 RETURNING *`, [id, received]),
    );
    return u!;
  }

  /** The last chunk arrived: the file's hash is kept and the job runs. */
  async markReceived(m: EntityManager, id: string, received: number, sha256: string): Promise<VerivaliImportRow> {
    const [u] = returnedRows<VerivaliImportRow>(
      await m.query(
        `UPDATE verivali_import SET chunks_received = $2, sha256 = $3, status = 'running' WHERE id = $1 RETURNING *`,
        [id, received, sha256],
      ),
    );
    return u!;
  }

  /** A job whose file was received whole. */
  async job(m: EntityManager, jobId: string): Promise<VerivaliImportRow | null> {
    const [row]: VerivaliImportRow[] = await m.query(
      `SELECT * FROM verivali_import WHERE id = $1 AND status <> 'uploading'`,
      [jobId],
    );
    return row ?? null;
  }

  /** The first problems of a job, in line order. */
  async errorsShown(
    m: EntityManager,
    jobId: string,
  ): Promise<Array<{ line_no: number; field: string; message: string }>> {
    return m.query(
      `SELECT line_no, field, message FROM verivali_error WHERE job_id = $1 ORDER BY line_no, field LIMIT ${ERRORS_SHOWN}`,
      [jobId],
    );
  }

  async succeed(m: EntityManager, jobId: string, lines: number, c: VerivaliCounts): Promise<void> {
    await m.query(
      `UPDATE verivali_import SET status = 'succeeded', lines = $2, applied = $3, unchanged = $4, refused = $5, invalid = $6, finished_at = now() WHERE id = $1`,
      [jobId, lines, c.applied, c.unchanged, c.refused, c.invalid],
    );
  }

  async fail(m: EntityManager, jobId: string, message: string): Promise<void> {
    await m.query(`UPDATE verivali_import SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`, [
      jobId,
      message,
    ]);
  }

  /** Fails a job left running by a dead process (on the session holding its lock); answers the rows failed. */
  async failInterrupted(session: pg.Client, jobId: string, message: string): Promise<number> {
    const r = await session.query(
      `UPDATE verivali_import SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
      [jobId, message],
    );
    return r.rowCount ?? 0;
  }

  async insertLines(m: EntityManager, jobId: string, g: GoodLine[]): Promise<void> {
    await m.query(
      `INSERT INTO verivali_line (job_id, line_no, kind, batch_id, proposal_id, member_id, status, outcome, dukcapil, reason)
       SELECT $1, * FROM unnest($2::int[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[])`,
      [
        jobId,
        g.map((x) => x.line),
        g.map((x) => x.kind),
        g.map((x) => x.batchId),
        g.map((x) => x.proposalId),
        g.map((x) => x.memberId),
        g.map((x) => x.status),
        g.map((x) => x.outcome),
        g.map((x) => x.dukcapil),
        g.map((x) => x.reason),
      ],
    );
  }

  async insertErrors(m: EntityManager, jobId: string, errors: LineError[]): Promise<void> {
    await m.query(
      `INSERT INTO verivali_error (job_id, line_no, field, message) SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
      [jobId, errors.map((e) => e.line), errors.map((e) => e.field), errors.map((e) => e.message)],
    );
  }

  /**
   * For each line (by its 1-based `ord`), the latest export batch its proposal went out in, that
   * batch's kind and region, and whether the member it names was sent with the proposal.
   */
  async batchesOf(
    m: EntityManager,
    lines: ShapedLine[],
  ): Promise<
    Array<{
      ord: string;
      batch_id: string | null;
      kind: ProposalKind | null;
      region_code: string | null;
      member_found: boolean;
    }>
  > {
    return m.query(
      `SELECT u.ord, l.batch_id, l.kind, l.region_code,
         (u.member_id IS NULL OR EXISTS (SELECT 1 FROM siks_export_item x WHERE x.batch_id = l.batch_id AND x.proposal_id = u.proposal_id AND x.member_id = u.member_id)) AS member_found
       FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS u(proposal_id, member_id, ord)
       LEFT JOIN LATERAL (
         SELECT i.batch_id, b.kind, b.region_code FROM siks_export_item i JOIN siks_export_batch b ON b.id = i.batch_id
         WHERE i.proposal_id = u.proposal_id ORDER BY b.created_at DESC, i.batch_id DESC LIMIT 1
       ) l ON true`,
      [lines.map((x) => x.proposalId), lines.map((x) => x.memberId)],
    );
  }

  /** The proposals of a job's good lines, in the order of their first line. */
  async proposalsInFileOrder(m: EntityManager, jobId: string): Promise<Array<{ proposal_id: string; first: number }>> {
    return m.query(
      `SELECT proposal_id, min(line_no) AS first FROM verivali_line WHERE job_id = $1 GROUP BY proposal_id ORDER BY first`,
      [jobId],
    );
  }

  async proposalLines(m: EntityManager, jobId: string, proposalId: string): Promise<StoredVerivaliLine[]> {
    return m.query(
      `SELECT line_no, kind, batch_id, member_id, status, outcome, dukcapil, reason FROM verivali_line WHERE job_id = $1 AND proposal_id = $2 ORDER BY line_no`,
      [jobId, proposalId],
    );
  }

  /** Lines with problems that never became good lines (wrong shape, unknown batch, out of scope). */
  async invalidLines(m: EntityManager, jobId: string): Promise<number> {
    const [{ invalid }] = await m.query(
      `SELECT count(DISTINCT line_no)::int AS invalid FROM verivali_error WHERE job_id = $1 AND line_no NOT IN (SELECT line_no FROM verivali_line WHERE job_id = $1)`,
      [jobId],
    );
    return invalid as number;
  }
}
