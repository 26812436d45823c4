import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseAction, CaseState } from '@slrt/contracts';
import { OutboxPublisher, type PreparedEvent } from '@slrt/messaging';
import { addWorkingDays } from '../calendar/working-days.js';
import { ReferralEnv } from '../config/referral.env.js';
import { isEnded, targetOf, transitionFor } from './case-state-machine.js';
import { CasesRepository, type CaseRecord, type NewReferral, type OwnerRecord } from './cases.repository.js';

/**
 * The one place a case moves (operators' actions, owners' answers, intake's and the registry's
 * events, the Puskesos flows): every transition is checked against the table in
 * case-state-machine.ts, gets its working-day deadline, a history row and its event, in the
 * caller's transaction.
 */
@Injectable()
export class CaseTransitions {
  constructor(
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly env: ReferralEnv,
  ) {}

  /**
   * Moves a case: new deadline, history row, event. The case row, its history row, the referrals
   * a send creates and the transition's events are written in one statement, last.
   */
  async transition(
    m: EntityManager,
    c: CaseRecord,
    action: CaseAction,
    by: { id: string; role: string },
    note: string | null,
    ownerCodes: string[],
    reasonCode: string | null = null,
    forwardedFrom?: string,
    /**
     * What the caller already read in this transaction (the send: holidays, the owners it referred
     * to), and what it has to write with the move (the send: its referrals and their events, which
     * come before the transition's event).
     */
    known: {
      holidays?: Set<string>;
      owners?: readonly OwnerRecord[];
      newReferrals?: readonly NewReferral[];
      events?: readonly PreparedEvent[];
    } = {},
  ): Promise<CaseRecord> {
    const t = transitionFor(action, c.state, c.reviewChain)!;
    // The table's "back to the supervisor" is the chain's first review step (the manager where SPV is skipped).
    const to = targetOf(t, c.reviewChain);
    const holidays = known.holidays ?? (await this.repo.holidays(m));
    // Read under the case lock the caller holds; the send's new referrals are written below, with the move.
    const referrals: Array<Pick<NewReferral, 'id' | 'ownerCode' | 'status'>> = [
      ...(await this.repo.referralsOfCase(m, c.id)),
      ...(known.newReferrals ?? []),
    ];
    let owners: OwnerRecord[] = [];
    if (to === 'referred' || to === 'owner-accepted') {
      const codes = referrals
        .filter((r) => r.status !== 'withdrawn' && r.status !== 'forwarded')
        .map((r) => r.ownerCode)
        .concat(ownerCodes);
      const have = known.owners;
      owners =
        have && codes.every((code) => have.some((o) => o.code === code))
          ? have.filter((o) => codes.includes(o.code))
          : await this.repo.owners(m, codes);
    }
    const { dueAt, atRiskAt } = this.deadline(to, owners, holidays, c.priorityGroups);
    const historyNote = action === 'send' && note === null ? null : note;
    const events: PreparedEvent[] = [...(known.events ?? [])];
    if (action === 'answer-owner') {
      // The owner asked questions: the answer goes back to it on its own subject, with a fresh deadline.
      for (const r of referrals.filter((x) => x.status === 'review-requested')) {
        const owner = (await this.repo.owners(m, [r.ownerCode]))[0];
        const days = this.workingDays(owner?.responseDays ?? 14, c.priorityGroups);
        const due = addWorkingDays(new Date(), days, holidays, this.env.SLRT_TIME_ZONE);
        await this.repo.updateReferral(
          m,
          r.id,
          'sent',
          null,
          due,
          addWorkingDays(new Date(), Math.max(days - 2, 0), holidays, this.env.SLRT_TIME_ZONE),
        );
        events.push(
          this.outbox.prepareToOwner('slrt.owner.*.referral.updated.v1', r.ownerCode, {
            referralId: r.id,
            kabKotaCode: this.env.KAB_KOTA_CODE,
            note: note ?? '',
            dueAt: due.toISOString(),
            updatedAt: new Date().toISOString(),
          }),
        );
      }
    }
    // The case ended: its referrals close, and the owners' access to the person's data ends after the grace period.
    if (isEnded(to)) await this.repo.closeReferralsOfCase(m, c.id);
    if (to === 'withdrawn') {
      // A referral passed up a level (`forwarded`) is the higher owner's now: only that one is withdrawn.
      for (const r of referrals.filter(
        (x) => x.status !== 'withdrawn' && x.status !== 'resolved' && x.status !== 'forwarded',
      )) {
        await this.repo.updateReferral(m, r.id, 'withdrawn', null);
        events.push(
          this.outbox.prepareToOwner('slrt.owner.*.referral.withdrawn.v1', r.ownerCode, {
            referralId: r.id,
            kabKotaCode: this.env.KAB_KOTA_CODE,
            reason: note ?? 'Pengaduan ditarik',
            withdrawnAt: new Date().toISOString(),
          }),
        );
      }
    }
    events.push(
      this.outbox.prepare('slrt.evt.referral.case.transitioned.v1', {
        caseId: c.id,
        complaintId: c.complaintId,
        receiptNumber: c.receiptNumber,
        desaCode: c.desaCode,
        action,
        from: c.state,
        to,
        actorRole: by.role,
        ownerCodes,
        dueAt: dueAt?.toISOString() ?? null,
        at: new Date().toISOString(),
        // The citizen is told why an owner declined (intake's public timeline, notification).
        ...(reasonCode ? { reasonCode } : {}),
        ...(forwardedFrom ? { forwardedFrom } : {}),
      }),
    );
    const [moved] = await this.outbox.write<CaseRecord>(
      m,
      events,
      this.repo.moveStatement(
        { id: c.id, to, dueAt, atRiskAt },
        { action, from: c.state, actorId: by.id, actorRole: by.role, note: historyNote, ownerCodes },
        known.newReferrals ?? [],
      ),
    );
    return moved!;
  }

  /**
   * Working-day deadline of a step; ended states have none, nor has `awaiting-registry`: the
   * prelist proposal follows the registry's timetable (musdes, verivali, SIKS-NG and the ministry's
   * ratification take months), which no one at the Puskesos can speed up — a deadline there would
   * only escalate to people who cannot act. Its steps reach the history as `registry-update`.
   */
  deadline(
    state: CaseState,
    owners: OwnerRecord[],
    holidays: Set<string>,
    priorityGroups: readonly string[] = [],
  ): { dueAt: Date | null; atRiskAt: Date | null } {
    if (isEnded(state) || state === 'awaiting-registry') return { dueAt: null, atRiskAt: null };
    const e = this.env;
    const days: Record<string, number> = {
      'awaiting-supervisor': e.REFERRAL_SUPERVISOR_DAYS,
      'returned-for-info': e.REFERRAL_RETURNED_DAYS,
      'awaiting-manager': e.REFERRAL_MANAGER_DAYS,
      approved: e.REFERRAL_BACKOFFICE_DAYS,
      'owner-review-requested': e.REFERRAL_BACKOFFICE_DAYS,
      referred: owners.length ? Math.min(...owners.map((o) => o.responseDays)) : 14,
      'owner-accepted': owners.length ? Math.min(...owners.map((o) => o.responseDays)) : 14,
    };
    const n = this.workingDays(days[state] ?? 5, priorityGroups);
    const now = new Date();
    const dueAt = addWorkingDays(now, n, holidays, e.SLRT_TIME_ZONE);
    const atRiskAt =
      n > 1
        ? addWorkingDays(now, n - 1, holidays, e.SLRT_TIME_ZONE)
        : new Date(now.getTime() + (dueAt.getTime() - now.getTime()) / 2);
    return { dueAt, atRiskAt };
  }

  /**
   * Working days of a deadline: shortened to `REFERRAL_PRIORITY_DEADLINE_PERCENT` (rounded up, at
   * least one) when the complaint's subject or a household member belongs to a priority group.
   */
  workingDays(days: number, priorityGroups: readonly string[] | undefined): number {
    if (!priorityGroups?.length) return days;
    return Math.max(1, Math.ceil((days * this.env.REFERRAL_PRIORITY_DEADLINE_PERCENT) / 100));
  }
}
