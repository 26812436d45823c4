import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { EntityManager } from 'typeorm';
import type { ExchangeFileFormat, RankingCriterionV1, RankingPresetV1 } from '@slrt/contracts';
import { HOUSEHOLDS_SQL, orderBySql } from './ranking-criteria.js';

/** A ranked household as the ranking query returns it (NIK and No. KK masked in SQL). */
export interface RankedHouseholdRow {
  rank: string;
  household_id: string;
  desa_code: string;
  desil: number | null;
  head_name: string;
  head_nik_masked: string;
  no_kk_masked: string;
  household_size: number;
  elderly: number;
  under_five: number;
  flags: string[];
  total?: string;
}

/** A ranking export as stored (`ranking_export`). */
export interface RankingExportRow {
  id: string;
  format: ExchangeFileFormat;
  file_name: string;
  size: string;
  sha256: string;
}

/** What a ranking query ranks: region LIKE patterns, today (ages), the household id key. */
export interface RankingScope {
  regionPatterns: string[];
  today: string;
  householdRefKey: string;
}

/** The SQL of candidate ranking: presets, the ranking over the current snapshot, its exports and their audit. */
@Injectable()
export class RankingRepository {
  async presets(m: EntityManager, code: string | undefined): Promise<RankingPresetV1[]> {
    return m.query(
      `SELECT code, description, criteria FROM ranking_preset WHERE $1::text IS NULL OR code = $1 ORDER BY code`,
      [code ?? null],
    );
  }

  async savePreset(m: EntityManager, p: RankingPresetV1, updatedBy: string): Promise<void> {
    await m.query(
      `INSERT INTO ranking_preset (code, description, criteria, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, criteria = EXCLUDED.criteria, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [p.code, p.description, JSON.stringify(p.criteria), updatedBy],
    );
  }

  async presetCriteria(m: EntityManager, code: string): Promise<RankingCriterionV1[] | null> {
    const [row] = await m.query(`SELECT criteria FROM ranking_preset WHERE code = $1`, [code]);
    return row ? (row.criteria as RankingCriterionV1[]) : null;
  }

  async currentPeriod(m: EntityManager): Promise<string | null> {
    const [row] = await m.query(`SELECT data_period FROM current_snapshot`);
    return (row?.data_period as string | undefined) ?? null;
  }

  /** One page of ranked households, each row with the count of all. */
  async rankPage(
    m: EntityManager,
    criteria: RankingCriterionV1[],
    scope: RankingScope,
    take: number,
    offset: number,
  ): Promise<RankedHouseholdRow[]> {
    return m.query(
      `SELECT row_number() OVER (ORDER BY ${orderBySql(criteria)}) AS rank, h.*, count(*) OVER () AS total FROM (${HOUSEHOLDS_SQL}) h
       ORDER BY ${orderBySql(criteria)} LIMIT $4 OFFSET $5`,
      [scope.regionPatterns, scope.today, scope.householdRefKey, take, offset],
    );
  }

  /** Households of the current snapshot in the region. */
  async householdCount(m: EntityManager, regionPatterns: string[]): Promise<number> {
    const [{ n }] = await m.query(
      `SELECT count(DISTINCT household_id)::int AS n FROM member_current WHERE desa_code LIKE ANY($1)`,
      [regionPatterns],
    );
    return n as number;
  }

  /** {@link householdCount}, at most `limit`, on an export's own session. */
  async householdCountOn(client: pg.Client, regionPatterns: string[], limit: number): Promise<number> {
    const [{ n }] = (
      await client.query(
        `SELECT least(count(DISTINCT household_id), $2)::int AS n FROM member_current WHERE desa_code LIKE ANY($1)`,
        [regionPatterns, limit],
      )
    ).rows;
    return n as number;
  }

  /**
   * The ranking as `COPY … TO STDOUT` wants it: one statement without parameters, the scope written
   * in as escaped literals; columns in the order of the file's headers, flags as `A;B`.
   */
  csvQuery(client: pg.Client, criteria: RankingCriterionV1[], scope: RankingScope, limit: number): string {
    const order = orderBySql(criteria);
    const flags = `NULLIF(array_to_string(flags, ';'), '')`;
    return `SELECT row_number() OVER (ORDER BY ${order}), household_id, desa_code, desil, head_name, head_nik_masked, no_kk_masked, household_size, elderly, under_five, ${flags}
          FROM (${HOUSEHOLDS_SQL.replace(
            '$1',
            client.escapeLiteral(`{${scope.regionPatterns.map((p) => `"${p}"`).join(',')}}`) + '::text[]',
          )
            .replace(/\$2/g, client.escapeLiteral(scope.today))
            .replace(
              /\$3::text/g,
              client.escapeLiteral(scope.householdRefKey),
            )}) h ORDER BY ${order} LIMIT ${Number(limit)}`;
  }

  /** The ranking for a cursor: the statement and its parameters. */
  cursorQuery(criteria: RankingCriterionV1[], scope: RankingScope, limit: number): { sql: string; params: unknown[] } {
    const order = orderBySql(criteria);
    return {
      sql: `SELECT row_number() OVER (ORDER BY ${order}) AS rank, h.* FROM (${HOUSEHOLDS_SQL}) h ORDER BY ${order} LIMIT ${Number(limit)}`,
      params: [scope.regionPatterns, scope.today, scope.householdRefKey],
    };
  }

  async insertExport(
    m: EntityManager,
    e: {
      id: string;
      regionCode: string;
      format: ExchangeFileFormat;
      fileName: string;
      size: number;
      sha256: string;
      rowCount: number;
      createdBy: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO ranking_export (id, region_code, format, file_name, size, sha256, row_count, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [e.id, e.regionCode, e.format, e.fileName, e.size, e.sha256, e.rowCount, e.createdBy],
    );
  }

  /** An export of its creator (nobody else fetches it). */
  async exportOf(m: EntityManager, exportId: string, createdBy: string): Promise<RankingExportRow | null> {
    const [row] = await m.query(`SELECT * FROM ranking_export WHERE id = $1 AND created_by = $2`, [
      exportId,
      createdBy,
    ]);
    return (row as RankingExportRow | undefined) ?? null;
  }

  async audit(
    m: EntityManager,
    actorId: string,
    action: 'rank-candidates' | 'export-candidate-ranking',
    reference: string,
    rows: number,
  ): Promise<void> {
    await m.query(`INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, $2, $3, $4)`, [
      actorId,
      action,
      reference,
      rows,
    ]);
  }
}
