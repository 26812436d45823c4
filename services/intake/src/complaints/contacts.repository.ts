import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The direct answer to a question or suggestion, as stored. */
export interface ContactAnswerRecord {
  complaintId: string;
  answer: string;
  channel: string;
  answeredBy: string;
  answeredByRole: 'FO' | 'SPV';
  answeredAt: Date;
}

const ANSWER_COLUMNS = `complaint_id AS "complaintId", answer, channel, answered_by AS "answeredBy", answered_by_role AS "answeredByRole", answered_at AS "answeredAt"`;

/** Direct answers (questions and suggestions) and intake's counts. */
@Injectable()
export class ContactsRepository {
  async answerOf(m: EntityManager, complaintId: string): Promise<ContactAnswerRecord | null> {
    const [row] = await m.query(`SELECT ${ANSWER_COLUMNS} FROM contact_answer WHERE complaint_id = $1`, [complaintId]);
    return row ?? null;
  }

  /** Records the answer; null when the complaint was answered already (the caller answers 409). */
  async insertAnswer(
    m: EntityManager,
    a: Omit<ContactAnswerRecord, 'answeredAt'>,
  ): Promise<ContactAnswerRecord | null> {
    const [row] = await m.query(
      `INSERT INTO contact_answer (complaint_id, answer, channel, answered_by, answered_by_role) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (complaint_id) DO NOTHING RETURNING ${ANSWER_COLUMNS}`,
      [a.complaintId, a.answer, a.channel, a.answeredBy, a.answeredByRole],
    );
    return row ?? null;
  }

  /**
   * Counts of the complaints registered in the scope and period (withdrawn ones included: they were
   * contacts): per contact type with the direct answers, per priority group, per programme received
   * and needed (households, counting a contact once per programme), and the counter service standard.
   */
  async counts(
    m: EntityManager,
    f: { scopePatterns: string[]; regionPatterns?: string[]; from?: string; to?: string },
    standardMinutes: number,
  ) {
    const where = ['c.desa_code LIKE ANY($1::text[])'];
    const params: unknown[] = [f.scopePatterns];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.regionPatterns) add('c.desa_code LIKE ANY(?::text[])', f.regionPatterns);
    if (f.from) add('c.registered_at >= ?::timestamptz', f.from);
    if (f.to) add('c.registered_at <= ?::timestamptz', f.to);
    const scoped = `SELECT c.* FROM complaint c WHERE ${where.join(' AND ')}`;
    const contactTypes: Array<{ contactType: string; total: number; answered: number }> = await m.query(
      `WITH s AS (${scoped}) SELECT s.contact_type AS "contactType", count(*)::int AS total, count(a.complaint_id)::int AS answered
       FROM s LEFT JOIN contact_answer a ON a.complaint_id = s.id GROUP BY s.contact_type`,
      params,
    );
    const groups: Array<{ group: string; complaints: number }> = await m.query(
      `WITH s AS (${scoped}) SELECT g AS "group", count(*)::int AS complaints FROM s, unnest(s.priority_groups) g GROUP BY g`,
      params,
    );
    const programmes: Array<{ programmeCode: string; receiving: number; needing: number }> = await m.query(
      `WITH s AS (${scoped}), p AS (
         SELECT r AS code, 1 AS receiving, 0 AS needing FROM s, unnest(s.programmes_received) r
         UNION ALL SELECT n, 0, 1 FROM s, unnest(s.programmes_needed) n)
       SELECT code AS "programmeCode", sum(receiving)::int AS receiving, sum(needing)::int AS needing FROM p GROUP BY code ORDER BY code`,
      params,
    );
    params.push(standardMinutes);
    const [counter] = await m.query(
      `WITH s AS (${scoped}) SELECT count(service_minutes)::int AS measured, count(*) FILTER (WHERE service_minutes <= $${params.length})::int AS "withinStandard",
         (percentile_disc(0.5) WITHIN GROUP (ORDER BY service_minutes))::int AS "medianMinutes" FROM s`,
      params,
    );
    return {
      contactTypes,
      groups,
      programmes,
      counter: counter as { measured: number; withinStandard: number; medianMinutes: number | null },
    };
  }
}
