import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  CandidateRankingExportV1,
  ExportCandidateRankingRequestV1,
  FileChunkV1,
  RankCandidatesRequestV1,
  RankCandidatesResponseV1,
  RankingCriterionV1,
  RankingPresetV1,
} from '@slrt/contracts';
import { EXCHANGE_CHUNK_BYTES } from '@slrt/contracts';
import { formatIsoDate, resolveToday } from '@slrt/domain';
import { registryHouseholdRefKey } from '../lookups/registry-sql.js';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { RegistryEnv } from '../config/registry.env.js';
import { CONTENT_TYPES, readChunk, writeCsvFromCopy, writeXlsxFromCursor } from '../files/exchange-files.js';
import { regionPatterns, requireRegion, requireRole } from '@slrt/auth';
import { EXCHANGE_ROLES } from '../siks/siks-access.js';
import { RankingRepository, type RankedHouseholdRow, type RankingScope } from './ranking.repository.js';

/** Generated ranking files are kept this long for their chunks to be fetched, then removed. */
const RANKING_FILE_TTL_MS = 60 * 60 * 1000;
const RANKING_HEADERS = [
  'PERINGKAT',
  'ID_KELUARGA',
  'KODE_DESA',
  'DESIL',
  'NAMA_KEPALA',
  'NIK_KEPALA',
  'NO_KK',
  'JUMLAH_ART',
  'LANSIA',
  'BALITA',
  'PROGRAM',
] as const;

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
    private readonly repo: RankingRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async listPresets(code: string | undefined, actor: Actor) {
    requireRole(actor, [...EXCHANGE_ROLES.rank, 'ADMIN']);
    return { items: await this.repo.presets(this.ds.manager, code) };
  }

  async savePreset(p: RankingPresetV1, actor: Actor): Promise<RankingPresetV1> {
    requireRole(actor, EXCHANGE_ROLES.admin);
    const criteria = normalise(p.criteria);
    await this.repo.savePreset(this.ds.manager, { code: p.code, description: p.description, criteria }, actor.id);
    return { code: p.code, description: p.description, criteria };
  }

  private async criteriaOf(req: { preset?: string; criteria?: RankingCriterionV1[] }): Promise<RankingCriterionV1[]> {
    if (req.criteria?.length) return normalise(req.criteria);
    const code = req.preset ?? 'desil-default';
    const criteria = await this.repo.presetCriteria(this.ds.manager, code);
    if (!criteria)
      throw new DomainError('VALIDATION_FAILED', 'Preset kriteria tidak dikenal.', {
        fieldErrors: [{ field: 'preset', messages: [`Preset "${code}" tidak ada.`] }],
      });
    return criteria;
  }

  /** What the ranking of a region ranks today. */
  private scope(regionCode: string): RankingScope {
    return {
      regionPatterns: regionPatterns(regionCode),
      today: today(),
      householdRefKey: registryHouseholdRefKey(this.env),
    };
  }

  /** One page of the ranking (at most `limit` households in all). */
  async rank(req: RankCandidatesRequestV1, actor: Actor): Promise<RankCandidatesResponseV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    requireRegion(actor, req.regionCode);
    const criteria = await this.criteriaOf(req);
    const offset = (req.page - 1) * req.pageSize;
    const take = Math.max(0, Math.min(req.pageSize, req.limit - offset));
    const rows =
      take === 0 ? [] : await this.repo.rankPage(this.ds.manager, criteria, this.scope(req.regionCode), take, offset);
    const total = rows.length
      ? Number(rows[0]!.total)
      : await this.repo.householdCount(this.ds.manager, regionPatterns(req.regionCode));
    await this.repo.audit(this.ds.manager, actor.id, 'rank-candidates', req.regionCode, rows.length);
    return {
      items: rows.map(household),
      total: Math.min(total, req.limit),
      page: req.page,
      pageSize: req.pageSize,
      criteria,
      dataPeriod: await this.repo.currentPeriod(this.ds.manager),
    };
  }

  /** Writes the whole ranking (up to `limit`) to a CSV or XLSX file, streamed; its chunks are fetched by id. */
  async export(req: ExportCandidateRankingRequestV1, actor: Actor): Promise<CandidateRankingExportV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    requireRegion(actor, req.regionCode);
    const criteria = await this.criteriaOf(req);
    this.removeOldFiles();
    const id = uuidv7();
    const path = this.filePath(id, req.format);
    const client = new pg.Client({
      connectionString: this.env.DATABASE_URL,
      application_name: 'registry-ranking-export',
      options: `-c search_path="${this.env.DATABASE_SCHEMA ?? 'registry'}"`,
    });
    await client.connect();
    let file;
    try {
      const scope = this.scope(req.regionCode);
      if (req.format === 'csv') {
        file = await writeCsvFromCopy(
          client,
          this.repo.csvQuery(client, criteria, scope, req.limit),
          RANKING_HEADERS,
          path,
        );
      } else {
        const { sql, params } = this.repo.cursorQuery(criteria, scope, req.limit);
        const r = (x: Record<string, unknown>) => [
          Number(x.rank),
          x.household_id as string,
          x.desa_code as string,
          x.desil as number | null,
          x.head_name as string,
          x.head_nik_masked as string,
          x.no_kk_masked as string,
          x.household_size as number,
          x.elderly as number,
          x.under_five as number,
          (x.flags as string[]).join(';'),
        ];
        file = await writeXlsxFromCursor(
          client,
          sql,
          params,
          RANKING_HEADERS,
          'Peringkat',
          new Date(`${today()}T00:00:00Z`),
          path,
          r,
        );
      }
      const n = await this.repo.householdCountOn(client, regionPatterns(req.regionCode), req.limit);
      const fileName = `peringkat-calon-${req.regionCode}.${req.format}`;
      await this.repo.insertExport(this.ds.manager, {
        id,
        regionCode: req.regionCode,
        format: req.format,
        fileName,
        size: file.size,
        sha256: file.sha256,
        rowCount: n,
        createdBy: actor.id,
      });
      await this.repo.audit(this.ds.manager, actor.id, 'export-candidate-ranking', id, n);
      return {
        exportId: id,
        fileName,
        contentType: CONTENT_TYPES[req.format],
        size: file.size,
        sha256: file.sha256,
        rowCount: n,
        chunkCount: Math.max(1, Math.ceil(file.size / EXCHANGE_CHUNK_BYTES)),
        masked: true,
      };
    } finally {
      await client.end();
    }
  }

  async chunk(exportId: string, index: number, actor: Actor): Promise<FileChunkV1> {
    requireRole(actor, EXCHANGE_ROLES.rank);
    const row = await this.repo.exportOf(this.ds.manager, exportId, actor.id);
    const path = row ? this.filePath(row.id, row.format) : '';
    if (!row || !existsSync(path))
      throw new DomainError('NOT_FOUND', 'Berkas peringkat tidak ditemukan atau sudah kedaluwarsa; buat ekspor baru.', {
        reason: 'RANKING_EXPORT_NOT_FOUND',
      });
    const size = Number(row.size);
    if (index >= Math.max(1, Math.ceil(size / EXCHANGE_CHUNK_BYTES)))
      throw new DomainError('NOT_FOUND', 'Bagian berkas tidak ada.', { reason: 'CHUNK_NOT_FOUND' });
    return readChunk(
      path,
      { fileName: row.file_name, contentType: CONTENT_TYPES[row.format], size, sha256: row.sha256 },
      index,
    );
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
  return criteria.map((c) =>
    c.key === 'without-programme'
      ? { key: c.key, direction: c.direction, programme: c.programme ?? 'PKH' }
      : { key: c.key, direction: c.direction },
  );
}

/** Today in Indonesia (WIT, as for NIK birth dates): ages turn on the local day, not the UTC one. */
function today(): string {
  return formatIsoDate(resolveToday(new Date()));
}

function household(r: RankedHouseholdRow) {
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
