import { Injectable } from '@nestjs/common';
import { opaqueHouseholdId } from '@slrt/domain';
import type { Actor, LookupNikRequestV1, LookupNikResponseV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LookupPool } from './lookup-pool.js';
import { RegistryEnv } from '../config/registry.env.js';
import { registryHouseholdRefKey, registryIdentifierHash } from './registry-sql.js';

/** Intake's check, as a named (prepared) statement: one indexed read and the audit insert. */
const LOOKUP_NIK_SQL = `
  WITH m AS (SELECT household_id, desil, flags, data_period FROM member_current WHERE nik = $1 LIMIT 1),
       p AS (SELECT data_period FROM current_snapshot),
       a AS (INSERT INTO lookup_audit (actor_id, purpose, reference, nik_hmac, found, result_count, on_behalf_of) SELECT $2, $3, $4, $5, EXISTS (SELECT 1 FROM m), (SELECT count(*) FROM m), $6)
  SELECT m.household_id, m.desil, m.flags, coalesce(m.data_period, p.data_period) AS data_period
  FROM (SELECT 1) one LEFT JOIN m ON true LEFT JOIN p ON true`;

/** The one caller of `lookup-nik`: intake's triage, asking as itself. */
export const LOOKUP_NIK_CALLER = 'system:intake';

/**
 * Lookups in the current snapshot. Every lookup is audited (actor, purpose, reference, keyed hash of
 * the NIK, found, the operator it was asked for) in the same statement that reads it: one round
 * trip, one indexed read.
 */
@Injectable()
export class LookupsService {
  constructor(
    private readonly lookups: LookupPool,
    private readonly env: RegistryEnv,
  ) {}

  async lookupNik(req: LookupNikRequestV1, actor: Actor): Promise<LookupNikResponseV1> {
    // Operators look persons up with `lookup-person` (roles, scope, masking); this bare check is intake's.
    if (actor.kind !== 'system' || actor.id !== LOOKUP_NIK_CALLER)
      throw new DomainError('FORBIDDEN', 'Pemeriksaan NIK ini hanya untuk layanan pengaduan.', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    const nikHash = registryIdentifierHash(this.env, 'nik', req.nik);
    const { rows } = await this.lookups.pool.query<{
      household_id: string | null;
      desil: number | null;
      flags: string[] | null;
      data_period: string | null;
    }>({
      name: 'registry-lookup-nik',
      text: LOOKUP_NIK_SQL,
      values: [req.nik, actor.id, req.purpose.kind, req.purpose.reference ?? null, nikHash, req.onBehalfOf ?? null],
    });
    const row = rows[0];
    const found = row?.household_id != null;
    return {
      found,
      householdId: found ? opaqueHouseholdId(registryHouseholdRefKey(this.env), row!.household_id!) : null,
      desil: found ? row!.desil : null,
      programmeFlags: found ? (row!.flags ?? []) : [],
      dataPeriod: row?.data_period ?? null,
    };
  }
}
