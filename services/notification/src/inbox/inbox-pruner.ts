import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RepeatingTask } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { NotificationEnv } from '../config/notification.env.js';
import { InboxRepository } from './inbox.repository.js';
import { inboxHorizon } from './inbox.service.js';

/**
 * Deletes inbox items past the horizon (`NOTIFICATION_INBOX_DAYS`), with their read state, every
 * `NOTIFICATION_INBOX_PRUNE_INTERVAL_MS`, in batches; several instances may run it at once (a
 * delete of rows already deleted deletes nothing).
 */
@Injectable()
export class InboxPruner extends RepeatingTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: InboxRepository,
    private readonly env: NotificationEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected interval() {
    return this.env.NOTIFICATION_INBOX_PRUNE_INTERVAL_MS;
  }

  protected roundEnded(error: unknown) {
    if (error) this.logger.warn({ err: error }, 'inbox pruning failed');
  }

  /** One round; returns the number of items deleted. */
  async runOnce(now = new Date()): Promise<number> {
    const before = inboxHorizon(this.env, now);
    let total = 0;
    for (;;) {
      const n = await this.dataSource.transaction((m) => this.repo.prune(m, before, 1000));
      total += n;
      if (n < 1000 || this.stopped) break;
    }
    if (total) this.logger.info({ pruned: total }, 'expired inbox items pruned');
    return total;
  }
}
