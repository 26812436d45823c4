/* eslint-disable max-lines -- every query on referral's case tables in one place (the repository pattern) */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { WithStatement } from '@slrt/messaging';
import type { CaseAction, CaseState } from '@slrt/contracts';

/** A case row. */
export interface CaseRecord {
  id: string;
  complaintId: string;
  receiptNumber: string;
  desaCode: string;
  category: 'kepesertaan' | 'non-kepesertaan';
  programmeCodes: string[];
  suggestedOwners: string[];
  state: CaseState;
  version: number;
  stepStartedAt: Date;
  dueAt: Date | null;
  atRiskAt: Date | null;
  escalationLevel: number;
  reopenedFrom: string | null;
  openedAt: Date;
  updatedAt: Date;
  /** Priority groups of the complaint's subject and household (`[]` when none): shorter deadlines. */
  priorityGroups: string[];
  /** The review chain the case follows (`SPV` optional, `MJ`, `BO`), from intake's settings per intake point. */
  reviewChain: Array<'SPV' | 'MJ' | 'BO'>;
  /** Where the complaint came in (intake channel); null for cases opened before it was carried. */
  intakePoint: string | null;
}

export interface ReferralRecord {
  id: string;
  caseId: string;
  ownerCode: string;
  status: string;
  summary: string;
  payload: Record<string, unknown>;
  sentAt: Date;
  dueAt: Date;
  atRiskAt: Date;
  escalationLevel: number;
  lastAnswer: string | null;
  /** When the referral closed (its answer ended it, it was withdrawn, or its case ended). */
  closedAt: Date | null;
  /** When the payload kept for the owner was reduced to ids, dates and programmes. */
  purgedAt: Date | null;
}

export interface OwnerRecord {
  code: string;
  name: string;
  level: string;
  nonGovernment: boolean;
  programmeCodes: string[];
  serviceArea: string[];
  requiredDocuments: string[];
  personalFields: string[];
  responseDays: number;
  contact: string | null;
  active: boolean;
}

/** A referral a send creates (the rest of its columns take their defaults). */
export type NewReferral = Omit<ReferralRecord, 'sentAt' | 'escalationLevel' | 'lastAnswer' | 'closedAt' | 'purgedAt'>;

/** A partnership agreement of a non-government owner, as `partnershipProblem` checks it. */
export interface PartnershipRow {
  agreement_number: string;
  programme_codes: string[];
  period_start: string;
  period_end: string;
}

/** An owner with its agreements when it is a non-government partner (read with the case it is sent). */
export type OwnerWithPartnerships = OwnerRecord & { partnerships?: PartnershipRow[] };

const CASE = `id, complaint_id AS "complaintId", receipt_number AS "receiptNumber", desa_code AS "desaCode", category,
  programme_codes AS "programmeCodes", suggested_owners AS "suggestedOwners", state, version, step_started_at AS "stepStartedAt",
  due_at AS "dueAt", at_risk_at AS "atRiskAt", escalation_level AS "escalationLevel", reopened_from AS "reopenedFrom",
  opened_at AS "openedAt", updated_at AS "updatedAt", priority_groups AS "priorityGroups", review_chain AS "reviewChain", intake_point AS "intakePoint"`;
const REFERRAL = `id, case_id AS "caseId", owner_code AS "ownerCode", status, summary, payload, sent_at AS "sentAt", due_at AS "dueAt",
  at_risk_at AS "atRiskAt", escalation_level AS "escalationLevel", last_answer AS "lastAnswer", closed_at AS "closedAt", purged_at AS "purgedAt"`;
const OWNER = `code, name, level, non_government AS "nonGovernment", programme_codes AS "programmeCodes", service_area AS "serviceArea",
  required_documents AS "requiredDocuments", personal_fields AS "personalFields", response_days AS "responseDays", contact, active`;

/** SQL of the referral service, always in the caller's transaction. */
@Injectable()
export class CasesRepository {
  async holidays(m: EntityManager): Promise<Set<string>> {
    const rows: Array<{ d: string }> = await m.query(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holiday`);
    return new Set(rows.map((r) => r.d));
  }

  /**
   * Owner codes the active routing rules give for a category, programmes and the complaint's
   * attributes: rules in priority order; a rule matches when each of its conditions names the
   * complaint's value of that attribute (`{ "schoolType": ["MI", "MTS", "MA"] }`); per programme
   * (and for the any-programme rules) the first matching rule decides.
   */
  async route(
    m: EntityManager,
    category: string,
    programmeCodes: string[],
    attributes: Record<string, string | undefined> = {},
    priorityGroups: readonly string[] = [],
  ): Promise<string[]> {
    const rules: Array<{ programmeCode: string | null; conditions: Record<string, string[]>; ownerCodes: string[] }> =
      await m.query(
        `SELECT programme_code AS "programmeCode", conditions, owner_codes AS "ownerCodes"
       FROM routing_rule WHERE active AND category = $1 AND (programme_code IS NULL OR programme_code = ANY($2::text[])) ORDER BY priority, id`,
        [category, programmeCodes],
      );
    const owners: string[] = [];
    const decided = new Set<string | null>();
    for (const r of rules) {
      // `priorityGroup` is the person's, and a person may belong to several: any of them matches.
      const meets = ([key, values]: [string, string[]]) =>
        key === 'priorityGroup'
          ? priorityGroups.some((g) => values.includes(g))
          : attributes[key] !== undefined && values.includes(attributes[key]!);
      if (!Object.entries(r.conditions ?? {}).every(meets)) continue;
      if (decided.has(r.programmeCode)) continue;
      decided.add(r.programmeCode);
      for (const o of r.ownerCodes) if (!owners.includes(o)) owners.push(o);
    }
    return owners;
  }

  async insertCase(
    m: EntityManager,
    c: Omit<CaseRecord, 'version' | 'stepStartedAt' | 'escalationLevel' | 'openedAt' | 'updatedAt' | 'reopenedFrom'>,
  ): Promise<CaseRecord | null> {
    const [row] = await m.query(
      `INSERT INTO referral_case (id, complaint_id, receipt_number, desa_code, category, programme_codes, suggested_owners, state, due_at, at_risk_at, priority_groups, review_chain, intake_point)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (complaint_id) DO NOTHING RETURNING ${CASE}`,
      [
        c.id,
        c.complaintId,
        c.receiptNumber,
        c.desaCode,
        c.category,
        c.programmeCodes,
        c.suggestedOwners,
        c.state,
        c.dueAt,
        c.atRiskAt,
        c.priorityGroups,
        c.reviewChain,
        c.intakePoint,
      ],
    );
    return row ?? null;
  }

  async findCase(m: EntityManager, id: string, lock = false): Promise<CaseRecord | null> {
    const [row] = await m.query(`SELECT ${CASE} FROM referral_case WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  /**
   * The case, locked (`FOR UPDATE`), with what an operator's action on it reads besides: the
   * holiday calendar and, for a send (`ownerCodes`: the chosen owners, or null for the case's
   * suggested ones), the active owners it goes to with their partnership agreements. One round
   * trip. None of these is guarded by the case lock (the directory and the calendar change under
   * no case's lock), so reading them in the locking statement is reading them a moment earlier;
   * the case's own rows (referrals, history) are read after the lock is held.
   */
  async lockCaseForAction(
    m: EntityManager,
    id: string,
    send: { ownerCodes: string[] | null } | null,
  ): Promise<{ c: CaseRecord; holidays: Set<string>; owners: OwnerWithPartnerships[] } | null> {
    const [row] = await m.query(
      `WITH c AS (SELECT ${CASE} FROM referral_case WHERE id = $1 FOR UPDATE)
       SELECT c.*, ARRAY(SELECT to_char(date, 'YYYY-MM-DD') FROM holiday) AS "slrtHolidays",
         CASE WHEN $2 THEN (
           SELECT COALESCE(json_agg(o ORDER BY o.level, o.code), '[]'::json) FROM (
             SELECT ${OWNER}, CASE WHEN non_government THEN (
               SELECT COALESCE(json_agg(json_build_object('agreement_number', p.agreement_number, 'programme_codes', p.programme_codes,
                 'period_start', to_char(p.period_start, 'YYYY-MM-DD'), 'period_end', to_char(p.period_end, 'YYYY-MM-DD'))
                 ORDER BY p.period_end DESC), '[]'::json)
               FROM partnership p WHERE p.owner_code = programme_owner.code AND p.active) END AS partnerships
             FROM programme_owner WHERE code = ANY(COALESCE($3::text[], c."suggestedOwners")) AND active) o)
         END AS "slrtOwners"
       FROM c`,
      [id, send !== null, send?.ownerCodes ?? null],
    );
    if (!row) return null;
    const { slrtHolidays, slrtOwners, ...c } = row as CaseRecord & {
      slrtHolidays: string[];
      slrtOwners: Array<OwnerRecord & { partnerships: PartnershipRow[] | null }> | null;
    };
    return {
      c,
      holidays: new Set(slrtHolidays),
      owners: (slrtOwners ?? []).map(({ partnerships, ...o }) => ({
        ...o,
        ...(partnerships ? { partnerships } : {}),
      })),
    };
  }

  async findCaseByComplaint(m: EntityManager, complaintId: string, lock = false): Promise<CaseRecord | null> {
    const [row] = await m.query(
      `SELECT ${CASE} FROM referral_case WHERE complaint_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [complaintId],
    );
    return row ?? null;
  }

  /**
   * A case's move (state, deadline, version), its history row and the referrals a send creates as one statement, for
   * `OutboxPublisher.write` to run with the transition's events (one round trip); returns the moved case.
   */
  moveStatement(
    move: { id: string; to: CaseState; dueAt: Date | null; atRiskAt: Date | null },
    h: {
      action: CaseAction;
      from: CaseState;
      actorId: string;
      actorRole: string;
      note: string | null;
      ownerCodes: string[];
    },
    referrals: readonly NewReferral[],
  ): WithStatement {
    return {
      ctes: `moved AS (UPDATE referral_case SET state = $2, due_at = $3, at_risk_at = $4, escalation_level = 0, step_started_at = now(),
           updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${CASE}),
         history AS (INSERT INTO case_history (case_id, action, from_state, to_state, actor_id, actor_role, note, owner_codes)
           SELECT id, $5::text, $6::text, $2::text, $7::text, $8::text, $9::text, $11::text[] FROM moved),
         new_referral AS (INSERT INTO referral (id, case_id, owner_code, status, summary, payload, due_at, at_risk_at)
           SELECT r.id, r.case_id, r.owner_code, r.status, r.summary, r.payload, r.due_at, r.at_risk_at
           FROM ROWS FROM (jsonb_to_recordset($10::jsonb) AS (id uuid, case_id uuid, owner_code text, status text, summary text,
             payload jsonb, due_at timestamptz, at_risk_at timestamptz)) WITH ORDINALITY
             AS r(id, case_id, owner_code, status, summary, payload, due_at, at_risk_at, ord)
           ORDER BY r.ord)`,
      select: `SELECT * FROM moved`,
      params: [
        move.id,
        move.to,
        move.dueAt,
        move.atRiskAt,
        h.action,
        h.from,
        h.actorId,
        h.actorRole,
        h.note,
        JSON.stringify(
          referrals.map((r) => ({
            id: r.id,
            case_id: r.caseId,
            owner_code: r.ownerCode,
            status: r.status,
            summary: r.summary,
            payload: r.payload,
            due_at: r.dueAt,
            at_risk_at: r.atRiskAt,
          })),
        ),
        h.ownerCodes,
      ],
    };
  }

  async addHistory(
    m: EntityManager,
    h: {
      caseId: string;
      action: CaseAction;
      from: CaseState;
      to: CaseState;
      actorId: string;
      actorRole: string;
      note: string | null;
      ownerCodes: string[];
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO case_history (case_id, action, from_state, to_state, actor_id, actor_role, note, owner_codes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [h.caseId, h.action, h.from, h.to, h.actorId, h.actorRole, h.note, h.ownerCodes],
    );
  }

  async history(m: EntityManager, caseId: string) {
    return m.query(
      `SELECT action, from_state AS "from", to_state AS "to", actor_id AS "actorId", actor_role AS "actorRole", note, owner_codes AS "ownerCodes", at
       FROM case_history WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );
  }

  /**
   * What a case's full view shows besides the case row, in one round trip: its referrals (with
   * the owner's name, also of an inactive owner), its history and the owners' answers refused for it.
   */
  async caseDetails(
    m: EntityManager,
    caseId: string,
  ): Promise<{
    referrals: Array<
      Pick<ReferralRecord, 'id' | 'ownerCode' | 'status' | 'lastAnswer'> & {
        sentAt: string;
        dueAt: string;
        atRiskAt: string;
        ownerName: string | null;
      }
    >;
    history: Array<Record<string, unknown> & { at: string }>;
    refused: Array<Record<string, unknown> & { received_at: string; decided_at: string }>;
  }> {
    const [row] = await m.query(
      `SELECT
         (SELECT COALESCE(json_agg(r ORDER BY r."sentAt", r."ownerCode"), '[]'::json) FROM (
            SELECT id, owner_code AS "ownerCode", status, last_answer AS "lastAnswer", sent_at AS "sentAt", due_at AS "dueAt",
              at_risk_at AS "atRiskAt", (SELECT o.name FROM programme_owner o WHERE o.code = referral.owner_code) AS "ownerName"
            FROM referral WHERE case_id = $1) r) AS referrals,
         (SELECT COALESCE(json_agg(json_build_object('action', action, 'from', from_state, 'to', to_state, 'actorId', actor_id,
            'actorRole', actor_role, 'note', note, 'ownerCodes', owner_codes, 'at', at) ORDER BY id), '[]'::json)
          FROM case_history WHERE case_id = $1) AS history,
         (SELECT COALESCE(json_agg(json_build_object('owner_code', owner_code, 'answer_id', answer_id, 'answer_subject', answer_subject,
            'referral_id', referral_id::text, 'code', code, 'reason_id', reason_id, 'reason_en', reason_en, 'field_errors', field_errors,
            'case_state', case_state, 'received_at', received_at, 'decided_at', decided_at) ORDER BY id), '[]'::json)
          FROM owner_answer_refusal WHERE case_id = $1) AS refused`,
      [caseId],
    );
    return row;
  }

  async listCases(
    m: EntityManager,
    f: { scopePatterns: string[]; states?: string[]; overdue?: boolean; programmeCode?: string; priority?: boolean },
    page: number,
    pageSize: number,
  ): Promise<{ rows: CaseRecord[]; total: number }> {
    const where = ['desa_code LIKE ANY($1::text[])'];
    const params: unknown[] = [f.scopePatterns];
    if (f.states) {
      params.push(f.states);
      where.push(`state = ANY($${params.length}::text[])`);
    }
    if (f.overdue) where.push('due_at < now()');
    if (f.priority !== undefined)
      where.push(f.priority ? 'cardinality(priority_groups) > 0' : 'cardinality(priority_groups) = 0');
    if (f.programmeCode) {
      params.push(f.programmeCode);
      where.push(`$${params.length} = ANY(programme_codes)`);
    }
    const clause = where.join(' AND ');
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM referral_case WHERE ${clause}`, params);
    const rows = await m.query(
      `SELECT ${CASE} FROM referral_case WHERE ${clause} ORDER BY due_at NULLS LAST, opened_at LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  async owners(m: EntityManager, codes?: string[], includeInactive = false): Promise<OwnerRecord[]> {
    return m.query(
      `SELECT ${OWNER} FROM programme_owner WHERE ($1::text[] IS NULL OR code = ANY($1::text[])) AND (active OR $2) ORDER BY level, code`,
      [codes ?? null, includeInactive],
    );
  }

  async saveOwner(m: EntityManager, o: OwnerRecord): Promise<OwnerRecord> {
    const [row] = await m.query(
      `INSERT INTO programme_owner (code, name, level, non_government, programme_codes, service_area, required_documents, personal_fields, response_days, contact, active)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, non_government = EXCLUDED.non_government,
         programme_codes = EXCLUDED.programme_codes, service_area = EXCLUDED.service_area, required_documents = EXCLUDED.required_documents,
         personal_fields = EXCLUDED.personal_fields, response_days = EXCLUDED.response_days, contact = EXCLUDED.contact, active = EXCLUDED.active, verify = false
       RETURNING ${OWNER}`,
      [
        o.code,
        o.name,
        o.level,
        o.nonGovernment,
        o.programmeCodes,
        o.serviceArea,
        o.requiredDocuments,
        o.personalFields,
        o.responseDays,
        o.contact,
        o.active,
      ],
    );
    return row;
  }

  async holidaysOfYear(m: EntityManager, year: number): Promise<Array<{ date: string; name: string }>> {
    return m.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, name FROM holiday WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      [year],
    );
  }

  async saveHoliday(m: EntityManager, date: string, name: string, holiday: boolean): Promise<void> {
    if (holiday)
      await m.query(
        `INSERT INTO holiday (date, name) VALUES ($1, $2) ON CONFLICT (date) DO UPDATE SET name = EXCLUDED.name`,
        [date, name],
      );
    else await m.query(`DELETE FROM holiday WHERE date = $1`, [date]);
  }

  async insertReferral(m: EntityManager, r: NewReferral): Promise<void> {
    await m.query(
      `INSERT INTO referral (id, case_id, owner_code, status, summary, payload, due_at, at_risk_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.id, r.caseId, r.ownerCode, r.status, r.summary, JSON.stringify(r.payload), r.dueAt, r.atRiskAt],
    );
  }

  async referralsOfCase(m: EntityManager, caseId: string): Promise<ReferralRecord[]> {
    return m.query(`SELECT ${REFERRAL} FROM referral WHERE case_id = $1 ORDER BY sent_at, owner_code`, [caseId]);
  }

  async findReferral(m: EntityManager, id: string, lock = false): Promise<ReferralRecord | null> {
    const [row] = await m.query(`SELECT ${REFERRAL} FROM referral WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return row ?? null;
  }

  async updateReferral(
    m: EntityManager,
    id: string,
    status: string,
    lastAnswer: string | null,
    dueAt?: Date,
    atRiskAt?: Date,
  ): Promise<void> {
    await m.query(
      `UPDATE referral SET status = $2, last_answer = COALESCE($3, last_answer), due_at = COALESCE($4, due_at), at_risk_at = COALESCE($5, at_risk_at),
         escalation_level = CASE WHEN $4::timestamptz IS NULL THEN escalation_level ELSE 0 END, updated_at = now(),
         closed_at = CASE WHEN $2 IN ('resolved', 'rejected', 'withdrawn') THEN COALESCE(closed_at, now()) ELSE closed_at END WHERE id = $1`,
      [id, status, lastAnswer, dueAt ?? null, atRiskAt ?? null],
    );
  }

  async ownerReferrals(
    m: EntityManager,
    ownerCode: string,
    status: string | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: ReferralRecord[]; total: number }> {
    const params: unknown[] = [ownerCode, status ?? null];
    const [{ total }] = await m.query(
      `SELECT count(*)::int AS total FROM referral WHERE owner_code = $1 AND ($2::text IS NULL OR status = $2)`,
      params,
    );
    const rows = await m.query(
      `SELECT ${REFERRAL} FROM referral WHERE owner_code = $1 AND ($2::text IS NULL OR status = $2) ORDER BY sent_at DESC LIMIT $3 OFFSET $4`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** The case ended: its referrals close (the owner's access to the person's data ends after the grace period). */
  async closeReferralsOfCase(m: EntityManager, caseId: string): Promise<void> {
    await m.query(`UPDATE referral SET closed_at = now() WHERE case_id = $1 AND closed_at IS NULL`, [caseId]);
  }

  /** Records an owner's answer once; false when this (owner, response id) was seen before. */
  async recordResponse(
    m: EntityManager,
    r: {
      ownerCode: string;
      responseId: string;
      referralId: string | null;
      answer: string;
      applied: boolean;
      refusal: string | null;
      payload: unknown;
    },
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO owner_response (owner_code, response_id, referral_id, answer, applied, refusal, payload) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
      [r.ownerCode, r.responseId, r.referralId, r.answer, r.applied, r.refusal, JSON.stringify(r.payload)],
    );
    return rows.length === 1;
  }

  async responseSeen(m: EntityManager, ownerCode: string, responseId: string): Promise<boolean> {
    return (
      (
        await m.query(`SELECT 1 FROM owner_response WHERE owner_code = $1 AND response_id = $2 AND applied`, [
          ownerCode,
          responseId,
        ])
      ).length > 0
    );
  }

  /** Cases whose step is at risk or breached and not yet escalated to that level (claimed, skip-locked). */
  async dueEscalations(m: EntityManager, limit: number): Promise<CaseRecord[]> {
    return m.query(
      `SELECT ${CASE} FROM referral_case
       WHERE due_at IS NOT NULL AND ((escalation_level < 1 AND at_risk_at <= now()) OR (escalation_level < 2 AND due_at <= now()))
       ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async setEscalation(m: EntityManager, id: string, level: number): Promise<void> {
    await m.query(`UPDATE referral_case SET escalation_level = $2 WHERE id = $1`, [id, level]);
  }
}
