/* eslint-disable max-lines -- every query on intake's complaint tables in one place (the repository pattern) */
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ComplaintStep } from '@slrt/contracts';
import type { PreparedEvent } from '@slrt/messaging';
import { returnedRows as returned } from '@slrt/persistence';
import type { CheckedComplaint, CheckedPerson } from './complaint-validation.js';
import type { ComplaintRecord, PersonRecord, Triage } from './complaint.records.js';
import { SETTINGS_COLUMNS, type SettingsRow } from '../field-checks/field-check-settings.js';
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
  clientId: string | null;
  contentHash: string;
  registryRetryMs: number;
  /** The moment of the registration: `registered_at`, and the check's and first steps' time. */
  registeredAt: Date;
}

/** A new complaint and what commits with it (`ComplaintsRepository.insertRegistration`). */
export interface NewRegistration {
  complaint: NewComplaint;
  /** The first steps of its public timeline, numbered from 1, at `registeredAt`; none while held. */
  steps: Array<{ step: ComplaintStep; source: string }>;
  /** Held for the SPV's check: the check and its first entry are written. */
  heldForFieldCheck: boolean;
  /** The officer's Idempotency-Key, recorded with the complaint. */
  idempotency: { actorId: string; key: string; requestHash: string } | null;
  /** Its events in order (`OutboxPublisher.prepare`), and where the outbox is. */
  events: PreparedEvent[];
  /** Index in `events` of `registered`, if written. */
  registeredEvent: number | null;
  outbox: { table: string; channel: string; token: string };
}

/** Whether `err` is the unique violation of an Idempotency-Key recorded meanwhile by a concurrent request. */
export function isIdempotencyKeyTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  return (
    (e.driverError?.code ?? e.code) === '23505' &&
    (e.driverError?.constraint ?? e.constraint) === 'idempotency_key_pkey'
  );
}

const statementNames = new Map<string, string>();

/**
 * Runs `text` as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call (the registration's big statement: ~1 ms of backend CPU unnamed,
 * ~0.4 ms named, measured 2026-12-02). The text must hold no values, only parameters: each
 * distinct text is a statement kept by every connection that ran it. In `m`'s transaction when it
 * has one, else on a connection of the pool.
 */
async function preparedQuery<T>(m: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  let name = statementNames.get(text);
  if (!name) {
    name = `intake_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    statementNames.set(text, name);
  }
  const query = { name, text, values };
  const client: Queryable = m.queryRunner
    ? await (m.queryRunner as unknown as { connect(): Promise<Queryable> }).connect()
    : (m.connection.driver as unknown as { master: Queryable }).master;
  return (await client.query(query)).rows as T[];
}

interface Queryable {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/** The receipt sequence of a kab/kota and month (`YYMM`). */
function receiptSequenceName(kabKotaCode: string, period: string): string {
  return `receipt_seq_${kabKotaCode.replace('.', '_')}_${period}`;
}

const PERSON_INSERT_COLUMNS =
  'complaint_id, role, nik, no_kk, name, birth_date, birth_place, sex, street, rt, rw, desa_code, phone, consent, vulnerable_groups';

/** The `complaint_person` rows of a complaint (subject, then complainant), values in `PERSON_INSERT_COLUMNS` order. */
function personRows(complaintId: string, i: CheckedComplaint): unknown[][] {
  const persons: Array<[PersonRecord['role'], CheckedPerson]> = [['subject', i.subject]];
  if (i.complainant) persons.push(['complainant', i.complainant]);
  return persons.map(([role, p]) => [
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
  ]);
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
    return this.nextSequence(m, receiptSequenceName(kabKotaCode, period));
  }

  /** `nextval` of a named sequence in the service's schema, creating it on first use. */
  async nextSequence(m: EntityManager, name: string): Promise<number> {
    const [row] = await this.withSequence(m, name, () => m.query(`SELECT nextval($1::regclass) AS value`, [name]));
    return Number(row.value);
  }

  /** Runs `statement` (which takes `nextval` of the sequence `name`), creating the sequence first when it does not exist yet. */
  private async withSequence<T>(m: EntityManager, name: string, statement: () => Promise<T>): Promise<T> {
    try {
      return await statement();
    } catch (err) {
      if ((err as { code?: string }).code !== '42P01') throw err; // undefined_table: first use
      await m
        .query(`CREATE SEQUENCE IF NOT EXISTS ${name} AS integer MINVALUE 1 NO CYCLE`)
        .catch((e: { code?: string }) => {
          if (e.code !== '23505' && e.code !== '42P07') throw e; // created concurrently
        });
      return statement();
    }
  }

  /**
   * What a registration reads before it asks the registry, in one round trip: the request recorded
   * earlier under the officer's Idempotency-Key if any, else the next receipt sequence (taken only
   * when there is no earlier request: a replay uses no number), and the kab/kota's settings of the
   * supervisor check and review chains (read without a lock, as inside the transaction before).
   */
  async beginRegistration(
    m: EntityManager,
    actorId: string,
    key: string,
    kabKotaCode: string,
    period: string,
  ): Promise<{
    earlier: { requestHash: string; complaintId: string | null } | null;
    sequence: number | null;
    settings: SettingsRow | undefined;
  }> {
    const name = receiptSequenceName(kabKotaCode, period);
    const [first] = await this.withSequence(m, name, () =>
      preparedQuery<{
        requestHash: string | null;
        complaintId: string | null;
        sequence: string | null;
        settings: (Omit<SettingsRow, 'updatedAt'> & { updatedAt: string | null }) | null;
      }>(
        m,
        `SELECT k.request_hash AS "requestHash", k.complaint_id AS "complaintId",
           CASE WHEN k.actor_id IS NULL THEN nextval($3::regclass) END AS sequence,
           (SELECT row_to_json(s) FROM (SELECT ${SETTINGS_COLUMNS} FROM field_check_setting WHERE kab_kota_code = $4) s) AS settings
         FROM (SELECT 1) one LEFT JOIN idempotency_key k ON k.actor_id = $1 AND k.key = $2`,
        [actorId, key, name, kabKotaCode],
      ),
    );
    const row = first!; // one row always (a LEFT JOIN from a one-row table)
    const settings = row.settings
      ? { ...row.settings, updatedAt: row.settings.updatedAt ? new Date(row.settings.updatedAt) : null }
      : undefined;
    return {
      earlier: row.requestHash ? { requestHash: row.requestHash, complaintId: row.complaintId } : null,
      sequence: row.sequence === null ? null : Number(row.sequence),
      settings,
    };
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
   * A new complaint with everything that commits with it, in ONE statement (one round trip; atomic
   * by itself outside a transaction, part of `m`'s inside one): the duplicate check (an open
   * complaint about the same subject, by NIK when known, else by name, birth date and desa, and at
   * least one same programme: `possible_duplicate_of`), the complaint and its persons, its first
   * steps of the public timeline, the supervisor check's hold, the Idempotency-Key (a key taken
   * meanwhile fails the whole statement with a unique violation on `idempotency_key_pkey`: see
   * `isIdempotencyKeyTaken`) and its outbox rows, in their order, with the `pg_notify` that wakes
   * relays. The `registered` event (`registeredEvent`) takes `possibleDuplicateOf` and
   * `serviceMinutes` from the row as inserted.
   */
  async insertRegistration(m: EntityManager, r: NewRegistration): Promise<ComplaintRecord> {
    const params: unknown[] = [];
    const $ = (value: unknown, cast = '') => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    const c = r.complaint;
    const i = c.input;
    const pending = c.triage.outcome === 'pending';
    const id = $(c.id, '::uuid');
    const at = $(c.registeredAt, '::timestamptz');
    const codes = $(i.complaint.programmeCodes, '::text[]');
    const duplicate = c.subjectNikHash
      ? `SELECT id FROM complaint WHERE subject_nik_hmac = ${$(c.subjectNikHash)} AND ${OPEN} AND programme_codes && ${codes} ORDER BY registered_at LIMIT 1`
      : i.subject.birthDate
        ? `SELECT c.id FROM complaint c JOIN complaint_person p ON p.complaint_id = c.id AND p.role = 'subject'
           WHERE lower(p.name) = lower(${$(i.subject.name)}) AND p.birth_date = ${$(i.subject.birthDate, '::date')}
             AND p.desa_code = ${$(i.subject.address.desaCode)} AND c.${OPEN} AND c.programme_codes && ${codes}
           ORDER BY c.registered_at LIMIT 1`
        : `SELECT NULL::uuid AS id WHERE false`;
    const recordedAt = $(i.recordedAt, '::timestamptz');
    const [priorityGroups, household, received, needed, arrivedAt] = seedFlowValues(i);
    const arrived = $(arrivedAt, '::timestamptz');
    const complaintValues = [
      id,
      $(c.receiptNumber),
      $(c.trackingCode),
      $(c.kabKotaCode),
      $(i.channel),
      $(i.place ?? null),
      $(c.officerId),
      $(c.officerRole),
      recordedAt,
      at,
      $(i.complaint.category),
      $(i.complaint.contactType),
      codes,
      $(i.complaint.sector),
      $(i.complaint.description),
      $(i.complaint.documentsReceived, '::text[]'),
      $(i.relationship),
      $(i.anonymous),
      $(i.confidential),
      $(i.subject.address.desaCode),
      $(c.subjectNikHash),
      $(pending ? 'registered' : 'triaged'),
      $(c.triage.outcome),
      $(c.triage.nextStep),
      $(c.triage.desil),
      $(c.triage.programmes, '::text[]'),
      $(c.triage.dataPeriod),
      pending ? 'NULL' : at,
      pending ? `now() + ${$(String(c.registryRetryMs))}::int * interval '1 millisecond'` : 'NULL',
      `(SELECT id FROM duplicate)`,
      $(c.clientId),
      $(c.contentHash),
      $(JSON.stringify(i.complaint.attributes ?? {}), '::jsonb'),
      $(priorityGroups, '::text[]'),
      $(household, '::jsonb'),
      $(received, '::text[]'),
      $(needed, '::text[]'),
      arrived,
      SERVICE_MINUTES(recordedAt, arrived),
      $(r.steps.at(-1)?.step ?? 'received'),
      r.steps.length ? at : 'NULL',
    ];
    const persons = personRows(c.id, i).map((row) => `(${row.map((v) => $(v)).join(', ')})`);
    const ctes = [
      `duplicate AS (${duplicate})`,
      `c AS (INSERT INTO complaint (id, receipt_number, tracking_code, kab_kota_code, channel, place, officer_id, officer_role, recorded_at,
         registered_at, category, contact_type, programme_codes, sector, description, documents_received, relationship, anonymous,
         confidential, desa_code, subject_nik_hmac, status, registry_check, next_step, registry_desil, registry_programmes,
         registry_data_period, registry_checked_at, registry_check_due_at, possible_duplicate_of, client_id, content_hash, attributes,
         priority_groups, household, programmes_received, programmes_needed, arrived_at, service_minutes, current_step, current_step_at)
       VALUES (${complaintValues.join(', ')}) RETURNING ${COMPLAINT_COLUMNS})`,
      `p AS (INSERT INTO complaint_person (${PERSON_INSERT_COLUMNS}) VALUES ${persons.join(', ')})`,
    ];
    if (r.steps.length)
      ctes.push(
        `s AS (INSERT INTO complaint_status (complaint_id, sequence, step, occurred_at, source) VALUES ${r.steps
          .map((e, n) => `(${id}, ${n + 1}, ${$(e.step)}, ${at}, ${$(e.source)})`)
          .join(', ')})`,
      );
    if (r.heldForFieldCheck) {
      const officer = $(c.officerId);
      ctes.push(
        `f AS (INSERT INTO field_check (complaint_id, desa_code, officer_id, state, submitted_at) VALUES (${id}, ${$(i.subject.address.desaCode)}, ${officer}, 'awaiting', ${at}))`,
        `fe AS (INSERT INTO field_check_entry (complaint_id, kind, actor_id, actor_role, version, at) VALUES (${id}, 'submitted', ${officer}, 'FS', 1, ${at}))`,
      );
    }
    if (r.idempotency)
      ctes.push(
        `k AS (INSERT INTO idempotency_key (actor_id, key, request_hash, complaint_id) VALUES (${$(r.idempotency.actorId)}, ${$(r.idempotency.key)}, ${$(r.idempotency.requestHash)}, ${id}))`,
      );
    const registered = $(r.registeredEvent === null ? 0 : r.registeredEvent + 1, '::int');
    ctes.push(
      `o AS (INSERT INTO ${r.outbox.table} (id, subject, envelope, headers)
       SELECT e.id, e.subject, CASE WHEN e.n <> ${registered} THEN e.envelope ELSE (
           SELECT CASE WHEN c."serviceMinutes" IS NULL THEN b ELSE jsonb_set(b, '{data,serviceMinutes}', to_jsonb(c."serviceMinutes")) END
           FROM jsonb_set(e.envelope, '{data,possibleDuplicateOf}', COALESCE(to_jsonb(c."possibleDuplicateOf"), 'null'::jsonb)) b) END,
         e.headers
       FROM c, (VALUES ${r.events
         .map(
           (e, n) =>
             `(${$(e.envelope.id, '::uuid')}, ${$(e.envelope.subject)}, ${$(JSON.stringify(e.envelope), '::jsonb')}, ${$(JSON.stringify(e.headers), '::jsonb')}, ${n + 1})`,
         )
         .join(', ')}) AS e(id, subject, envelope, headers, n)
       ORDER BY e.n)`,
    );
    const [row] = await preparedQuery<ComplaintRecord>(
      m,
      `WITH ${ctes.join(',\n')}
       SELECT c.* FROM c, (SELECT pg_notify(${$(r.outbox.channel)}, ${$(r.outbox.token)})) notified`,
      params,
    );
    return row!;
  }

  async insertPersons(m: EntityManager, complaintId: string, i: CheckedComplaint): Promise<void> {
    const rows = personRows(complaintId, i);
    const width = rows[0]!.length;
    await m.query(
      `INSERT INTO complaint_person (${PERSON_INSERT_COLUMNS}) VALUES ${rows
        .map((_, n) => `(${Array.from({ length: width }, (_, k) => `$${n * width + k + 1}`).join(', ')})`)
        .join(', ')}`,
      rows.flat(),
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
