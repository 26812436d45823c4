import { Injectable } from '@nestjs/common';
import { opaqueHouseholdId } from '@slrt/domain';
import type { Actor, LookupNikRequestV1, LookupNikResponseV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LookupsRepository } from './lookups.repository.js';
import { RegistryEnv } from '../config/registry.env.js';
import { registryHouseholdRefKey, registryIdentifierHash } from './registry-sql.js';

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
    private readonly repo: LookupsRepository,
    private readonly env: RegistryEnv,
  ) {}

  async lookupNik(req: LookupNikRequestV1, actor: Actor): Promise<LookupNikResponseV1> {
    // Operators look persons up with `lookup-person` (roles, scope, masking); this bare check is intake's.
    if (actor.kind !== 'system' || actor.id !== LOOKUP_NIK_CALLER)
      throw new DomainError('FORBIDDEN', 'Pemeriksaan NIK ini hanya untuk layanan pengaduan.', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    const nikHash = registryIdentifierHash(this.env, 'nik', req.nik);
    const row = await this.repo.checkNik(req.nik, {
      actorId: actor.id,
      purpose: req.purpose.kind,
      reference: req.purpose.reference ?? null,
      nikHash,
      onBehalfOf: req.onBehalfOf ?? null,
    });
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
