import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { LookupAuditEntryV1 } from '@slrt/contracts';
import { LookupPool } from './lookup-pool.js';
import { MEMBER_COLUMNS, personHouseholdSql, type MemberRow } from './registry-sql.js';

/** Candidates read for one name search at most (a desa or kecamatan and a birth year bound it well below). */
export const MAX_NAME_CANDIDATES = 20_000;

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

/** Who asks, and why, as the audit row of a lookup records it. */
export interface LookupAuditOf {
  actorId: string;
  actorRole: string | null;
  purpose: string;
  reference: string | null;
  revealed: boolean;
}

/** A row of the lookup audit as stored. */
export interface LookupAuditRow {
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
}

/**
 * The SQL of `lookup-person` (named statements on the lookup pool; each read writes its audit row
 * in the same statement) and of the lookup audit log.
 */
@Injectable()
export class PersonLookupsRepository {
  constructor(private readonly lookups: LookupPool) {}

  /** The person by NIK within the scope `patterns`, with every member of their KK. */
  async byNik(nik: string, patterns: string[], nikHash: string, a: LookupAuditOf): Promise<MemberRow[]> {
    const { rows } = await this.lookups.pool.query<MemberRow>({
      name: 'registry-lookup-person-nik',
      text: NIK_SQL,
      values: [nik, patterns, a.actorId, a.actorRole, a.purpose, a.reference, nikHash, a.revealed],
    });
    return rows;
  }

  /** The members of the KK, when one of them is within the scope `patterns`. */
  async byKk(noKk: string, patterns: string[], kkHash: string, a: LookupAuditOf): Promise<MemberRow[]> {
    const { rows } = await this.lookups.pool.query<MemberRow>({
      name: 'registry-lookup-person-kk',
      text: KK_SQL,
      values: [noKk, patterns, a.actorId, a.actorRole, a.purpose, a.reference, kkHash, a.revealed],
    });
    return rows;
  }

  /** Persons born between `from` and `to` in the region and everything below it, within the scope `patterns`. */
  async nameCandidates(
    from: string,
    to: string,
    region: string,
    patterns: string[],
  ): Promise<Array<Pick<MemberRow, 'nik' | 'no_kk' | 'name' | 'birth_date'>>> {
    const { rows } = await this.lookups.pool.query<Pick<MemberRow, 'nik' | 'no_kk' | 'name' | 'birth_date'>>({
      name: 'registry-lookup-person-name',
      text: NAME_CANDIDATES_SQL,
      // The region and everything below it: '/' follows '.' in byte order, and digits follow '/'.
      values: [from, to, region, `${region}/`, patterns],
    });
    return rows;
  }

  /** The members of the KKs matched by name, with the audit row of the search (`resultCount` persons shown). */
  async nameHouseholds(kks: string[], region: string, resultCount: number, a: LookupAuditOf): Promise<MemberRow[]> {
    const { rows } = await this.lookups.pool.query<MemberRow>({
      name: 'registry-lookup-person-name-households',
      text: NAME_HOUSEHOLDS_SQL,
      values: [kks, a.actorId, a.actorRole, a.purpose, a.reference, region, a.revealed, resultCount],
    });
    return rows;
  }

  /** A page of the lookup audit (newest first) under the filters, with the total. */
  async auditPage(
    m: EntityManager,
    f: { nikHash?: string; actorId?: string; from?: string; to?: string },
    pageSize: number,
    offset: number,
  ): Promise<{ rows: LookupAuditRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.nikHash) add('nik_hmac = ?', f.nikHash);
    if (f.actorId) add('actor_id = ?', f.actorId);
    if (f.from) add('at >= ?', f.from);
    if (f.to) add('at < ?', f.to);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [counted] = (await m.query(`SELECT count(*)::int AS total FROM lookup_audit ${clause}`, params)) as Array<{
      total: number;
    }>;
    const rows: LookupAuditRow[] = await m.query(
      `SELECT id::text, at, actor_id, actor_role, lookup_by, purpose, reference, region_code, revealed, result_count FROM lookup_audit ${clause} ORDER BY lookup_audit.id DESC LIMIT ${pageSize} OFFSET ${offset}`,
      params,
    );
    return { rows, total: counted?.total ?? 0 };
  }
}
