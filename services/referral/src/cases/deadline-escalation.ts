import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { systemActor } from '@slrt/contracts';
import { OutboxPublisher, RepeatingTask } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { ReferralEnv } from '../config/referral.env.js';
import { CasesRepository } from './cases.repository.js';

/** Who is reminded when a step is at risk (the step's assignee); a breach goes to the manager. */
const ASSIGNEE: Record<string, string> = {
  'awaiting-supervisor': 'SPV',
  'returned-for-info': 'FO',
  'awaiting-manager': 'MJ',
  approved: 'BO',
  'owner-review-requested': 'BO',
  referred: 'OWNER',
  'owner-accepted': 'OWNER',
};

/**
 * Escalates deadlines: at risk → reminder to the step's assignee (the owner for referrals);
 * breached → to the manager (MJ). The level reached is stored with the case in the same
 * transaction as the event, so escalations survive restarts and are never sent twice; several
 * instances share the work (`FOR UPDATE SKIP LOCKED`).
 */
@Injectable()
export class DeadlineEscalation extends RepeatingTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected interval() {
    return this.env.REFERRAL_ESCALATION_INTERVAL_MS;
  }

  protected roundEnded(error: unknown) {
    if (error) this.logger.warn({ err: error }, 'deadline escalation round failed');
  }

  /** One round; returns the number of escalation events written. */
  async runOnce(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      let written = 0;
      for (const c of await this.repo.dueEscalations(m, 100)) {
        const breached = now.getTime() >= new Date(c.dueAt!).getTime();
        const level = breached ? 2 : 1;
        const referrals = (await this.repo.referralsOfCase(m, c.id)).filter(
          (r) => r.status === 'sent' || r.status === 'accepted',
        );
        const assignee = ASSIGNEE[c.state] ?? 'MJ';
        const targets = breached
          ? [{ notify: 'MJ', ownerCode: referrals[0]?.ownerCode }]
          : assignee === 'OWNER'
            ? referrals.map((r) => ({ notify: r.ownerCode, ownerCode: r.ownerCode }))
            : [{ notify: assignee, ownerCode: undefined }];
        for (const t of targets.length ? targets : [{ notify: 'MJ', ownerCode: undefined }]) {
          await this.outbox.publish(
            m,
            'slrt.evt.referral.case.deadline-escalated.v1',
            {
              caseId: c.id,
              receiptNumber: c.receiptNumber,
              desaCode: c.desaCode,
              state: c.state,
              level: breached ? 'breached' : 'at-risk',
              notify: t.notify,
              ...(t.ownerCode ? { ownerCode: t.ownerCode } : {}),
              dueAt: new Date(c.dueAt!).toISOString(),
              at: now.toISOString(),
            },
            { actor: systemActor('referral') },
          );
          written++;
        }
        await this.repo.setEscalation(m, c.id, level);
      }
      return written;
    });
  }
}
