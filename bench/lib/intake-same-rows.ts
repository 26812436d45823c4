/**
 * The same-rows baseline of `intake-register.ts`: intake's registration done with raw `pg` on a
 * schema migrated by intake's own `migrate.ts up`. `readRegistration` reads back one registration
 * intake made (triage values, status steps, the 4 outbox events); `BEGIN_SQL` is intake's read
 * before the registry's answer and `sameRowsStatement` its one statement writing the complaint,
 * its subject person, the steps, the Idempotency-Key and the events (same envelopes and sizes,
 * fresh ids) with the duplicate check and the `pg_notify`. Written from intake's SQL
 * (`complaints.repository.ts`, `beginRegistration` and `insertRegistration`): keep in step.
 */
import { createHash, randomInt } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { DEVELOPMENT_IDENTIFIER_HASH_KEY } from '@slrt/config';
import { identifierHash } from '@slrt/domain';
import { outboxChannel } from '@slrt/messaging';
import type { registrationRequest } from './intake-load.js';

type RegistrationRequest = ReturnType<typeof registrationRequest>;
type Ids = { event: string; complaint: string; receipt: string; tracking: string };

export interface SampleRegistration {
  /** Its complaint row's triage and numbering columns. */
  row: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a pg row
  steps: Array<{ step: string; source: string }>;
  /** Its events in order: subject, and envelope and headers as JSON with fresh ids. */
  events: Array<{ subject: string; envelope: (ids: Ids) => string; headers: (ids: Ids) => string }>;
  /** 1-based index of `registered` among `events`. */
  registeredEvent: number;
  envelopeBytes: number[];
  kabKotaCode: string;
  period: string;
  /** The receipt sequence of the kab/kota and month. */
  sequenceName: string;
}

/** Complaint `complaintId` as intake registered it, read from intake's schema. */
export async function readRegistration(
  db: { url: string; schema: string },
  complaintId: string,
): Promise<SampleRegistration> {
  const sc = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
  await sc.connect();
  const [row] = (
    await sc.query(
      `SELECT receipt_number, tracking_code, kab_kota_code, officer_role, status, registry_check, next_step, registry_desil,
         registry_programmes, registry_data_period, current_step FROM complaint WHERE id = $1`,
      [complaintId],
    )
  ).rows;
  const steps = (
    await sc.query(`SELECT step, source FROM complaint_status WHERE complaint_id = $1 ORDER BY sequence`, [complaintId])
  ).rows as Array<{ step: string; source: string }>;
  const sampleEvents = (
    await sc.query(
      `SELECT id, subject, envelope, headers FROM outbox WHERE envelope->'data'->>'complaintId' = $1 ORDER BY created_at, id`,
      [complaintId],
    )
  ).rows as Array<{ id: string; subject: string; envelope: object; headers: object }>;
  const settingsRows = Number((await sc.query(`SELECT count(*) AS n FROM field_check_setting`)).rows[0].n);
  await sc.end();
  if (!row || steps.length !== 2 || sampleEvents.length !== 4 || settingsRows !== 0)
    throw new Error(
      `intake's registration is not the shape this baseline copies (complaint ${row ? 'found' : 'missing'}, ${steps.length} steps, ${sampleEvents.length} events, ${settingsRows} settings rows)`,
    );
  const registeredEvent = sampleEvents.findIndex((e) => e.subject === 'slrt.evt.intake.complaint.registered.v1') + 1;
  /** An event of the sample again, as the JSON intake sends (`JSON.stringify`), with a fresh id and the new complaint's. */
  const eventTemplates = sampleEvents.map((e) => {
    const fresh = (text: string) => (ids: Ids) =>
      text
        .replaceAll(e.id, ids.event)
        .replaceAll(complaintId, ids.complaint)
        .replaceAll(row.receipt_number, ids.receipt)
        .replaceAll(row.tracking_code, ids.tracking);
    return {
      subject: e.subject,
      envelope: fresh(JSON.stringify(e.envelope)),
      headers: fresh(JSON.stringify(e.headers)),
    };
  });
  const envelopeBytes = sampleEvents.map((e) => JSON.stringify(e.envelope).length);
  const period = (row.receipt_number as string).split('-')[1]!;
  const kabKotaCode = row.kab_kota_code as string;
  const sequenceName = `receipt_seq_${kabKotaCode.replace('.', '_')}_${period}`;
  return { row, steps, events: eventTemplates, registeredEvent, envelopeBytes, kabKotaCode, period, sequenceName };
}

/** The read before the registry's answer: earlier request under the key, else the next sequence; the settings. */
export const BEGIN_SQL = `SELECT k.request_hash AS "requestHash", k.complaint_id AS "complaintId",
    CASE WHEN k.actor_id IS NULL THEN nextval($3::regclass) END AS sequence,
    (SELECT row_to_json(s) FROM (SELECT supervisor_check_required AS "required", review_chains AS chains, version,
       updated_at AS "updatedAt", updated_by AS "updatedBy" FROM field_check_setting WHERE kab_kota_code = $4) s) AS settings
  FROM (SELECT 1) one LEFT JOIN idempotency_key k ON k.actor_id = $1 AND k.key = $2`;
/** The complaint columns a registration reads back (as `RETURNING`), each as its camel-cased field. */
const RETURNED =
  `id receipt_number tracking_code kab_kota_code channel place officer_id officer_role recorded_at registered_at
  updated_at category contact_type programme_codes sector description documents_received relationship anonymous confidential
  desa_code status registry_check next_step registry_desil registry_programmes registry_data_period registry_checked_at
  possible_duplicate_of client_id content_hash version withdrawn_at attributes priority_groups household programmes_received
  programmes_needed arrived_at service_minutes`
    .split(/\s+/)
    .map((c) => `${c} AS "${c.replace(/_(\w)/g, (_, l: string) => l.toUpperCase())}"`)
    .join(', ');
const OPEN = `current_step NOT IN ('resolved', 'rejected', 'withdrawn', 'closed')`;
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
const trackingCode = () => {
  let s = '';
  for (let i = 0; i < 8; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
};

/**
 * Intake's registration statement (the same CTEs, columns, casts and parameter order as its
 * `insertRegistration` for a complaint with a NIK, triaged, not held, with an Idempotency-Key),
 * for request `r` of `actorId`, writing into the intake-migrated `schema` (its search_path), with
 * the sample's triage values, steps and events (fresh ids); `token` is the NOTIFY payload.
 */
export function sameRowsStatement(
  sample: SampleRegistration,
  r: RegistrationRequest,
  sequence: number,
  to: { schema: string; actorId: string; token: string },
) {
  const { row, steps, events: eventTemplates, registeredEvent, kabKotaCode, period } = sample;
  const params: unknown[] = [];
  const $ = (value: unknown, cast = '') => {
    params.push(value);
    return `$${params.length}${cast}`;
  };
  const complaintId = uuidv7();
  const receipt = `${kabKotaCode.replace('.', '')}-${period}-${String(sequence).padStart(6, '0')}`;
  const tracking = trackingCode();
  const requestHash = createHash('sha256').update(JSON.stringify(r)).digest('hex');
  const registeredAt = new Date();
  const id = $(complaintId, '::uuid');
  const at = $(registeredAt, '::timestamptz');
  const codes = $(r.complaint.programmeCodes, '::text[]');
  const nikHash = identifierHash(DEVELOPMENT_IDENTIFIER_HASH_KEY, 'nik', r.subject.nik);
  const duplicate = `SELECT id FROM complaint WHERE subject_nik_hmac = ${$(nikHash)} AND ${OPEN} AND programme_codes && ${codes} ORDER BY registered_at LIMIT 1`;
  const recordedAt = $(registeredAt.toISOString(), '::timestamptz');
  const arrived = $(null, '::timestamptz');
  const complaintValues = [
    id,
    $(receipt),
    $(tracking),
    $(kabKotaCode),
    $(r.channel),
    $(null), // place
    $(to.actorId),
    $(row.officer_role),
    recordedAt,
    at,
    $(r.complaint.category),
    $(r.complaint.contactType),
    codes,
    $(r.complaint.sector),
    $(r.complaint.description),
    $(r.complaint.documentsReceived, '::text[]'),
    $(r.relationship),
    $(r.anonymous),
    $(r.confidential),
    $(r.subject.address.desaCode),
    $(nikHash),
    $(row.status),
    $(row.registry_check),
    $(row.next_step),
    $(row.registry_desil),
    $(row.registry_programmes, '::text[]'),
    $(row.registry_data_period),
    at, // registry_checked_at
    'NULL', // registry_check_due_at
    `(SELECT id FROM duplicate)`,
    $(null), // client_id
    $(requestHash),
    $('{}', '::jsonb'),
    $([], '::text[]'),
    $('{}', '::jsonb'),
    $([], '::text[]'),
    $([], '::text[]'),
    arrived,
    `CASE WHEN ${arrived}::timestamptz IS NULL THEN NULL ELSE GREATEST(0, floor(extract(epoch FROM ${recordedAt}::timestamptz - ${arrived}::timestamptz) / 60))::int END`,
    $(row.current_step),
    at,
  ];
  const s = r.subject;
  const person = [
    complaintId,
    'subject',
    s.nik,
    s.noKk,
    s.name,
    s.birthDate,
    null,
    s.sex,
    null,
    null,
    null,
    s.address.desaCode,
    null,
    s.consent,
    [],
  ].map((v) => $(v));
  const ctes = [
    `duplicate AS (${duplicate})`,
    `c AS (INSERT INTO complaint (id, receipt_number, tracking_code, kab_kota_code, channel, place, officer_id, officer_role, recorded_at,
      registered_at, category, contact_type, programme_codes, sector, description, documents_received, relationship, anonymous,
      confidential, desa_code, subject_nik_hmac, status, registry_check, next_step, registry_desil, registry_programmes,
      registry_data_period, registry_checked_at, registry_check_due_at, possible_duplicate_of, client_id, content_hash, attributes,
      priority_groups, household, programmes_received, programmes_needed, arrived_at, service_minutes, current_step, current_step_at)
    VALUES (${complaintValues.join(', ')}) RETURNING ${RETURNED})`,
    `p AS (INSERT INTO complaint_person (complaint_id, role, nik, no_kk, name, birth_date, birth_place, sex, street, rt, rw, desa_code,
      phone, consent, vulnerable_groups) VALUES (${person.join(', ')}))`,
    `s AS (INSERT INTO complaint_status (complaint_id, sequence, step, occurred_at, source) VALUES ${steps
      .map((e, n) => `(${id}, ${n + 1}, ${$(e.step)}, ${at}, ${$(e.source)})`)
      .join(', ')})`,
    `k AS (INSERT INTO idempotency_key (actor_id, key, request_hash, complaint_id) VALUES (${$(to.actorId)}, ${$(r.idempotencyKey)}, ${$(requestHash)}, ${id}))`,
  ];
  const registered = $(registeredEvent, '::int');
  const ids = { complaint: complaintId, receipt, tracking };
  const events = eventTemplates.map((t, n) => {
    const event = uuidv7();
    return `(${$(event, '::uuid')}, ${$(t.subject)}, ${$(t.envelope({ ...ids, event }), '::jsonb')}, ${$(t.headers({ ...ids, event }), '::jsonb')}, ${n + 1})`;
  });
  ctes.push(
    `o AS (INSERT INTO "${to.schema}".outbox (id, subject, envelope, headers)
    SELECT e.id, e.subject, CASE WHEN e.n <> ${registered} THEN e.envelope ELSE (
        SELECT CASE WHEN c."serviceMinutes" IS NULL THEN b ELSE jsonb_set(b, '{data,serviceMinutes}', to_jsonb(c."serviceMinutes")) END
        FROM jsonb_set(e.envelope, '{data,possibleDuplicateOf}', COALESCE(to_jsonb(c."possibleDuplicateOf"), 'null'::jsonb)) b) END,
      e.headers
    FROM c, (VALUES ${events.join(', ')}) AS e(id, subject, envelope, headers, n)
    ORDER BY e.n)`,
  );
  const text = `WITH ${ctes.join(',\n')}
    SELECT c.* FROM c, (SELECT pg_notify(${$(outboxChannel(to.schema))}, ${$(to.token)})) notified`;
  return { name: 'raw_register', text, values: params };
}
