import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, ListProposalsRequestBaseV1, ListProposalsResponseV1, ProposalKind } from '@slrt/contracts';
import { ProposalsRepository } from './proposals.repository.js';

/**
 * Create, get and list as every proposal kind (prelist entry, data change, PPKS record) does them,
 * written once; each kind brings its own checks, insert and view, and checks its reader's roles
 * before it calls in.
 */
@Injectable()
export class ProposalRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProposalsRepository,
  ) {}

  /**
   * Creates a proposal once per officer and idempotency key. A key seen before answers the first
   * proposal's view (`replayed`) before anything is checked; otherwise `check` runs (its result goes
   * to `insert`), then `insert` in a transaction, answering the new id, or null when the same key
   * raced in (the first proposal is then answered, `replayed`).
   */
  async createOnce<V extends { replayed?: boolean }, C>(
    kind: ProposalKind,
    actor: Actor,
    idempotencyKey: string,
    view: (m: EntityManager, id: string) => Promise<V>,
    check: () => Promise<C> | C,
    insert: (m: EntityManager, checked: C) => Promise<string | null>,
  ): Promise<V> {
    const m0 = this.dataSource.manager;
    const previous = await this.repo.idByKey(m0, kind, actor.id, idempotencyKey);
    if (previous) return { ...(await view(m0, previous)), replayed: true };
    const checked = await check();
    const id = await this.dataSource.transaction((m) => insert(m, checked));
    if (!id)
      return { ...(await view(m0, (await this.repo.idByKey(m0, kind, actor.id, idempotencyKey))!)), replayed: true };
    return view(m0, id);
  }

  /** A proposal as one reader sees it, the read audited (with whether it was revealed). */
  async getAudited<V extends { revealed: boolean }>(
    kind: ProposalKind,
    id: string,
    actor: Actor,
    view: (m: EntityManager) => Promise<V>,
  ): Promise<V> {
    const m = this.dataSource.manager;
    const seen = await view(m);
    await this.repo.auditRead(m, actor.id, kind, id, seen.revealed);
    return seen;
  }

  /** A page of proposals of one kind within the reader's scope, newest first. */
  list(
    kind: ProposalKind,
    req: ListProposalsRequestBaseV1 & { categoryCode?: string },
    actor: Actor,
  ): Promise<ListProposalsResponseV1> {
    return this.repo.listProposals(this.dataSource.manager, kind, req, actor);
  }
}
