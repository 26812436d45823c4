import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { ExchangeFileFormat, ExportColumnV1, ProposalKind, SiksExportProfileV1 } from '@slrt/contracts';
import { writeCsvFromCopy, writeXlsxFromCursor, type WrittenFile } from '../files/exchange-files.js';
import { KIND_ROWS, cellSql } from './siks-sources.js';

/** A SIKS-NG export batch as stored (`siks_export_batch`). */
export interface BatchRow {
  id: string;
  kind: ProposalKind;
  data_period: string;
  region_code: string;
  profile: string;
  columns: ExportColumnV1[];
  proposal_count: number;
  row_count: number;
  csv_sha256: string | null;
  csv_size: string | null;
  xlsx_sha256: string | null;
  xlsx_size: string | null;
  created_by: string;
  created_at: Date;
}

/** The SQL of SIKS-NG exports: column profiles, batches and their frozen items, file hashes and the download audit. */
@Injectable()
export class SiksExportsRepository {
  // ── profiles ──────────────────────────────────────────────────────────────────────────────

  async profiles(m: EntityManager, kind: ProposalKind | undefined): Promise<SiksExportProfileV1[]> {
    return m.query(
      `SELECT code, kind, description, columns FROM siks_export_profile WHERE $1::text IS NULL OR kind = $1 ORDER BY kind, code`,
      [kind ?? null],
    );
  }

  /** The kind a profile code is stored for (undefined: no such profile). */
  async profileKind(m: EntityManager, code: string): Promise<{ kind: ProposalKind } | undefined> {
    const [existing] = await m.query(`SELECT kind FROM siks_export_profile WHERE code = $1`, [code]);
    return existing;
  }

  async saveProfile(m: EntityManager, p: SiksExportProfileV1, updatedBy: string): Promise<void> {
    await m.query(
      `INSERT INTO siks_export_profile (code, kind, description, columns, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, columns = EXCLUDED.columns, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [p.code, p.kind, p.description, JSON.stringify(p.columns), updatedBy],
    );
  }

  async profile(
    m: EntityManager,
    code: string,
  ): Promise<{ kind: ProposalKind; columns: ExportColumnV1[] } | undefined> {
    const [profile]: Array<{ kind: ProposalKind; columns: ExportColumnV1[] }> = await m.query(
      `SELECT kind, columns FROM siks_export_profile WHERE code = $1`,
      [code],
    );
    return profile;
  }

  // ── batches ───────────────────────────────────────────────────────────────────────────────

  /** Serialises batch creation for a kind until the transaction ends. */
  async lockKind(m: EntityManager, kind: ProposalKind): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`siks-export:${kind}`]);
  }

  async insertBatch(
    m: EntityManager,
    b: {
      id: string;
      kind: ProposalKind;
      dataPeriod: string;
      regionCode: string;
      profile: string;
      columns: ExportColumnV1[];
      createdBy: string;
      createdAt: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO siks_export_batch (id, kind, data_period, region_code, profile, columns, proposal_count, row_count, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7, $8)`,
      [b.id, b.kind, b.dataPeriod, b.regionCode, b.profile, JSON.stringify(b.columns), b.createdBy, b.createdAt],
    );
  }

  /** Freezes the rows of the proposals in `statuses` under the desa `patterns` into the batch, each cell formatted. */
  async insertItems(
    m: EntityManager,
    batchId: string,
    kind: ProposalKind,
    columns: ExportColumnV1[],
    statuses: readonly string[],
    patterns: string[],
  ): Promise<void> {
    const rows = KIND_ROWS[kind];
    await m.query(
      `INSERT INTO siks_export_item (batch_id, seq, proposal_id, member_id, cells)
         SELECT $1, row_number() OVER (ORDER BY ${rows.orderBy}), ${rows.proposalId}, ${rows.memberId}, ARRAY[${columns.map((c) => cellSql(kind, c)).join(', ')}]::text[]
         FROM ${rows.from} WHERE ${rows.status} = ANY($2) AND ${rows.desa} LIKE ANY($3)`,
      [batchId, statuses, patterns],
    );
  }

  async itemCounts(m: EntityManager, batchId: string): Promise<{ row_count: number; proposal_count: number }> {
    const [counts] = await m.query(
      `SELECT count(*)::int AS row_count, count(DISTINCT proposal_id)::int AS proposal_count FROM siks_export_item WHERE batch_id = $1`,
      [batchId],
    );
    return counts;
  }

  async setCounts(m: EntityManager, batchId: string, rowCount: number, proposalCount: number): Promise<void> {
    await m.query(`UPDATE siks_export_batch SET row_count = $2, proposal_count = $3 WHERE id = $1`, [
      batchId,
      rowCount,
      proposalCount,
    ]);
  }

  async proposalsOf(m: EntityManager, batchId: string): Promise<Array<{ proposal_id: string }>> {
    return m.query(`SELECT DISTINCT proposal_id FROM siks_export_item WHERE batch_id = $1`, [batchId]);
  }

  /** A page of the batches under the region `patterns` (newest first), with the total. */
  async page(
    m: EntityManager,
    patterns: string[],
    kind: ProposalKind | undefined,
    limit: number,
    offset: number,
  ): Promise<{ rows: BatchRow[]; total: number }> {
    const where = `region_code LIKE ANY($1) AND ($2::text IS NULL OR kind = $2)`;
    const params = [patterns, kind ?? null];
    const rows: BatchRow[] = await m.query(
      `SELECT * FROM siks_export_batch WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`,
      [...params, limit, offset],
    );
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM siks_export_batch WHERE ${where}`, params);
    return { rows, total };
  }

  async batch(m: EntityManager, batchId: string): Promise<BatchRow | undefined> {
    const [row]: BatchRow[] = await m.query(`SELECT * FROM siks_export_batch WHERE id = $1`, [batchId]);
    return row;
  }

  /** Records the sha256 and size of a batch's file the first time (later calls change nothing). */
  async recordFile(m: EntityManager, batchId: string, format: ExchangeFileFormat, file: WrittenFile): Promise<void> {
    await m.query(
      `UPDATE siks_export_batch SET ${format}_sha256 = $2, ${format}_size = $3 WHERE id = $1 AND ${format}_sha256 IS NULL`,
      [batchId, file.sha256, file.size],
    );
  }

  async auditDownload(m: EntityManager, actorId: string, reference: string, rows: number): Promise<void> {
    await m.query(
      `INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, 'download-siks-export', $2, $3)`,
      [actorId, reference, rows],
    );
  }

  // ── files (streamed on their own session) ─────────────────────────────────────────────────

  /** Writes the CSV of the batch's items with `COPY … TO STDOUT`. */
  writeCsv(client: pg.Client, batchId: string, headers: string[], path: string): Promise<WrittenFile> {
    const cells = headers.map((_, i) => `cells[${i + 1}]`).join(', ');
    return writeCsvFromCopy(
      client,
      `SELECT ${cells} FROM siks_export_item WHERE batch_id = ${client.escapeLiteral(batchId)} ORDER BY seq`,
      headers,
      path,
    );
  }

  /** Writes the XLSX of the batch's items through a cursor. */
  writeXlsx(
    client: pg.Client,
    batchId: string,
    headers: string[],
    createdAt: Date,
    path: string,
  ): Promise<WrittenFile> {
    return writeXlsxFromCursor(
      client,
      `SELECT cells FROM siks_export_item WHERE batch_id = $1 ORDER BY seq`,
      [batchId],
      headers,
      'SIKS-NG',
      createdAt,
      path,
      (r) => r.cells as Array<string | null>,
    );
  }
}
