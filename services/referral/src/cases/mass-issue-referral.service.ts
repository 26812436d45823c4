import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, ReferMassIssueRequestV1, ReferMassIssueResponseV1 } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireRole } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { CaseActions } from './case-actions.service.js';
import { MassIssuesRepository } from './mass-issues.repository.js';
import { MassIssuesService, NOT_FOUND } from './mass-issues.service.js';

/** The back office refers a confirmed mass issue: its member cases sent, each owner told once of the group. */
@Injectable()
export class MassIssueReferral {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MassIssuesRepository,
    private readonly actions: CaseActions,
    private readonly outbox: OutboxPublisher,
    private readonly env: ReferralEnv,
    private readonly massIssues: MassIssuesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * The grouped referral (BO). Member cases waiting for the back office are sent one by one as
   * usual (each its own transaction: its owners get `referral.sent.v1`); then, in one transaction
   * holding the group's lock, every member referral not yet announced is announced to its owner
   * in one `referral.group-sent.v1` listing all of that owner's member referrals. Calling it again
   * resumes where it stopped; a referral is announced once.
   */
  async refer(req: ReferMassIssueRequestV1, actor: Actor): Promise<ReferMassIssueResponseV1> {
    requireRole(actor, ['BO'], 'Hanya back office yang dapat merujuk masalah massal.');
    const m0 = this.dataSource.manager;
    const g = await this.repo.group(m0, req.massIssueId);
    if (!g || !isWithinAnyRegion(g.area_code, actor.regionScope)) throw NOT_FOUND();
    if (g.status !== 'confirmed')
      throw new DomainError('CONFLICT', 'Masalah massal yang diabaikan tidak dirujuk.', {
        reason: 'MASS_ISSUE_DISMISSED',
      });
    const sent: string[] = [];
    const skipped: Array<{ caseId: string; state: string }> = [];
    for (const c of await this.repo.members(m0, g.id, this.env.SLRT_TIME_ZONE)) {
      if (c.state !== 'approved') {
        if (!c.referral_ids.length) skipped.push({ caseId: c.case_id, state: c.state });
        continue;
      }
      try {
        await this.actions.act(
          {
            caseId: c.case_id,
            action: 'send',
            expectedVersion: c.version,
            ...(req.note?.trim() ? { note: req.note.trim() } : {}),
          },
          actor,
        );
        sent.push(c.case_id);
      } catch (err) {
        if (!(err instanceof DomainError) || !['CONFLICT', 'VALIDATION_FAILED'].includes(err.rpcError.code)) throw err;
        skipped.push({ caseId: c.case_id, state: c.state });
      }
    }
    const announcedTo = await this.dataSource.transaction(async (m) => {
      const locked = await this.repo.group(m, g.id, true);
      const fresh = await this.repo.unannounced(m, g.id);
      const owners = [...new Set(fresh.map((r) => r.owner_code))].sort();
      await this.repo.announce(m, g.id, fresh);
      const members = await this.repo.members(m, g.id, this.env.SLRT_TIME_ZONE);
      const days = members.map((c) => c.opened_day).sort();
      for (const owner of owners) {
        const referralIds = (await this.repo.ownerGroupReferrals(m, g.id, owner)).map((r) => r.id).slice(-500);
        await this.outbox.publishToOwner(
          m,
          'slrt.owner.*.referral.group-sent.v1',
          owner,
          {
            groupId: g.id,
            kabKotaCode: this.env.KAB_KOTA_CODE,
            ownerCode: owner,
            areaCode: g.area_code,
            programmeCode: g.programme_code,
            category: g.category,
            periodFrom: days[0]!,
            periodTo: days[days.length - 1]!,
            title: locked!.title.slice(0, 500),
            memberCount: members.length,
            referralIds,
            sentAt: new Date().toISOString(),
          },
          { actor: null },
        );
      }
      if (owners.length) await this.repo.bump(m, g.id);
      return owners;
    });
    this.logger.info(
      { massIssueId: g.id, sent: sent.length, skipped: skipped.length, announcedTo },
      'mass issue referred',
    );
    return { massIssue: await this.massIssues.get(g.id, actor), sent, skipped, announcedTo };
  }
}
