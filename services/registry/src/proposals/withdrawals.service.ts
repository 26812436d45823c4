import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  PROPOSAL_KINDS,
  systemActor,
  type Actor,
  type ProposalRefV1,
  type WithdrawProposalRequestV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireVersion } from './proposal-access.js';
import { actorRoles, movedBy, PROPOSAL_TABLES, ProposalLifecycle } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';

/** Withdrawing proposals not yet submitted: by an operator, or because the complaint behind them was withdrawn. */
@Injectable()
export class WithdrawalsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lifecycle: ProposalLifecycle,
  ) {}

  async withdraw(req: WithdrawProposalRequestV1, actor: Actor): Promise<ProposalRefV1> {
    requireRole(actor, PROPOSAL_ROLES.withdraw);
    return this.dataSource.transaction(async (m) => {
      const p = await this.lifecycle.head(m, req.kind, req.proposalId, true);
      if (!p || !scopeAllows(actor, p.desaCode))
        throw new DomainError('NOT_FOUND', 'Usulan tidak ditemukan di wilayah kerja Anda.', {
          reason: 'PROPOSAL_NOT_FOUND',
        });
      const t = this.lifecycle.check(p, 'withdraw', actor);
      requireVersion(p.version, req.expectedVersion, allowedProposalActions(p.kind, p.status, actorRoles(actor)));
      const version = await this.lifecycle.move(m, p, 'withdraw', 'withdrawn', movedBy(actor, t), {
        reason: req.reason.trim(),
        actor,
      });
      return { proposalId: p.id, kind: p.kind, status: 'withdrawn', version };
    });
  }

  /** The complaint was withdrawn: its proposals not yet submitted are withdrawn too (the others go on). */
  async withdrawForComplaint(
    m: EntityManager,
    complaintId: string,
    reason: string,
    eventActor: Actor | null,
  ): Promise<number> {
    const me = systemActor('registry');
    let count = 0;
    for (const kind of PROPOSAL_KINDS) {
      const ids: Array<{ id: string }> = await m.query(
        `SELECT id FROM ${PROPOSAL_TABLES[kind]} WHERE complaint_id = $1 ORDER BY id FOR UPDATE`,
        [complaintId],
      );
      for (const { id } of ids) {
        const p = (await this.lifecycle.head(m, kind, id))!;
        const t = proposalTransitionFor(kind, 'withdraw', p.status);
        if (!t) continue; // submitted or final: the ministry's answer will still come
        await this.lifecycle.move(m, p, 'withdraw', 'withdrawn', movedBy(me, t), {
          reason: `Pengaduan ditarik: ${reason}`.slice(0, 500),
          actor: eventActor,
        });
        count++;
      }
    }
    return count;
  }
}
