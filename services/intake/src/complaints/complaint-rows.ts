import type { CheckedComplaint } from './complaint-validation.js';

/*
 * How intake's complaint and person rows map to records in SQL (select lists, derived values),
 * shared by the repository's statements.
 */

/** Complaint columns and the record field each maps to. */
const COMPLAINT_FIELDS: Array<[column: string, field: string]> = [
  ['id', 'id'],
  ['receipt_number', 'receiptNumber'],
  ['tracking_code', 'trackingCode'],
  ['kab_kota_code', 'kabKotaCode'],
  ['channel', 'channel'],
  ['place', 'place'],
  ['officer_id', 'officerId'],
  ['officer_role', 'officerRole'],
  ['recorded_at', 'recordedAt'],
  ['registered_at', 'registeredAt'],
  ['updated_at', 'updatedAt'],
  ['category', 'category'],
  ['contact_type', 'contactType'],
  ['programme_codes', 'programmeCodes'],
  ['sector', 'sector'],
  ['description', 'description'],
  ['documents_received', 'documentsReceived'],
  ['relationship', 'relationship'],
  ['anonymous', 'anonymous'],
  ['confidential', 'confidential'],
  ['desa_code', 'desaCode'],
  ['status', 'status'],
  ['registry_check', 'registryCheck'],
  ['next_step', 'nextStep'],
  ['registry_desil', 'registryDesil'],
  ['registry_programmes', 'registryProgrammes'],
  ['registry_data_period', 'registryDataPeriod'],
  ['registry_checked_at', 'registryCheckedAt'],
  ['possible_duplicate_of', 'possibleDuplicateOf'],
  ['client_id', 'clientId'],
  ['content_hash', 'contentHash'],
  ['version', 'version'],
  ['withdrawn_at', 'withdrawnAt'],
  ['attributes', 'attributes'],
  ['priority_groups', 'priorityGroups'],
  ['household', 'household'],
  ['programmes_received', 'programmesReceived'],
  ['programmes_needed', 'programmesNeeded'],
  ['arrived_at', 'arrivedAt'],
  ['service_minutes', 'serviceMinutes'],
];

/** SELECT list of a complaint row as a `ComplaintRecord`, optionally qualified by a table alias. */
export function complaintColumns(alias?: string): string {
  return COMPLAINT_FIELDS.map(([column, field]) => `${alias ? `${alias}.` : ''}${column} AS "${field}"`).join(', ');
}

export const COMPLAINT_COLUMNS = complaintColumns();

/** A complaint still open: its latest public step is not final (FINAL_STEPS of status-history.ts). */
export const OPEN = `current_step NOT IN ('resolved', 'rejected', 'withdrawn', 'closed')`;

export const PERSON_COLUMNS = `
  complaint_id AS "complaintId", role, nik, no_kk AS "noKk", name, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate",
  birth_place AS "birthPlace", sex, street, rt, rw, desa_code AS "desaCode", phone, consent, vulnerable_groups AS "vulnerableGroups"`;

/** Whole minutes from the arrival at the counter (`arrived`) to the recording (`recorded`), SQL over two parameters; NULL without an arrival. */
export const SERVICE_MINUTES = (recorded: string, arrived: string) =>
  `CASE WHEN ${arrived}::timestamptz IS NULL THEN NULL ELSE GREATEST(0, floor(extract(epoch FROM ${recorded}::timestamptz - ${arrived}::timestamptz) / 60))::int END`;

/**
 * The seeds' intake columns of a complaint, in order (priority_groups, household, programmes_received,
 * programmes_needed, arrived_at): the priority groups of subject and household members, the
 * household as recorded with the received and needed codes of household and members together.
 */
export function seedFlowValues(i: CheckedComplaint): unknown[] {
  const members = i.household?.members ?? [];
  const union = (...lists: Array<readonly string[] | undefined>) => [...new Set(lists.flatMap((l) => l ?? []))].sort();
  return [
    union(i.subject.vulnerableGroups, ...members.map((x) => x.vulnerableGroups)),
    JSON.stringify(i.household ?? {}),
    union(i.household?.programmesReceived, ...members.map((x) => x.programmesReceived)),
    union(i.household?.programmesNeeded, ...members.map((x) => x.programmesNeeded)),
    i.arrivedAt ?? null,
  ];
}
