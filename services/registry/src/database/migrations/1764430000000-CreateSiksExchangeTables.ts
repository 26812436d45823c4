import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationSchema } from '@slrt/persistence';
import { DEFAULT_RANKING_PRESETS } from '../../ranking/ranking-criteria.js';
import { DEFAULT_EXPORT_PROFILES } from '../../siks/siks-sources.js';

/**
 * The SIKS-NG exchange and candidate ranking: export column profiles (data, seeded with one
 * default per kind), immutable export batches with their frozen rows, verivali results imports
 * with their lines and problems, ranking presets (data), generated ranking files, and the audit
 * of every file that carried personal data out.
 */
export class CreateSiksExchangeTables1764430000000 implements MigrationInterface {
  name = 'CreateSiksExchangeTables1764430000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".siks_export_profile (
        code text PRIMARY KEY,
        kind text NOT NULL,
        description text NOT NULL,
        -- ordered [{ header, source, format }]
        columns jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const p of DEFAULT_EXPORT_PROFILES) {
      await q.query(
        `INSERT INTO "${s}".siks_export_profile (code, kind, description, columns, updated_by) VALUES ($1, $2, $3, $4, 'system:registry')`,
        [p.code, p.kind, p.description, JSON.stringify(p.columns)],
      );
    }
    await q.query(`
      CREATE TABLE "${s}".siks_export_batch (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        data_period text NOT NULL,
        region_code text NOT NULL,
        profile text NOT NULL,
        -- the profile's columns as they were when the batch was made (later edits never change a batch)
        columns jsonb NOT NULL,
        proposal_count integer NOT NULL,
        row_count integer NOT NULL,
        csv_sha256 text,
        csv_size bigint,
        xlsx_sha256 text,
        xlsx_size bigint,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX siks_export_batch_region_idx ON "${s}".siks_export_batch (region_code text_pattern_ops, created_at DESC)`,
    );
    // The frozen rows: each cell already formatted, so a re-download is byte-identical whatever
    // happens to the proposals afterwards.
    await q.query(`
      CREATE TABLE "${s}".siks_export_item (
        batch_id uuid NOT NULL REFERENCES "${s}".siks_export_batch (id),
        seq integer NOT NULL,
        proposal_id uuid NOT NULL,
        member_id uuid,
        cells text[] NOT NULL,
        PRIMARY KEY (batch_id, seq)
      )`);
    await q.query(`CREATE INDEX siks_export_item_proposal_idx ON "${s}".siks_export_item (proposal_id)`);
    await q.query(`
      CREATE TABLE "${s}".verivali_import (
        id uuid PRIMARY KEY,
        upload_id uuid NOT NULL UNIQUE,
        file_name text NOT NULL,
        format text NOT NULL,
        sha256 text,
        status text NOT NULL,
        total_size bigint NOT NULL,
        chunks_received integer NOT NULL DEFAULT 0,
        chunk_count integer NOT NULL,
        lines integer NOT NULL DEFAULT 0,
        applied integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        refused integer NOT NULL DEFAULT 0,
        invalid integer NOT NULL DEFAULT 0,
        error text,
        started_by text NOT NULL,
        -- who uploaded, as the envelope carried it: the background job acts with this identity
        actor jsonb NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE "${s}".verivali_line (
        job_id uuid NOT NULL REFERENCES "${s}".verivali_import (id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        kind text NOT NULL,
        batch_id uuid NOT NULL,
        proposal_id uuid NOT NULL,
        member_id uuid,
        status text NOT NULL,
        outcome text,
        dukcapil text,
        reason text,
        PRIMARY KEY (job_id, line_no)
      )`);
    await q.query(`CREATE INDEX verivali_line_proposal_idx ON "${s}".verivali_line (job_id, proposal_id, line_no)`);
    await q.query(`
      CREATE TABLE "${s}".verivali_error (
        job_id uuid NOT NULL REFERENCES "${s}".verivali_import (id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        field text NOT NULL,
        message text NOT NULL
      )`);
    await q.query(`CREATE INDEX verivali_error_job_idx ON "${s}".verivali_error (job_id, line_no)`);
    await q.query(`
      CREATE TABLE "${s}".ranking_preset (
        code text PRIMARY KEY,
        description text NOT NULL,
        criteria jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const p of DEFAULT_RANKING_PRESETS) {
      await q.query(
        `INSERT INTO "${s}".ranking_preset (code, description, criteria, updated_by) VALUES ($1, $2, $3, 'system:registry')`,
        [p.code, p.description, JSON.stringify(p.criteria)],
      );
    }
    await q.query(`
      CREATE TABLE "${s}".ranking_export (
        id uuid PRIMARY KEY,
        region_code text NOT NULL,
        format text NOT NULL,
        file_name text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        row_count integer NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "${s}".exchange_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        action text NOT NULL,
        reference text NOT NULL,
        rows integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of [
      'exchange_audit',
      'ranking_export',
      'ranking_preset',
      'verivali_error',
      'verivali_line',
      'verivali_import',
      'siks_export_item',
      'siks_export_batch',
      'siks_export_profile',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
    }
  }
}
