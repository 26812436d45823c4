import { identifierHashKey } from '@slrt/config';
import { householdRefKey, identifierHash, type IdentifierKind } from '@slrt/domain';
import type { RegistryEnv } from '../config/registry.env.js';

/** A member row of the current snapshot as the lookups read it. */
export interface MemberRow {
  data_period: string | null;
  household_id: string | null;
  member_id: string | null;
  nik: string | null;
  no_kk: string | null;
  name: string;
  /** `YYYY-MM-DD` (read as text: a date must not go through a JS Date and a time zone). */
  birth_date: string | null;
  sex: 'M' | 'F' | null;
  relationship: string | null;
  address: string | null;
  desa_code: string;
  desil: number | null;
  flags: string[] | null;
  /** Whether the row is the person looked up (NIK lookups). */
  is_person?: boolean;
}

/** Member columns selected by every lookup, `m` being `member_current`. */
export const MEMBER_COLUMNS = `m.household_id, m.member_id, m.nik, m.no_kk, m.name, m.birth_date::text AS birth_date, m.sex, m.relationship, m.address, m.desa_code, m.desil, m.flags`;

/** Keyed hash of a NIK or No. KK as the lookup audit and statements store it (`@slrt/domain` `identifierHash`, the deployment's key). */
const refKeys = new WeakMap<RegistryEnv, string>();

/**
 * Key of the opaque household ids of this deployment (derived from the identifier hash key, so
 * SQL that computes the same ids — a streamed export — holds this, never the identifier key);
 * derived once per configuration.
 */
export function registryHouseholdRefKey(env: RegistryEnv): string {
  let key = refKeys.get(env);
  if (key === undefined) refKeys.set(env, (key = householdRefKey(identifierHashKey(env))));
  return key;
}

export function registryIdentifierHash(env: RegistryEnv, kind: IdentifierKind, value: string): string {
  return identifierHash(identifierHashKey(env), kind, value);
}

/**
 * A person by NIK within the actor's region scope, with every member of their KK, and the audit
 * row of the read, in one statement (a read cannot be answered without being recorded). Outside the
 * scope reads exactly like "not in the registry". Parameters: $1 NIK, $2 scope patterns, $3 actor
 * id, $4 actor role, $5 purpose, $6 reference, $7 NIK hash, $8 revealed. Every row carries the
 * snapshot's period and job; no member rows (one row of nulls) when the person is not found.
 */
export function personHouseholdSql(lookupBy: 'nik' | 'statement'): string {
  return `
  WITH p AS (SELECT nik, no_kk FROM member_current WHERE nik = $1 AND desa_code LIKE ANY($2::text[]) LIMIT 1),
       a AS (INSERT INTO lookup_audit (actor_id, actor_role, lookup_by, purpose, reference, nik_hmac, revealed, result_count, found)
             SELECT $3, $4, '${lookupBy}', $5, $6, $7, $8, count(*), count(*) > 0 FROM p)
  SELECT cs.data_period, cs.job_id, ${MEMBER_COLUMNS}, m.nik = p.nik AS is_person
  FROM current_snapshot cs LEFT JOIN (p JOIN member_current m ON m.no_kk = p.no_kk) ON true`;
}
