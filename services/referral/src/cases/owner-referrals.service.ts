import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor, ListOwnerReadAuditRequestV1, ListOwnerReadAuditResponseV1 } from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { requireOwner, requireRole } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { CasesRepository } from './cases.repository.js';
import { ownerReferralView } from './owner-view.js';

/** What programme owners read of their referrals, and the audit of those reads. */
@Injectable()
export class OwnerReferrals {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly env: ReferralEnv,
  ) {}

  /**
   * An owner's referrals with the person's fields it receives (until its access ends, see
   * owner-view.ts); the read is audited in the same transaction (who, what, when, why).
   */
  async ownerReferrals(actor: Actor, status: string | undefined, page: number, pageSize: number) {
    const ownerCode = requireOwner(actor);
    const { rows, total } = await this.dataSource.transaction(async (m) => {
      const read = await this.repo.ownerReferrals(m, ownerCode, status, page, pageSize);
      await this.auditOwnerRead(
        m,
        actor,
        ownerCode,
        'list-owner-referrals',
        read.rows.map((r) => r.id),
      );
      return read;
    });
    const now = new Date();
    return {
      items: rows.map((r) => ownerReferralView(r, this.env.REFERRAL_OWNER_ACCESS_GRACE_DAYS, now)),
      total,
      page,
      pageSize,
    };
  }

  /** One referral of the calling owner, audited like the list; another owner's or an unknown referral is 404 (and audited as a read of nothing). */
  async ownerReferral(actor: Actor, referralId: string) {
    const ownerCode = requireOwner(actor);
    const found = await this.dataSource.transaction(async (m) => {
      const r = await this.repo.findReferral(m, referralId);
      const mine = r && r.ownerCode === ownerCode ? r : null;
      await this.auditOwnerRead(m, actor, ownerCode, 'get-owner-referral', mine ? [mine.id] : []);
      return mine;
    });
    if (!found)
      throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', {
        reason: 'REFERRAL_NOT_FOUND',
      });
    return ownerReferralView(found, this.env.REFERRAL_OWNER_ACCESS_GRACE_DAYS);
  }

  /** Records an owner's read in `owner_read_audit` (in the reading transaction): actor, owner, action, purpose, the referrals returned. */
  private async auditOwnerRead(
    m: EntityManager,
    actor: Actor,
    ownerCode: string,
    action: string,
    referralIds: string[],
  ): Promise<void> {
    await m.query(
      `INSERT INTO owner_read_audit (actor_id, actor_kind, owner_code, action, purpose, referral_ids, result_count, correlation_id) VALUES ($1, $2, $3, $4, 'referral-handling', $5::uuid[], $6, $7)`,
      [
        actor.id,
        actor.kind,
        ownerCode,
        action,
        referralIds,
        referralIds.length,
        RequestContext.current()?.correlationId ?? null,
      ],
    );
  }

  /** The audit of owners' reads, newest first (ADMIN, SEKRETARIAT: the kab/kota's staff who answer for the data). */
  async listOwnerReadAudit(req: ListOwnerReadAuditRequestV1, actor: Actor): Promise<ListOwnerReadAuditResponseV1> {
    requireRole(
      actor,
      ['ADMIN', 'SEKRETARIAT'],
      'Hanya admin dan sekretariat yang dapat melihat catatan akses pengelola program.',
    );
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.ownerCode) add('owner_code = ?', req.ownerCode);
    if (req.actorId) add('actor_id = ?', req.actorId);
    if (req.from) add('at >= ?', req.from);
    if (req.to) add('at < ?', req.to);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const m = this.dataSource.manager;
    const [counted] = (await m.query(
      `SELECT count(*)::int AS total FROM owner_read_audit ${clause}`,
      params,
    )) as Array<{ total: number }>;
    const total = counted?.total ?? 0;
    const rows: Array<{
      id: string;
      at: Date;
      actor_id: string;
      actor_kind: string;
      owner_code: string;
      action: string;
      purpose: string;
      referral_ids: string[];
      result_count: number;
      correlation_id: string | null;
    }> = await m.query(
      `SELECT id::text, at, actor_id, actor_kind, owner_code, action, purpose, referral_ids::text[] AS referral_ids, result_count, correlation_id FROM owner_read_audit ${clause} ORDER BY id DESC LIMIT ${Number(req.pageSize)} OFFSET ${(Number(req.page) - 1) * Number(req.pageSize)}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: new Date(r.at).toISOString(),
        actorId: r.actor_id,
        actorKind: r.actor_kind,
        ownerCode: r.owner_code,
        action: r.action,
        purpose: r.purpose,
        referralIds: r.referral_ids,
        resultCount: r.result_count,
        correlationId: r.correlation_id,
      })),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }
}
