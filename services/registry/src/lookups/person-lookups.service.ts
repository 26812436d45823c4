import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  ListLookupAuditRequestV1,
  ListLookupAuditResponseV1,
  LookupPersonRequestV1,
  LookupPersonResponseV1,
  PersonMatchV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { auditRole, hasRole, requireRole, scopePatterns } from '@slrt/auth';
import { REGISTRY_LOOKUP_ROLES } from './access.js';
import { householdViews, memberView, todayIso } from './household-view.js';
import { nameSimilarity, prepareName } from './name-match.js';
import { PersonLookupsRepository, type LookupAuditOf } from './person-lookups.repository.js';
import { registryHouseholdRefKey, registryIdentifierHash } from './registry-sql.js';

/** Candidates less alike than this are not shown. */
const MIN_NAME_SCORE = 0.3;

/** `lookup-person` (by NIK, No. KK or name) and the audit log of lookups. */
@Injectable()
export class PersonLookupsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: PersonLookupsRepository,
    private readonly env: RegistryEnv,
  ) {}

  async lookupPerson(req: LookupPersonRequestV1, actor: Actor): Promise<LookupPersonResponseV1> {
    requireRole(actor, REGISTRY_LOOKUP_ROLES.lookup);
    const reveal = req.reveal === true;
    if (reveal && !hasRole(actor, REGISTRY_LOOKUP_ROLES.reveal)) {
      throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melihat NIK dan nomor KK secara lengkap.', {
        reason: 'REVEAL_NOT_ALLOWED',
      });
    }
    if (req.by === 'nik') return this.byNik(req.nik!, req, actor, reveal);
    if (req.by === 'kk') return this.byKk(req.noKk!, req, actor, reveal);
    return this.byName(req, actor, reveal);
  }

  private async byNik(
    nik: string,
    req: LookupPersonRequestV1,
    actor: Actor,
    reveal: boolean,
  ): Promise<LookupPersonResponseV1> {
    const rows = await this.repo.byNik(
      nik,
      scopePatterns(actor),
      registryIdentifierHash(this.env, 'nik', nik),
      auditOf(req, actor, reveal),
    );
    const dataPeriod = rows[0]?.data_period ?? null;
    if (rows.length === 0 || rows[0]!.no_kk === null) return { dataPeriod, revealed: reveal, matches: [] };
    const today = todayIso();
    const household = householdViews(rows, reveal, today, registryHouseholdRefKey(this.env)).values().next().value!;
    const person = rows.find((r) => r.is_person)!;
    return {
      dataPeriod,
      revealed: reveal,
      matches: [{ score: 1, person: memberView(person, reveal, today), household }],
    };
  }

  private async byKk(
    noKk: string,
    req: LookupPersonRequestV1,
    actor: Actor,
    reveal: boolean,
  ): Promise<LookupPersonResponseV1> {
    const rows = await this.repo.byKk(
      noKk,
      scopePatterns(actor),
      registryIdentifierHash(this.env, 'kk', noKk),
      auditOf(req, actor, reveal),
    );
    const dataPeriod = rows[0]?.data_period ?? null;
    const households = [...householdViews(rows, reveal, todayIso(), registryHouseholdRefKey(this.env)).values()];
    return {
      dataPeriod,
      revealed: reveal,
      matches: households.map((household) => ({ score: 1, person: null, household })),
    };
  }

  private async byName(req: LookupPersonRequestV1, actor: Actor, reveal: boolean): Promise<LookupPersonResponseV1> {
    const [from, to] = req.birthDate
      ? [req.birthDate, req.birthDate]
      : [`${req.birthYear}-01-01`, `${req.birthYear}-12-31`];
    const region = req.regionCode!;
    const candidates = await this.repo.nameCandidates(from, to, region, scopePatterns(actor));
    const query = prepareName(req.name!);
    const limit = req.limit ?? 10;
    const ranked = candidates
      .map((c) => ({ c, score: nameSimilarity(query, c.name) }))
      .filter((x) => x.score >= MIN_NAME_SCORE)
      .sort(
        (a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name) || (a.c.nik ?? '').localeCompare(b.c.nik ?? ''),
      )
      .slice(0, limit);
    const kks = [...new Set(ranked.map((x) => x.c.no_kk!))];
    const rows = await this.repo.nameHouseholds(kks, region, ranked.length, auditOf(req, actor, reveal));
    const dataPeriod = rows[0]?.data_period ?? null;
    const today = todayIso();
    const households = householdViews(rows, reveal, today, registryHouseholdRefKey(this.env));
    const byNik = new Map(rows.filter((r) => r.nik !== null).map((r) => [r.nik!, r]));
    const matches: PersonMatchV1[] = [];
    for (const { c, score } of ranked) {
      const row = byNik.get(c.nik!);
      const household = households.get(c.no_kk!);
      // A snapshot switched between the two reads: the candidate is gone, leave it out.
      if (!row || !household) continue;
      matches.push({ score: Math.round(score * 100) / 100, person: memberView(row, reveal, today), household });
    }
    return { dataPeriod, revealed: reveal, matches };
  }

  /** The audit log of lookups, newest first (ADMIN, SEKRETARIAT). */
  async listAudit(req: ListLookupAuditRequestV1, actor: Actor): Promise<ListLookupAuditResponseV1> {
    requireRole(actor, REGISTRY_LOOKUP_ROLES.audit);
    const { rows, total } = await this.repo.auditPage(
      this.ds.manager,
      {
        nikHash: req.nik ? registryIdentifierHash(this.env, 'nik', req.nik) : undefined,
        actorId: req.actorId,
        from: req.from,
        to: req.to,
      },
      req.pageSize,
      (req.page - 1) * req.pageSize,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorRole: r.actor_role,
        lookupBy: r.lookup_by,
        purpose: r.purpose,
        reference: r.reference,
        regionCode: r.region_code,
        revealed: r.revealed,
        resultCount: r.result_count,
      })),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }
}

/** The audit of a lookup: who asks, why, and whether NIK and No. KK are shown in full. */
function auditOf(req: LookupPersonRequestV1, actor: Actor, revealed: boolean): LookupAuditOf {
  return {
    actorId: actor.id,
    actorRole: auditRole(actor),
    purpose: req.purpose.kind,
    reference: req.purpose.reference ?? null,
    revealed,
  };
}
