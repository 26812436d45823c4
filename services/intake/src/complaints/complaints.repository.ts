/* eslint-disable max-lines -- every query on intake's complaint tables in one place (the repository pattern) */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { returnedRows as returned } from '@slrt/persistence';
import type { CheckedComplaint, CheckedPerson } from './complaint-validation.js';
import type { ComplaintRecord, PersonRecord, Triage } from './complaint.records.js';
import {
  COMPLAINT_COLUMNS,
  OPEN,
  PERSON_COLUMNS,
  SERVICE_MINUTES,
  complaintColumns,
  seedFlowValues,
} from './complaint-rows.js';

export interface NewComplaint {
  id: string;
  receiptNumber: string;
  trackingCode: string;
  kabKotaCode: string;
  officerId: string;
  officerRole: string;
  input: CheckedComplaint;
  triage: Triage;
  subjectNikHash: string | null;
  possibleDuplicateOf: string | null;
  clientId: string | null;
  contentHash: string;
  registryRetryMs: number;
}

export interface ComplaintFilter {
  scopePatterns: string[];
  status?: string;
  registryCheck?: string;
  from?: string;
  to?: string;
  regionPatterns?: string[];
  channel?: string;
  programmeCode?: string;
  officerId?: string;
  subjectNikHash?: string;
  contactType?: string;
  priority?: boolean;
  answered?: boolean;
}

/**
 * SQL of the intake service. Hot single-row paths are plain statements (no ORM round trips), all
 * in the caller's transaction; tables are resolved in the service's own schema (search_path).
 */
@Injectable()
export class ComplaintsRepository {
  /**
   * Next receipt sequence for the kab/kota and month, from a PostgreSQL sequence per kab/kota and
   * month (created on first use): one lock-free statement, never the same number twice, even across
   * concurrent registrations and crashes. A registration that fails after taking its number leaves
   * a gap, as a crash may (PostgreSQL logs sequences ahead); numbers are never reused.
   */
  async nextReceiptSequence(m: EntityManager, kabKotaCode: string, period: string): Promise<number> {
    return this.nextSequence(m, `receipt_seq_${kabKotaCode.replace('.', '_')}_${period}`);
  }

  /** `nextval` of a named sequence in the service's schema, creating it on first use. */
  async nextSequence(m: EntityManager, name: string): Promise<number> {
    try {
      const [row] = await m.query(`SELECT nextval($1::regclass) AS value`, [name]);
      return Number(row.value);
    } catch (err) {
      if ((err as { code?: string }).code !== '42P01') throw err; // undefined_table: first use
      await m
        .query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS integer MINVALUE 1 NO CYCLE`)
        .catch((e: { code?: string }) => {
          if (e.code !== '23505' && e.code !== '42P07') throw e; // created concurrently
        });
      const [row] = await m.query(`SELECT nextval($1::regclass) AS value`, [name]);
      return Number(row.value);
    }
  }

  /** Records the key with its complaint; false when the key exists already (the caller then rolls back). */
  async recordIdempotencyKey(
    m: EntityManager,
    actorId: string,
    key: string,
    requestHash: string,
    complaintId: string,
  ): Promise<boolean> {
    const rows = await m.query(
      `INSERT INTO idempotency_key (actor_id, key, request_hash, complaint_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [actorId, key, requestHash, complaintId],
    );
    return rows.length === 1;
  }

  async findIdempotencyKey(
    m: EntityManager,
    actorId: string,
    key: string,
  ): Promise<{ requestHash: string; complaintId: string | null } | null> {
    const [row] = await m.query(
      `SELECT request_hash AS "requestHash", complaint_id AS "complaintId" FROM idempotency_key WHERE actor_id = $1 AND key = $2`,
      [actorId, key],
    );
    return row ?? null;
  }

  /**
   * An open complaint about the same subject and at least one same programme: by NIK when known,
   * else by name, birth date and desa. Open means its public timeline has not ended (`current_step`,
   * kept with `complaint_status`): a resolved, rejected, withdrawn or closed complaint is no duplicate.
   */
  async findPossibleDuplicate(
    m: EntityManager,
    subject: CheckedPerson,
    subjectNikHash: string | null,
    programmeCodes: string[],
  ): Promise<string | null> {
    if (subjectNikHash) {
      const [row] = await m.query(
        `SELECT id FROM complaint WHERE subject_nik_hmac = $1 AND ${OPEN} AND programme_codes && $2::text[] ORDER BY registered_at LIMIT 1`,
        [subjectNikHash, programmeCodes],
      );
      return row?.id ?? null;
    }
    if (!subject.birthDate) return null;
    const [row] = await m.query(
      `SELECT c.id FROM complaint c JOIN complaint_person p ON p.complaint_id = c.id AND p.role = 'subject'
       WHERE lower(p.name) = lower($1) AND p.birth_date = $2::date AND p.desa_code = $3 AND c.${OPEN} AND c.programme_codes && $4::text[]
       ORDER BY c.registered_at LIMIT 1`,
      [subject.name, subject.birthDate, subject.address.desaCode, programmeCodes],
    );
    return row?.id ?? null;
  }

  async insertComplaint(m: EntityManager, c: NewComplaint): Promise<ComplaintRecord> {
    const i = c.input;
    const pending = c.triage.outcome === 'pending';
    const [row] = await m.query(
      `INSERT INTO complaint (id, receipt_number, tracking_code, kab_kota_code, channel, place, officer_id, officer_role, recorded_at,
         category, contact_type, programme_codes, sector, description, documents_received, relationship, anonymous, confidential,
         desa_code, subject_nik_hmac, status, registry_check, next_step, registry_desil, registry_programmes, registry_data_period,
         registry_checked_at, registry_check_due_at, possible_duplicate_of, client_id, content_hash, attributes,
         priority_groups, household, programmes_received, programmes_needed, arrived_at, service_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
         CASE WHEN $22 = 'pending' THEN NULL ELSE now() END,
         CASE WHEN $22 = 'pending' THEN now() + ($27 || ' milliseconds')::interval ELSE NULL END, $28, $29, $30, $31,
         $32, $33, $34, $35, $36, ${SERVICE_MINUTES('$9', '$36')})
       RETURNING ${COMPLAINT_COLUMNS}`,
      [
        c.id,
        c.receiptNumber,
        c.trackingCode,
        c.kabKotaCode,
        i.channel,
        i.place ?? null,
        c.officerId,
        c.officerRole,
        i.recordedAt,
        i.complaint.category,
        i.complaint.contactType,
        i.complaint.programmeCodes,
        i.complaint.sector,
        i.complaint.description,
        i.complaint.documentsReceived,
        i.relationship,
        i.anonymous,
        i.confidential,
        i.subject.address.desaCode,
        c.subjectNikHash,
        pending ? 'registered' : 'triaged',
        c.triage.outcome,
        c.triage.nextStep,
        c.triage.desil,
        c.triage.programmes,
        c.triage.dataPeriod,
        String(c.registryRetryMs),
        c.possibleDuplicateOf,
        c.clientId,
        c.contentHash,
        JSON.stringify(i.complaint.attributes ?? {}),
        ...seedFlowValues(i),
      ],
    );
    await this.insertPersons(m, c.id, i);
    return row;
  }

  async insertPersons(m: EntityManager, complaintId: string, i: CheckedComplaint): Promise<void> {
    const persons: Array<[PersonRecord['role'], CheckedPerson]> = [['subject', i.subject]];
    if (i.complainant) persons.push(['complainant', i.complainant]);
    const values: unknown[] = [];
    const rows = persons.map(([role, p], n) => {
      values.push(
        complaintId,
        role,
        p.nik ?? null,
        p.noKk ?? null,
        p.name,
        p.birthDate ?? null,
        p.birthPlace ?? null,
        p.sex ?? null,
        p.address.street ?? null,
        p.address.rt ?? null,
        p.address.rw ?? null,
        p.address.desaCode,
        p.phone ?? null,
        p.consent,
        p.vulnerableGroups ?? [],
      );
      return `(${Array.from({ length: 15 }, (_, k) => `$${n * 15 + k + 1}`).join(', ')})`;
    });
    await m.query(
      `INSERT INTO complaint_person (complaint_id, role, nik, no_kk, name, birth_date, birth_place, sex, street, rt, rw, desa_code, phone, consent, vulnerable_groups) VALUES ${rows.join(', ')}`,
      values,
    );
  }

  async findById(m: EntityManager, id: string, lock = false): Promise<ComplaintRecord | null> {
    const [row] = await m.query(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaint WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return row ?? null;
  }

  async findByClientId(m: EntityManager, clientId: string, lock = false): Promise<ComplaintRecord | null> {
    const [row] = await m.query(
      `SELECT ${COMPLAINT_COLUMNS} FROM complaint WHERE client_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [clientId],
    );
    return row ?? null;
  }

  async findByReceiptNumber(m: EntityManager, receiptNumber: string): Promise<ComplaintRecord | null> {
    const [row] = await m.query(`SELECT ${COMPLAINT_COLUMNS} FROM complaint WHERE receipt_number = $1`, [
      receiptNumber,
    ]);
    return row ?? null;
  }

  async persons(m: EntityManager, complaintId: string): Promise<PersonRecord[]> {
    return m.query(`SELECT ${PERSON_COLUMNS} FROM complaint_person WHERE complaint_id = $1 ORDER BY role DESC`, [
      complaintId,
    ]);
  }

  /** Other open complaints linked by the duplicate flag, either way. */
  async linked(m: EntityManager, id: string): Promise<string[]> {
    const rows = await m.query(
      `SELECT id FROM complaint WHERE possible_duplicate_of = $1 UNION SELECT possible_duplicate_of FROM complaint WHERE id = $1 AND possible_duplicate_of IS NOT NULL`,
      [id],
    );
    return rows.map((r: { id: string; possible_duplicate_of?: string }) => r.id ?? r.possible_duplicate_of);
  }

  async list(
    m: EntityManager,
    f: ComplaintFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: Array<ComplaintRecord & { subjectName: string; answeredAt: Date | null }>; total: number }> {
    const where: string[] = ['c.desa_code LIKE ANY($1::text[])'];
    const params: unknown[] = [f.scopePatterns];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.status) add('c.status = ?', f.status);
    if (f.registryCheck) add('c.registry_check = ?', f.registryCheck);
    if (f.from) add('c.registered_at >= ?::timestamptz', f.from);
    if (f.to) add('c.registered_at <= ?::timestamptz', f.to);
    if (f.regionPatterns) add('c.desa_code LIKE ANY(?::text[])', f.regionPatterns);
    if (f.channel) add('c.channel = ?', f.channel);
    if (f.programmeCode) add('? = ANY(c.programme_codes)', f.programmeCode);
    if (f.officerId) add('c.officer_id = ?', f.officerId);
    if (f.subjectNikHash) add('c.subject_nik_hmac = ?', f.subjectNikHash);
    if (f.contactType) add('c.contact_type = ?', f.contactType);
    if (f.priority !== undefined)
      where.push(f.priority ? `cardinality(c.priority_groups) > 0` : `cardinality(c.priority_groups) = 0`);
    if (f.answered !== undefined)
      where.push(`${f.answered ? '' : 'NOT '}EXISTS (SELECT 1 FROM contact_answer a WHERE a.complaint_id = c.id)`);
    const clause = where.join(' AND ');
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM complaint c WHERE ${clause}`, params);
    const rows = await m.query(
      `SELECT ${complaintColumns('c')}, p.name AS "subjectName", a.answered_at AS "answeredAt"
       FROM complaint c JOIN complaint_person p ON p.complaint_id = c.id AND p.role = 'subject' LEFT JOIN contact_answer a ON a.complaint_id = c.id
       WHERE ${clause} ORDER BY c.registered_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Replaces the recorded content of a complaint (correction or offline edit); bumps its version. */
  async updateContent(
    m: EntityManager,
    id: string,
    i: CheckedComplaint,
    contentHash: string,
    subjectNikHash: string | null,
    recheck: { noIdentity: boolean; recheck: boolean },
  ): Promise<ComplaintRecord> {
    const [row] = returned<ComplaintRecord>(
      await m.query(
        `UPDATE complaint SET channel = $2, place = $3, recorded_at = $4, category = $5, contact_type = $6, programme_codes = $7, sector = $8,
         description = $9, documents_received = $10, relationship = $11, anonymous = $12, confidential = $13, desa_code = $14,
         subject_nik_hmac = $15, content_hash = $16, version = version + 1, updated_at = now(),
         registry_check = CASE WHEN $17 THEN 'no-identity' WHEN $18 THEN 'pending' ELSE registry_check END,
         next_step = CASE WHEN $17 THEN 'civil-registration' WHEN $18 THEN NULL ELSE next_step END,
         status = CASE WHEN $17 THEN 'triaged' WHEN $18 THEN 'registered' ELSE status END,
         registry_check_due_at = CASE WHEN $18 AND NOT $17 THEN now() ELSE registry_check_due_at END,
         registry_check_attempts = CASE WHEN $18 THEN 0 ELSE registry_check_attempts END, attributes = $19,
         priority_groups = $20, household = $21, programmes_received = $22, programmes_needed = $23, arrived_at = $24,
         service_minutes = ${SERVICE_MINUTES('$4', '$24')}
       WHERE id = $1 RETURNING ${COMPLAINT_COLUMNS}`,
        [
          id,
          i.channel,
          i.place ?? null,
          i.recordedAt,
          i.complaint.category,
          i.complaint.contactType,
          i.complaint.programmeCodes,
          i.complaint.sector,
          i.complaint.description,
          i.complaint.documentsReceived,
          i.relationship,
          i.anonymous,
          i.confidential,
          i.subject.address.desaCode,
          subjectNikHash,
          contentHash,
          recheck.noIdentity,
          recheck.recheck,
          JSON.stringify(i.complaint.attributes ?? {}),
          ...seedFlowValues(i),
        ],
      ),
    );
    await m.query(`DELETE FROM complaint_person WHERE complaint_id = $1`, [id]);
    await this.insertPersons(m, id, i);
    return row!;
  }

  async insertCorrection(
    m: EntityManager,
    c: {
      id: string;
      complaintId: string;
      version: number;
      actorId: string;
      reason: string;
      source: string;
      before: unknown;
      after: unknown;
      changedFields: string[];
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO complaint_correction (id, complaint_id, version, actor_id, reason, source, before, after, changed_fields) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        c.id,
        c.complaintId,
        c.version,
        c.actorId,
        c.reason,
        c.source,
        JSON.stringify(c.before),
        JSON.stringify(c.after),
        c.changedFields,
      ],
    );
  }

  async withdraw(m: EntityManager, id: string, reason: string): Promise<ComplaintRecord> {
    const [row] = returned<ComplaintRecord>(
      await m.query(
        `UPDATE complaint SET status = 'withdrawn', withdrawn_at = now(), withdraw_reason = $2, updated_at = now(), version = version + 1 WHERE id = $1 RETURNING ${COMPLAINT_COLUMNS}`,
        [id, reason],
      ),
    );
    return row!;
  }

  /**
   * Claims up to `limit` pending registry checks that are due, pushing each one's next attempt
   * out with backoff so another instance (or a crash) never loses or doubles one.
   */
  async claimDueRegistryChecks(
    m: EntityManager,
    limit: number,
    baseMs: number,
  ): Promise<Array<{ id: string; nik: string | null }>> {
    return returned(
      await m.query(
        `WITH due AS (
         SELECT id FROM complaint WHERE registry_check = 'pending' AND status <> 'withdrawn' AND registry_check_due_at <= now()
         ORDER BY registry_check_due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE complaint c SET registry_check_attempts = c.registry_check_attempts + 1,
         registry_check_due_at = now() + make_interval(secs => LEAST(600, ($2::float8 / 1000) * power(2, LEAST(c.registry_check_attempts, 12))))
       FROM due WHERE c.id = due.id
       RETURNING c.id, (SELECT nik FROM complaint_person p WHERE p.complaint_id = c.id AND p.role = 'subject') AS nik`,
        [limit, baseMs],
      ),
    );
  }

  /** Records a completed registry check, only if the complaint is still waiting for one. */
  async completeRegistryCheck(m: EntityManager, id: string, t: Triage): Promise<ComplaintRecord | null> {
    const [row] = returned<ComplaintRecord>(
      await m.query(
        `UPDATE complaint SET registry_check = $2, next_step = $3, registry_desil = $4, registry_programmes = $5, registry_data_period = $6,
         registry_checked_at = now(), status = CASE WHEN status = 'withdrawn' THEN status ELSE 'triaged' END, updated_at = now()
       WHERE id = $1 AND registry_check = 'pending' RETURNING ${COMPLAINT_COLUMNS}`,
        [id, t.outcome, t.nextStep, t.desil, t.programmes, t.dataPeriod],
      ),
    );
    return row ?? null;
  }

  async audit(
    m: EntityManager,
    a: {
      actorId: string;
      roles: string[];
      action: string;
      complaintId: string | null;
      revealed: boolean;
      correlationId: string | null;
      onBehalfOf?: string | null;
      reason?: string | null;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO access_audit (actor_id, actor_roles, action, complaint_id, revealed, correlation_id, on_behalf_of, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        a.actorId,
        a.roles,
        a.action,
        a.complaintId,
        a.revealed,
        a.correlationId,
        a.onBehalfOf ?? null,
        a.reason ?? null,
      ],
    );
  }
}
