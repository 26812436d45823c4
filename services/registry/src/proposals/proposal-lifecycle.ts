import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor, ProposalKind, ProposalStatus } from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { returnedRows } from '@slrt/persistence';
import {
  allowedProposalActions,
  proposalTransitionFor,
  targetStatus,
  type ProposalAction,
  type ProposalActor,
  type ProposalTransition,
} from './proposal-state-machine.js';
import type { ProposalTransitions, VerivaliResult } from './proposal-transitions.js';

/** The table holding each kind of proposal. WIRE-STABLE: the SIKS-NG export reads them. */
export const PROPOSAL_TABLES: Record<ProposalKind, string> = {
  prelist: 'prelist_entry',
  'data-change': 'data_change',
  ppks: 'ppks_record',
};

/** What the lifecycle needs to know of any proposal row. */
export interface ProposalHead {
  id: string;
  kind: ProposalKind;
  status: ProposalStatus;
  complaintId: string | null;
  desaCode: string;
  batchId: string | null;
  version: number;
}

/** Who moves a proposal, as recorded in the history. */
export interface MovedBy {
  id: string;
  role: string;
}

const KIND_LABEL: Record<ProposalKind, string> = {
  prelist: 'Usulan prelist',
  'data-change': 'Usulan perubahan data',
  ppks: 'Data PPKS',
};

/** Who acted, for the history: `SYSTEM` for services, else the actor's first role the transition allows. */
export function movedBy(actor: Actor, t: ProposalTransition): MovedBy {
  if (actor.kind === 'system') return { id: actor.id, role: 'SYSTEM' };
  const role = actor.roles.find((r) => (t.by as readonly ProposalActor[]).includes(r));
  return { id: actor.id, role: role ?? actor.roles[0] ?? 'SYSTEM' };
}

/** The roles an actor acts with in the state machine (`SYSTEM` for services). */
export function actorRoles(actor: Actor): ProposalActor[] {
  return actor.kind === 'system' ? ['SYSTEM'] : actor.roles;
}

/**
 * The one place where proposals change status: checks the move against the state machine,
 * updates the row (version + 1), writes the history and publishes
 * `slrt.evt.registry.proposal.status-changed.v1` through the outbox — all in the caller's
 * transaction. Also the `ProposalTransitions` port the SIKS-NG exchange calls.
 */
@Injectable()
export class ProposalLifecycle implements ProposalTransitions {
  constructor(@Inject(OutboxPublisher) private readonly outbox: OutboxPublisher) {}

  /** The proposal's head row, locked for the transaction when `lock`. */
  async head(m: EntityManager, kind: ProposalKind, id: string, lock = false): Promise<ProposalHead | null> {
    const [row] = await m.query(
      `SELECT id, $2::text AS kind, status, complaint_id AS "complaintId", desa_code AS "desaCode", batch_id AS "batchId", version
       FROM ${PROPOSAL_TABLES[kind]} WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id, kind],
    );
    return (row as ProposalHead | undefined) ?? null;
  }

  /**
   * The transition `action` from the proposal's status that the actor may take, or DomainError
   * CONFLICT (no such move from this status) / FORBIDDEN (not the actor's role), listing the
   * actions allowed instead.
   */
  check(p: Pick<ProposalHead, 'kind' | 'status'>, action: ProposalAction, actor: Actor): ProposalTransition {
    const roles = actorRoles(actor);
    const allowed = allowedProposalActions(p.kind, p.status, roles);
    const t = proposalTransitionFor(p.kind, action, p.status);
    if (!t) {
      throw new DomainError(
        'CONFLICT',
        `Tindakan "${action}" tidak berlaku untuk ${KIND_LABEL[p.kind].toLowerCase()} berstatus "${p.status}".`,
        { reason: 'ILLEGAL_TRANSITION', allowed },
      );
    }
    if (!t.by.some((b) => roles.includes(b))) {
      throw new DomainError(
        'FORBIDDEN',
        `Peran Anda tidak dapat melakukan "${action}" pada ${KIND_LABEL[p.kind].toLowerCase()} ini.`,
        { reason: 'ROLE_NOT_ALLOWED', allowed },
      );
    }
    return t;
  }

  /** Records the creation of a proposal (history + event with `fromStatus` null). */
  async created(
    m: EntityManager,
    p: Omit<ProposalHead, 'version' | 'batchId'>,
    by: MovedBy,
    actor: Actor | null,
  ): Promise<void> {
    await this.record(m, p, 'create', null, p.status, by, null, null, actor);
  }

  /**
   * Moves a locked proposal by `action` to `to` (already checked against the state machine):
   * bumps the version, sets `batch_id` when given, writes the history, publishes the event when
   * the status changes. `extraSet` adds column assignments of the same UPDATE (values from $5 on).
   */
  async move(
    m: EntityManager,
    p: ProposalHead,
    action: ProposalAction,
    to: ProposalStatus,
    by: MovedBy,
    opts: {
      reason?: string | null;
      batchId?: string | null;
      actor: Actor | null;
      extraSet?: string;
      extraParams?: unknown[];
    },
  ): Promise<number> {
    const batchId = opts.batchId ?? null;
    const [row] = returnedRows<{ version: number }>(
      await m.query(
        `UPDATE ${PROPOSAL_TABLES[p.kind]} SET status = $2, status_reason = COALESCE($3, status_reason), batch_id = COALESCE($4, batch_id),
         version = version + 1, updated_at = now()${opts.extraSet ? `, ${opts.extraSet}` : ''}
       WHERE id = $1 RETURNING version`,
        [p.id, to, opts.reason ?? null, batchId, ...(opts.extraParams ?? [])],
      ),
    );
    await this.record(m, p, action, p.status, to, by, opts.reason ?? null, batchId, opts.actor);
    return row!.version;
  }

  private async record(
    m: EntityManager,
    p: Pick<ProposalHead, 'id' | 'kind' | 'complaintId' | 'desaCode'>,
    action: ProposalAction,
    from: ProposalStatus | null,
    to: ProposalStatus,
    by: MovedBy,
    reason: string | null,
    batchId: string | null,
    actor: Actor | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO proposal_history (proposal_id, kind, action, from_status, to_status, actor_id, actor_role, reason, batch_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [p.id, p.kind, action, from, to, by.id, by.role, reason, batchId],
    );
    if (from === to) return; // data recorded without a status change: history only
    await this.outbox.publish(
      m,
      'slrt.evt.registry.proposal.status-changed.v1',
      {
        proposalId: p.id,
        kind: p.kind,
        complaintId: p.complaintId,
        desaCode: p.desaCode,
        fromStatus: from,
        toStatus: to,
        action,
        reason: reason?.slice(0, 500) ?? null,
        batchId,
        changedAt: new Date().toISOString(),
      },
      { actor },
    );
  }

  // ── the port of the SIKS-NG exchange ────────────────────────────────────────────────────────

  async markSubmitted(
    m: EntityManager,
    proposals: Array<{ kind: ProposalKind; proposalId: string }>,
    batchId: string,
    actor: Actor,
  ): Promise<void> {
    // A stable lock order, so two batches built at once cannot deadlock.
    const ordered = [...proposals].sort((a, b) => (a.kind + a.proposalId < b.kind + b.proposalId ? -1 : 1));
    for (const { kind, proposalId } of ordered) {
      const p = await this.head(m, kind, proposalId, true);
      if (!p)
        throw new DomainError('NOT_FOUND', `${KIND_LABEL[kind]} ${proposalId} tidak ditemukan.`, {
          reason: 'PROPOSAL_NOT_FOUND',
        });
      const t = proposalTransitionFor(kind, 'submit', p.status);
      if (!t) {
        throw new DomainError(
          'CONFLICT',
          `${KIND_LABEL[kind]} ${proposalId} berstatus "${p.status}" dan belum/tidak dapat dikirim ke SIKS-NG.`,
          {
            reason: 'NOT_EXPORTABLE',
            allowed: allowedProposalActions(kind, p.status, actorRoles(actor)),
          },
        );
      }
      await this.move(m, p, 'submit', 'submitted', movedBy(actor, t), { batchId, actor });
    }
  }

  async applyVerivaliResult(
    m: EntityManager,
    result: VerivaliResult,
    batchId: string,
    actor: Actor,
  ): Promise<{ outcome: 'applied' | 'unchanged' | 'refused'; reason?: string }> {
    const p = await this.head(m, result.kind, result.proposalId, true);
    if (!p) return { outcome: 'refused', reason: `${KIND_LABEL[result.kind]} ${result.proposalId} tidak ditemukan.` };
    if (p.status === result.status) return { outcome: 'unchanged' };
    const t = proposalTransitionFor(result.kind, 'apply-verivali', p.status);
    const to = t ? targetStatus(t, p.status, result.status) : null;
    if (!t || !to) {
      return {
        outcome: 'refused',
        reason: `${KIND_LABEL[result.kind]} berstatus "${p.status}" tidak dapat diubah menjadi "${result.status}".`,
      };
    }
    if (result.kind === 'prelist' && result.members.length) {
      const known: Array<{ id: string }> = await m.query(`SELECT id FROM prelist_member WHERE entry_id = $1`, [p.id]);
      const unknown = result.members.filter((x) => !known.some((k) => k.id === x.memberId));
      if (unknown.length)
        return {
          outcome: 'refused',
          reason: `Anggota ${unknown.map((u) => u.memberId).join(', ')} bukan anggota usulan ini.`,
        };
      for (const x of result.members) {
        await m.query(
          `UPDATE prelist_member SET verification_outcome = COALESCE($3, verification_outcome), dukcapil_status = COALESCE($4, dukcapil_status),
             dukcapil_checked_at = CASE WHEN $4::text IS NULL THEN dukcapil_checked_at ELSE now() END
           WHERE entry_id = $1 AND id = $2`,
          [p.id, x.memberId, x.outcome, x.dukcapil],
        );
      }
    }
    await this.move(m, p, 'apply-verivali', to, movedBy(actor, t), { reason: result.reason, batchId, actor });
    return { outcome: 'applied' };
  }
}
