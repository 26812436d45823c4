import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows } from '@slrt/persistence';

/** Cases that can still be part of a mass issue: not ended. */
export const GROUPABLE_STATES_SQL = `c.state NOT IN ('resolved', 'closed', 'withdrawn', 'rejected-by-owner')`;

export interface SuggestionRow {
  area_code: string;
  programme_code: string;
  category: 'kepesertaan' | 'non-kepesertaan';
  case_ids: string[];
}
export interface MassIssueRow {
  id: string;
  key: string;
  status: 'confirmed' | 'dismissed';
  area_code: string;
  area_level: 'desa' | 'kecamatan';
  programme_code: string;
  category: 'kepesertaan' | 'non-kepesertaan';
  title: string;
  note: string | null;
  decided_by: string;
  decided_at: Date;
  version: number;
}
export interface MemberRow {
  case_id: string;
  receipt_number: string;
  desa_code: string;
  state: string;
  version: number;
  opened_at: Date;
  opened_day: string;
  category: string;
  programme_codes: string[];
  mass_issue_id: string | null;
  referral_ids: string[];
}

const scopeSql = (column: string, p: number) => `(${column} = ANY($${p}) OR ${column} LIKE ANY($${p + 1}))`;
const scopeParams = (codes: readonly string[]) => [codes, codes.map((c) => `${c}.%`)];

/** SQL of mass issues (detection, groups, members, announced referrals), in the caller's transaction. */
@Injectable()
export class MassIssuesRepository {
  async threshold(
    m: EntityManager,
    kabKota: string,
  ): Promise<{
    min_complaints: number;
    window_days: number;
    area: 'desa' | 'kecamatan';
    updated_by: string;
    updated_at: Date;
  } | null> {
    const rows = await m.query(
      `SELECT min_complaints, window_days, area, updated_by, updated_at FROM mass_issue_threshold WHERE kab_kota_code = $1`,
      [kabKota],
    );
    return rows[0] ?? null;
  }

  async saveThreshold(
    m: EntityManager,
    kabKota: string,
    t: { minComplaints: number; windowDays: number; area: string },
    by: string,
  ) {
    await m.query(
      `INSERT INTO mass_issue_threshold (kab_kota_code, min_complaints, window_days, area, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (kab_kota_code) DO UPDATE SET min_complaints = EXCLUDED.min_complaints, window_days = EXCLUDED.window_days, area = EXCLUDED.area, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [kabKota, t.minComplaints, t.windowDays, t.area, by],
    );
  }

  /**
   * Open cases in `scope` not in any group, opened in the last `windowDays` days, grouped by area
   * (desa, or kecamatan: the first 8 characters of the desa code), programme and category, where a
   * group has at least `min` cases. Only ids, codes and dates are read.
   */
  async suggestions(
    m: EntityManager,
    scope: readonly string[],
    t: { min: number; windowDays: number; area: 'desa' | 'kecamatan' },
    now: Date,
  ): Promise<SuggestionRow[]> {
    const area = t.area === 'desa' ? 'c.desa_code' : 'left(c.desa_code, 8)';
    return m.query(
      `SELECT ${area} AS area_code, p.code AS programme_code, c.category, array_agg(c.id ORDER BY c.opened_at, c.id) AS case_ids
         FROM referral_case c CROSS JOIN LATERAL unnest(c.programme_codes) AS p(code)
        WHERE ${GROUPABLE_STATES_SQL} AND c.opened_at >= $1::timestamptz - make_interval(days => $2)
          AND NOT EXISTS (SELECT 1 FROM mass_issue_member mm WHERE mm.case_id = c.id)
          AND ${scopeSql('c.desa_code', 4)}
        GROUP BY 1, 2, 3 HAVING count(*) >= $3
        ORDER BY count(*) DESC, 1, 2, 3`,
      [now, t.windowDays, t.min, ...scopeParams(scope)],
    );
  }

  /** Cases by id with their group (if any), local opening day and referrals. */
  async cases(m: EntityManager, ids: readonly string[], timeZone: string, lock = false): Promise<MemberRow[]> {
    return m.query(
      `SELECT c.id AS case_id, c.receipt_number, c.desa_code, c.state, c.version, c.opened_at, to_char(c.opened_at AT TIME ZONE $2, 'YYYY-MM-DD') AS opened_day,
              c.category, c.programme_codes, mm.mass_issue_id,
              COALESCE((SELECT array_agg(r.id ORDER BY r.sent_at, r.id) FROM referral r WHERE r.case_id = c.id), '{}') AS referral_ids
         FROM referral_case c LEFT JOIN mass_issue_member mm ON mm.case_id = c.id
        WHERE c.id = ANY($1) ORDER BY c.opened_at, c.id ${lock ? 'FOR UPDATE OF c' : ''}`,
      [ids, timeZone],
    );
  }

  async members(m: EntityManager, massIssueId: string, timeZone: string): Promise<MemberRow[]> {
    const ids: Array<{ case_id: string }> = await m.query(
      `SELECT case_id FROM mass_issue_member WHERE mass_issue_id = $1`,
      [massIssueId],
    );
    return this.cases(
      m,
      ids.map((r) => r.case_id),
      timeZone,
    );
  }

  /** Inserts a group unless its key exists; null when it does (another confirm or dismiss won). */
  async insertGroup(
    m: EntityManager,
    g: Omit<MassIssueRow, 'decided_at' | 'version'> & { decided_role: string },
  ): Promise<string | null> {
    const rows: Array<{ id: string }> = await m.query(
      `INSERT INTO mass_issue (id, key, status, area_code, area_level, programme_code, category, title, note, decided_by, decided_role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [
        g.id,
        g.key,
        g.status,
        g.area_code,
        g.area_level,
        g.programme_code,
        g.category,
        g.title,
        g.note,
        g.decided_by,
        g.decided_role,
      ],
    );
    return rows[0]?.id ?? null;
  }

  /** Adds members; returns the case ids actually added (a case already in a group is not). */
  async addMembers(m: EntityManager, massIssueId: string, caseIds: readonly string[], by: string): Promise<string[]> {
    const rows: Array<{ case_id: string }> = await m.query(
      `INSERT INTO mass_issue_member (case_id, mass_issue_id, added_by) SELECT unnest($1::uuid[]), $2, $3 ON CONFLICT (case_id) DO NOTHING RETURNING case_id`,
      [caseIds, massIssueId, by],
    );
    return rows.map((r) => r.case_id);
  }

  async removeMembers(m: EntityManager, massIssueId: string, caseIds: readonly string[]): Promise<number> {
    return returnedRows(
      await m.query(`DELETE FROM mass_issue_member WHERE mass_issue_id = $1 AND case_id = ANY($2) RETURNING case_id`, [
        massIssueId,
        caseIds,
      ]),
    ).length;
  }

  async group(m: EntityManager, id: string, lock = false): Promise<MassIssueRow | null> {
    const rows = await m.query(`SELECT * FROM mass_issue WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0] ?? null;
  }

  async groupByKey(m: EntityManager, key: string): Promise<MassIssueRow | null> {
    const rows = await m.query(`SELECT * FROM mass_issue WHERE key = $1`, [key]);
    return rows[0] ?? null;
  }

  async bump(m: EntityManager, id: string): Promise<void> {
    await m.query(`UPDATE mass_issue SET version = version + 1 WHERE id = $1`, [id]);
  }

  /** Groups whose area lies in `scope` (or, for a caller scoped to a desa, whose kecamatan holds it). */
  async groups(m: EntityManager, scope: readonly string[], status?: string): Promise<MassIssueRow[]> {
    return m.query(
      `SELECT * FROM mass_issue WHERE (${scopeSql('area_code', 1)} OR area_code = ANY($3)) ${status ? 'AND status = $4' : ''} ORDER BY decided_at DESC LIMIT 200`,
      [...scopeParams(scope), scope.map((s) => s.slice(0, 8)), ...(status ? [status] : [])],
    );
  }

  /** Owners whose member referrals were announced in a group message. */
  async announcedOwners(m: EntityManager, massIssueId: string): Promise<string[]> {
    const rows: Array<{ owner_code: string }> = await m.query(
      `SELECT DISTINCT owner_code FROM mass_issue_referral WHERE mass_issue_id = $1 ORDER BY owner_code`,
      [massIssueId],
    );
    return rows.map((r) => r.owner_code);
  }

  /** Referrals of the group's member cases, not withdrawn, not yet announced. */
  async unannounced(m: EntityManager, massIssueId: string): Promise<Array<{ id: string; owner_code: string }>> {
    return m.query(
      `SELECT r.id, r.owner_code FROM referral r JOIN mass_issue_member mm ON mm.case_id = r.case_id
        WHERE mm.mass_issue_id = $1 AND r.status <> 'withdrawn' AND NOT EXISTS (SELECT 1 FROM mass_issue_referral x WHERE x.referral_id = r.id)
        ORDER BY r.sent_at, r.id`,
      [massIssueId],
    );
  }

  async announce(
    m: EntityManager,
    massIssueId: string,
    referrals: ReadonlyArray<{ id: string; owner_code: string }>,
  ): Promise<void> {
    for (const r of referrals) {
      await m.query(
        `INSERT INTO mass_issue_referral (referral_id, mass_issue_id, owner_code) VALUES ($1, $2, $3) ON CONFLICT (referral_id) DO NOTHING`,
        [r.id, massIssueId, r.owner_code],
      );
    }
  }

  /** The member referrals of `owner` announced in group `massIssueId` whose case is still a member, oldest first. */
  async ownerGroupReferrals(
    m: EntityManager,
    massIssueId: string,
    owner: string,
  ): Promise<Array<{ id: string; status: string }>> {
    return m.query(
      `SELECT r.id, r.status FROM mass_issue_referral x JOIN referral r ON r.id = x.referral_id
         JOIN mass_issue_member mm ON mm.case_id = r.case_id AND mm.mass_issue_id = x.mass_issue_id
        WHERE x.mass_issue_id = $1 AND x.owner_code = $2 ORDER BY r.sent_at, r.id`,
      [massIssueId, owner],
    );
  }

  /** The groups an owner was told about, newest first. */
  async ownerGroups(
    m: EntityManager,
    owner: string,
  ): Promise<Array<MassIssueRow & { referral_ids: string[]; awaiting: number; sent_at: Date }>> {
    return m.query(
      `SELECT g.*, array_agg(r.id ORDER BY r.sent_at, r.id) AS referral_ids, count(*) FILTER (WHERE r.status = 'sent')::int AS awaiting, min(x.announced_at) AS sent_at
         FROM mass_issue_referral x JOIN mass_issue g ON g.id = x.mass_issue_id JOIN referral r ON r.id = x.referral_id
         JOIN mass_issue_member mm ON mm.case_id = r.case_id AND mm.mass_issue_id = x.mass_issue_id
        WHERE x.owner_code = $1 GROUP BY g.id ORDER BY min(x.announced_at) DESC LIMIT 200`,
      [owner],
    );
  }

  async memberCount(m: EntityManager, massIssueId: string): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM mass_issue_member WHERE mass_issue_id = $1`,
      [massIssueId],
    );
    return rows[0]?.n ?? 0;
  }
}
