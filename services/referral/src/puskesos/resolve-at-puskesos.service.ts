import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  LocalResolutionViewV1,
  ResolveAtPuskesosRequestV1,
  ResolveAtPuskesosResponseV1,
} from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { requireRole } from '@slrt/auth';
import { allowedActions, transitionFor, type CaseActor } from '../cases/case-state-machine.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CaseTransitions } from '../cases/case-transitions.service.js';

const KIND_LABEL: Record<string, string> = {
  informasi: 'Informasi/penjelasan',
  pendampingan: 'Pendampingan',
  'layanan-desa': 'Layanan desa/kelurahan',
  'bantuan-langsung': 'Bantuan langsung',
  mediasi: 'Mediasi',
  lainnya: 'Lainnya',
};

type Row = {
  id: string;
  case_id: string;
  desa_code: string;
  kind: string;
  action_taken: string;
  resolved_by: string;
  resolved_by_role: string;
  resolved_at: Date;
};

const view = (r: Row): LocalResolutionViewV1 => ({
  resolutionId: r.id,
  caseId: r.case_id,
  desaCode: r.desa_code,
  kind: r.kind as LocalResolutionViewV1['kind'],
  actionTaken: r.action_taken,
  resolvedBy: r.resolved_by,
  resolvedByRole: r.resolved_by_role,
  resolvedAt: new Date(r.resolved_at).toISOString(),
});

/**
 * "Selesaikan di Puskesos" (seed 001: the Puskesos "melayani, menangani, dan menyelesaikan keluhan
 * … sesuai kapasitas Puskesos"): its SPV or BO settles the case without a referral, saying what was
 * done. In one transaction: the resolution row (`local_resolution`, unique `requestId`: a retry
 * counts once), the case's `resolve-locally` move with its history, and
 * `slrt.evt.referral.case.transitioned.v1` (action `resolve-locally`), which reporting counts as
 * resolved at the Puskesos (`rpt_case.resolved_locally_at`) and intake shows the citizen.
 */
@Injectable()
export class ResolveAtPuskesosService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly transitions: CaseTransitions,
  ) {}

  async resolve(req: ResolveAtPuskesosRequestV1, actor: Actor): Promise<ResolveAtPuskesosResponseV1> {
    requireRole(
      actor,
      ['SPV', 'BO'],
      'Hanya supervisor atau back office Puskesos yang dapat menyelesaikan kasus di Puskesos.',
    );
    return this.dataSource.transaction(async (m) => {
      const c = await this.repo.findCase(m, req.caseId, true);
      if (!c || !isWithinAnyRegion(c.desaCode, actor.regionScope))
        throw new DomainError('NOT_FOUND', 'Kasus tidak ditemukan di wilayah kerja Anda.', {
          reason: 'CASE_NOT_FOUND',
        });
      // The same request again (a double click, a retried call): the first answer, nothing counted twice.
      const [seen] = (await m.query(`SELECT * FROM local_resolution WHERE request_id = $1`, [req.requestId])) as Row[];
      if (seen) {
        if (seen.case_id !== c.id)
          throw new DomainError('CONFLICT', 'Kunci idempoten ini sudah dipakai untuk kasus lain.', {
            reason: 'REQUEST_ID_REUSED',
          });
        return { caseId: c.id, state: c.state, version: c.version, resolution: view(seen), repeated: true };
      }
      const t = transitionFor('resolve-locally', c.state);
      const allowed = allowedActions(c.state, actor.roles);
      if (!t)
        throw new DomainError('CONFLICT', `Kasus berstatus "${c.state}" tidak dapat diselesaikan di Puskesos.`, {
          reason: 'ILLEGAL_TRANSITION',
          allowed,
        });
      const role = actor.roles.find((r) => (t.by as readonly CaseActor[]).includes(r));
      if (!role)
        throw new DomainError('FORBIDDEN', 'Peran Anda tidak dapat menyelesaikan kasus ini di Puskesos.', {
          reason: 'ROLE_NOT_ALLOWED',
          allowed,
        });
      if (c.version !== req.expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `Kasus sudah ditindaklanjuti orang lain (versi ${c.version}). Muat ulang lalu coba lagi.`,
          { reason: 'VERSION_CONFLICT', allowed },
        );
      }
      const actionTaken = req.actionTaken.trim();
      if (actionTaken.length < 10)
        throw new DomainError('VALIDATION_FAILED', 'Tuliskan apa yang sudah dilakukan Puskesos.', {
          fieldErrors: [{ field: 'actionTaken', messages: ['Uraian penanganan paling sedikit 10 karakter.'] }],
        });
      const [row] = (await m.query(
        `INSERT INTO local_resolution (id, case_id, request_id, desa_code, kind, action_taken, resolved_by, resolved_by_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [uuidv7(), c.id, req.requestId, c.desaCode, req.kind, actionTaken, actor.id, role],
      )) as Row[];
      const moved = await this.transitions.transition(
        m,
        c,
        'resolve-locally',
        { id: actor.id, role },
        `Diselesaikan di Puskesos (${KIND_LABEL[req.kind] ?? req.kind}): ${actionTaken}`,
        [],
      );
      return { caseId: moved.id, state: moved.state, version: moved.version, resolution: view(row!), repeated: false };
    });
  }

  /** The resolutions of a case, oldest first (a reopened case may be settled again). */
  async ofCase(m: EntityManager, caseId: string): Promise<LocalResolutionViewV1[]> {
    return (
      (await m.query(`SELECT * FROM local_resolution WHERE case_id = $1 ORDER BY resolved_at, id`, [caseId])) as Row[]
    ).map(view);
  }
}
