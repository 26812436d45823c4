import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
export class InboxPruner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: InboxRepository,
    private readonly env: NotificationEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.schedule();
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.logger.warn({ err }, 'inbox pruning failed'))
        .finally(() => this.schedule());
    }, this.env.NOTIFICATION_INBOX_PRUNE_INTERVAL_MS);
    this.timer.unref();
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
