import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, CandidateRankingExportV1, ExportCandidateRankingRequestV1, FileChunkV1, RankCandidatesRequestV1, RankCandidatesResponseV1, RankingCriterionV1, RankingPresetV1 } from '@slrt/contracts';
import { EXCHANGE_CHUNK_BYTES } from '@slrt/contracts';
import { formatIsoDate, resolveToday } from '@slrt/domain';
import { registryHouseholdRefKey } from '../lookups/registry-sql.js';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { RegistryEnv } from '../config/registry.env.js';
import { CONTENT_TYPES, readChunk, writeCsvFromCopy, writeXlsxFromCursor } from '../siks/exchange-files.js';
import { regionPatterns, requireRegion, requireRole } from '@slrt/auth';
import { EXCHANGE_ROLES } from '../siks/siks-access.js';
import { HOUSEHOLDS_SQL, orderBySql } from './ranking-criteria.js';

/** Generated ranking files are kept this long for their chunks to be fetched, then removed. */
const RANKING_FILE_TTL_MS = 60 * 60 * 1000;
const RANKING_HEADERS = ['PERINGKAT', 'ID_KELUARGA', 'KODE_DESA', 'DESIL', 'NAMA_KEPALA', 'NIK_KEPALA', 'NO_KK', 'JUMLAH_ART', 'LANSIA', 'BALITA', 'PROGRAM'] as const;

interface HouseholdRow {
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

/**
 * Candidate ranking for local programmes: households of the current snapshot in a region,
 * ordered by criteria kept as data (presets an ADMIN edits), masked, paged or exported as a file
 * (streamed from PostgreSQL like the SIKS-NG export). Every ranking read is audited.
 */
@Injectable()
export class RankingService {
  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async listPresets(code: string | undefined, actor: Actor) {
    requireRole(actor, [...EXCHANGE_ROLES.rank, 'ADMIN']);
    const items: RankingPresetV1[] = await this.ds.query(`SELECT code, description, criteria FROM ranking_preset WHERE $1::text IS NULL OR code = $1 ORDER BY code`, [code ?? null]);
    return { items };
  }

  async savePreset(p: RankingPresetV1, actor: Actor): Promise<RankingPresetV1> {
    requireRole(actor, EXCHANGE_ROLES.admin);
    const criteria = normalise(p.criteria);
    await this.ds.query(
      `INSERT INTO ranking_preset (code, description, criteria, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET description = EXCLUDED.description, criteria = EXCLUDED.criteria, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [p.code, p.description, JSON.stringify(criteria), actor.id],
    );
    return { code: p.code, description: p.description, criteria };
  }

  private async criteriaOf(req: { preset?: string; criteria?: RankingCriterionV1[] }): Promise<RankingCriterionV1[]> {
    if (req.criteria?.length) return normalise(req.criteria);
    const code = req.preset ?? 'desil-default';
    const [row] = await this.ds.query(`SELECT criteria FROM ranking_preset WHERE code = $1`, [code]);
    if (!row) throw new DomainError('VALIDATION_FAILED', 'Preset kriteria tidak dikenal.', { fieldErrors: [{ field: 'preset', messages: [`Preset "${code}" tidak ada.`] }] });
    return row.criteria as RankingCriterionV1[];
  }

  private async period(): Promise<string | null> {
    const [row] = await this.ds.query(`SELECT data_period FROM current_snapshot`);
    return (row?.data_period as string | undefined) ?? null;
  }

  /** One page of the ranking (at most `limit` households in all). */
  async rank(req: RankCandidatesRequestV1, actor: Actor): Promise<RankCandidatesResponseV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    requireRegion(actor, req.regionCode);
    const criteria = await this.criteriaOf(req);
    const offset = (req.page - 1) * req.pageSize;
    const take = Math.max(0, Math.min(req.pageSize, req.limit - offset));
    const rows: HouseholdRow[] = take === 0 ? [] : await this.ds.query(
      `SELECT row_number() OVER (ORDER BY ${orderBySql(criteria)}) AS rank, h.*, count(*) OVER () AS total FROM (${HOUSEHOLDS_SQL}) h
       ORDER BY ${orderBySql(criteria)} LIMIT $4 OFFSET $5`,
      [regionPatterns(req.regionCode), today(), registryHouseholdRefKey(this.env), take, offset],
    );
    let total = rows.length ? Number(rows[0]!.total) : null;
    if (total === null) {
      const [{ n }] = await this.ds.query(`SELECT count(DISTINCT household_id)::int AS n FROM member_current WHERE desa_code LIKE ANY($1)`, [regionPatterns(req.regionCode)]);
      total = n as number;
    }
    await this.ds.query(`INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, 'rank-candidates', $2, $3)`, [actor.id, req.regionCode, rows.length]);
    return { items: rows.map(household), total: Math.min(total, req.limit), page: req.page, pageSize: req.pageSize, criteria, dataPeriod: await this.period() };
  }

  /** Writes the whole ranking (up to `limit`) to a CSV or XLSX file, streamed; its chunks are fetched by id. */
  async export(req: ExportCandidateRankingRequestV1, actor: Actor): Promise<CandidateRankingExportV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    requireRegion(actor, req.regionCode);
    const criteria = await this.criteriaOf(req);
    this.removeOldFiles();
    const id = uuidv7();
    const path = this.filePath(id, req.format);
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL, application_name: 'registry-ranking-export', options: `-c search_path="${this.env.DATABASE_SCHEMA ?? 'registry'}"` });
    await client.connect();
    let file;
    try {
      const order = orderBySql(criteria);
      const flags = `NULLIF(array_to_string(flags, ';'), '')`;
      if (req.format === 'csv') {
        const sql = `SELECT row_number() OVER (ORDER BY ${order}), household_id, desa_code, desil, head_name, head_nik_masked, no_kk_masked, household_size, elderly, under_five, ${flags}
          FROM (${HOUSEHOLDS_SQL.replace('$1', client.escapeLiteral(`{${regionPatterns(req.regionCode).map((p) => `"${p}"`).join(',')}}`) + '::text[]').replace(/\$2/g, client.escapeLiteral(today())).replace(/\$3::text/g, client.escapeLiteral(registryHouseholdRefKey(this.env)))}) h ORDER BY ${order} LIMIT ${Number(req.limit)}`;
        file = await writeCsvFromCopy(client, sql, RANKING_HEADERS, path);
      } else {
        const sql = `SELECT row_number() OVER (ORDER BY ${order}) AS rank, h.* FROM (${HOUSEHOLDS_SQL}) h ORDER BY ${order} LIMIT ${Number(req.limit)}`;
        const r = (x: Record<string, unknown>) => [Number(x.rank), x.household_id as string, x.desa_code as string, x.desil as number | null, x.head_name as string, x.head_nik_masked as string, x.no_kk_masked as string, x.household_size as number, x.elderly as number, x.under_five as number, (x.flags as string[]).join(';')];
        file = await writeXlsxFromCursor(client, sql, [regionPatterns(req.regionCode), today(), registryHouseholdRefKey(this.env)], RANKING_HEADERS, 'Peringkat', new Date(`${today()}T00:00:00Z`), path, r);
      }
      const [{ n }] = (await client.query(`SELECT least(count(DISTINCT household_id), $2)::int AS n FROM member_current WHERE desa_code LIKE ANY($1)`, [regionPatterns(req.regionCode), req.limit])).rows;
      const fileName = `peringkat-calon-${req.regionCode}.${req.format}`;
      await this.ds.query(`INSERT INTO ranking_export (id, region_code, format, file_name, size, sha256, row_count, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [id, req.regionCode, req.format, fileName, file.size, file.sha256, n, actor.id]);
      await this.ds.query(`INSERT INTO exchange_audit (actor_id, action, reference, rows) VALUES ($1, 'export-candidate-ranking', $2, $3)`, [actor.id, id, n]);
      return { exportId: id, fileName, contentType: CONTENT_TYPES[req.format], size: file.size, sha256: file.sha256, rowCount: n as number, chunkCount: Math.max(1, Math.ceil(file.size / EXCHANGE_CHUNK_BYTES)), masked: true };
    } finally {
      await client.end();
    }
  }

  async chunk(exportId: string, index: number, actor: Actor): Promise<FileChunkV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    const [row] = await this.ds.query(`SELECT * FROM ranking_export WHERE id = $1 AND created_by = $2`, [exportId, actor.id]);
    const path = row ? this.filePath(row.id, row.format) : '';
    if (!row || !existsSync(path)) throw new DomainError('NOT_FOUND', 'Berkas peringkat tidak ditemukan atau sudah kedaluwarsa; buat ekspor baru.', { reason: 'RANKING_EXPORT_NOT_FOUND' });
    const size = Number(row.size);
    if (index >= Math.max(1, Math.ceil(size / EXCHANGE_CHUNK_BYTES))) throw new DomainError('NOT_FOUND', 'Bagian berkas tidak ada.', { reason: 'CHUNK_NOT_FOUND' });
    return readChunk(path, { fileName: row.file_name, contentType: CONTENT_TYPES[row.format as 'csv' | 'xlsx'], size, sha256: row.sha256 }, index);
  }

  private filePath(id: string, format: string): string {
    return join(this.env.REGISTRY_IMPORT_DIR, 'rankings', `ranking-${id}.${format}`);
  }

  private removeOldFiles(): void {
    const dir = join(this.env.REGISTRY_IMPORT_DIR, 'rankings');
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      try {
        if (Date.now() - statSync(p).mtimeMs > RANKING_FILE_TTL_MS) rmSync(p, { force: true });
      } catch (err) {
        this.logger.warn({ err }, 'could not remove an old ranking file');
      }
    }
  }
}

/** Keeps only the fields a criterion uses (the programme only for `without-programme`). */
function normalise(criteria: RankingCriterionV1[]): RankingCriterionV1[] {
  return criteria.map((c) => (c.key === 'without-programme' ? { key: c.key, direction: c.direction, programme: c.programme ?? 'PKH' } : { key: c.key, direction: c.direction }));
}

/** Today in Indonesia (WIT, as for NIK birth dates): ages turn on the local day, not the UTC one. */
function today(): string {
  return formatIsoDate(resolveToday(new Date()));
}

function household(r: HouseholdRow) {
  return {
    rank: Number(r.rank),
    householdId: r.household_id,
    desaCode: r.desa_code,
    desil: r.desil,
    headName: r.head_name,
    headNikMasked: r.head_nik_masked,
    noKkMasked: r.no_kk_masked,
    householdSize: r.household_size,
    elderly: r.elderly,
    underFive: r.under_five,
    flags: r.flags,
  };
}
