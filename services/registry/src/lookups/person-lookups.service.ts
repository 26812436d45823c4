import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  ListLookupAuditRequestV1,
  ListLookupAuditResponseV1,
  LookupAuditEntryV1,
  LookupPersonRequestV1,
  LookupPersonResponseV1,
  PersonMatchV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { auditRole, hasRole, requireRole, scopePatterns } from '@slrt/auth';
import { REGISTRY_LOOKUP_ROLES } from './access.js';
import { householdViews, memberView, todayIso } from './household-view.js';
import { nameSimilarity, prepareName } from './name-match.js';
import { LookupPool } from './lookup-pool.js';
import {
  MEMBER_COLUMNS,
  personHouseholdSql,
  registryHouseholdRefKey,
  registryIdentifierHash,
  type MemberRow,
} from './registry-sql.js';

/** Candidates read for one name search at most (a desa or kecamatan and a birth year bound it well below). */
const MAX_NAME_CANDIDATES = 20_000;
/** Candidates less alike than this are not shown. */
const MIN_NAME_SCORE = 0.3;

/** One audit row is written by the same statement that reads the person (see `personHouseholdSql`). */
const NIK_SQL = personHouseholdSql('nik');

const KK_SQL = `
  WITH h AS (SELECT ${MEMBER_COLUMNS} FROM member_current m WHERE m.no_kk = $1 AND EXISTS (SELECT 1 FROM member_current s WHERE s.no_kk = $1 AND s.desa_code LIKE ANY($2::text[]))),
       a AS (INSERT INTO lookup_audit (actor_id, actor_role, lookup_by, purpose, reference, kk_hmac, revealed, result_count, found)
             SELECT $3, $4, 'kk', $5, $6, $7, $8, least(count(*), 1), count(*) > 0 FROM h)
  SELECT cs.data_period, h.* FROM current_snapshot cs LEFT JOIN h ON true`;

const NAME_CANDIDATES_SQL = `
  SELECT m.nik, m.no_kk, m.name, m.birth_date::text AS birth_date
  FROM member_current m
  WHERE m.birth_date BETWEEN $1::date AND $2::date AND m.desa_code COLLATE "C" >= $3 AND m.desa_code COLLATE "C" < $4 AND m.desa_code LIKE ANY($5::text[])
  LIMIT ${MAX_NAME_CANDIDATES}`;

const NAME_HOUSEHOLDS_SQL = `
  WITH a AS (INSERT INTO lookup_audit (actor_id, actor_role, lookup_by, purpose, reference, region_code, revealed, result_count, found)
             VALUES ($2, $3, 'name', $4, $5, $6, $7, $8, $8 > 0))
  SELECT cs.data_period, ${MEMBER_COLUMNS}
  FROM current_snapshot cs LEFT JOIN member_current m ON m.no_kk = ANY($1::text[])`;

/** `lookup-person` (by NIK, No. KK or name) and the audit log of lookups. */
@Injectable()
export class PersonLookupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly lookups: LookupPool,
    private readonly env: RegistryEnv,
  ) {}

  async lookupPerson(req: LookupPersonRequestV1, actor: Actor): Promise<LookupPersonResponseV1> {
    requireRole(actor, REGISTRY_LOOKUP_ROLES.lookup);
    const reveal = req.reveal === true;
    if (reveal && !hasRole(actor, REGISTRY_LOOKUP_ROLES.reveal)) {
      throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melihat NIK dan nomor KK secara lengkap.', {
        reason: 'REVEAL_NOT_ALLOWED',
      });
    }
    if (req.by === 'nik') return this.byNik(req.nik!, req, actor, reveal);
    if (req.by === 'kk') return this.byKk(req.noKk!, req, actor, reveal);
    return this.byName(req, actor, reveal);
  }

  private async byNik(
    nik: string,
    req: LookupPersonRequestV1,
    actor: Actor,
    reveal: boolean,
  ): Promise<LookupPersonResponseV1> {
    const { rows } = await this.lookups.pool.query<MemberRow>({
      name: 'registry-lookup-person-nik',
      text: NIK_SQL,
      values: [
        nik,
        scopePatterns(actor),
        actor.id,
        auditRole(actor),
        req.purpose.kind,
        req.purpose.reference ?? null,
        registryIdentifierHash(this.env, 'nik', nik),
        reveal,
      ],
    });
    const dataPeriod = rows[0]?.data_period ?? null;
    if (rows.length === 0 || rows[0]!.no_kk === null) return { dataPeriod, revealed: reveal, matches: [] };
    const today = todayIso();
    const household = householdViews(rows, reveal, today, registryHouseholdRefKey(this.env)).values().next().value!;
    const person = rows.find((r) => r.is_person)!;
    return {
      dataPeriod,
      revealed: reveal,
      matches: [{ score: 1, person: memberView(person, reveal, today), household }],
    };
  }

  private async byKk(
    noKk: string,
    req: LookupPersonRequestV1,
    actor: Actor,
    reveal: boolean,
  ): Promise<LookupPersonResponseV1> {
    const { rows } = await this.lookups.pool.query<MemberRow>({
      name: 'registry-lookup-person-kk',
      text: KK_SQL,
      values: [
        noKk,
        scopePatterns(actor),
        actor.id,
        auditRole(actor),
        req.purpose.kind,
        req.purpose.reference ?? null,
        registryIdentifierHash(this.env, 'kk', noKk),
        reveal,
      ],
    });
    const dataPeriod = rows[0]?.data_period ?? null;
    const households = [...householdViews(rows, reveal, todayIso(), registryHouseholdRefKey(this.env)).values()];
    return {
      dataPeriod,
      revealed: reveal,
      matches: households.map((household) => ({ score: 1, person: null, household })),
    };
  }

  private async byName(req: LookupPersonRequestV1, actor: Actor, reveal: boolean): Promise<LookupPersonResponseV1> {
    const [from, to] = req.birthDate
      ? [req.birthDate, req.birthDate]
      : [`${req.birthYear}-01-01`, `${req.birthYear}-12-31`];
    const region = req.regionCode!;
    const pool = this.lookups.pool;
    const { rows: candidates } = await pool.query<Pick<MemberRow, 'nik' | 'no_kk' | 'name' | 'birth_date'>>({
      name: 'registry-lookup-person-name',
      text: NAME_CANDIDATES_SQL,
      // The region and everything below it: '/' follows '.' in byte order, and digits follow '/'.
      values: [from, to, region, `${region}/`, scopePatterns(actor)],
    });
    const query = prepareName(req.name!);
    const limit = req.limit ?? 10;
    const ranked = candidates
      .map((c) => ({ c, score: nameSimilarity(query, c.name) }))
      .filter((x) => x.score >= MIN_NAME_SCORE)
      .sort(
        (a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name) || (a.c.nik ?? '').localeCompare(b.c.nik ?? ''),
      )
      .slice(0, limit);
    const kks = [...new Set(ranked.map((x) => x.c.no_kk!))];
    const { rows } = await pool.query<MemberRow>({
      name: 'registry-lookup-person-name-households',
      text: NAME_HOUSEHOLDS_SQL,
      values: [
        kks,
        actor.id,
        auditRole(actor),
        req.purpose.kind,
        req.purpose.reference ?? null,
        region,
        reveal,
        ranked.length,
      ],
    });
    const dataPeriod = rows[0]?.data_period ?? null;
    const today = todayIso();
    const households = householdViews(rows, reveal, today, registryHouseholdRefKey(this.env));
    const byNik = new Map(rows.filter((r) => r.nik !== null).map((r) => [r.nik!, r]));
    const matches: PersonMatchV1[] = [];
    for (const { c, score } of ranked) {
      const row = byNik.get(c.nik!);
      const household = households.get(c.no_kk!);
      // A snapshot switched between the two reads: the candidate is gone, leave it out.
      if (!row || !household) continue;
      matches.push({ score: Math.round(score * 100) / 100, person: memberView(row, reveal, today), household });
    }
    return { dataPeriod, revealed: reveal, matches };
  }

  /** The audit log of lookups, newest first (ADMIN, SEKRETARIAT). */
  async listAudit(req: ListLookupAuditRequestV1, actor: Actor): Promise<ListLookupAuditResponseV1> {
    requireRole(actor, REGISTRY_LOOKUP_ROLES.audit);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.nik) add('nik_hmac = ?', registryIdentifierHash(this.env, 'nik', req.nik));
    if (req.actorId) add('actor_id = ?', req.actorId);
    if (req.from) add('at >= ?', req.from);
    if (req.to) add('at < ?', req.to);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [counted] = (await this.ds.query(
      `SELECT count(*)::int AS total FROM lookup_audit ${clause}`,
      params,
    )) as Array<{ total: number }>;
    const rows: Array<{
      id: string;
      at: Date;
      actor_id: string;
      actor_role: string | null;
      lookup_by: LookupAuditEntryV1['lookupBy'];
      purpose: string;
      reference: string | null;
      region_code: string | null;
      revealed: boolean;
      result_count: number;
    }> = await this.ds.query(
      `SELECT id::text, at, actor_id, actor_role, lookup_by, purpose, reference, region_code, revealed, result_count FROM lookup_audit ${clause} ORDER BY lookup_audit.id DESC LIMIT ${req.pageSize} OFFSET ${(req.page - 1) * req.pageSize}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        lookupBy: r.lookup_by,
        purpose: r.purpose,
        reference: r.reference,
        regionCode: r.region_code,
        revealed: r.revealed,
        resultCount: r.result_count,
      })),
      total: counted?.total ?? 0,
      page: req.page,
      pageSize: req.pageSize,
    };
  }
}
