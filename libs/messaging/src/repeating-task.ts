import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';

/**
 * A job a service runs again and again while it is up (deadline escalation, purges, pruning):
 * the next round starts `interval()` ms after the previous one ended (never two rounds at once in
 * one process), the timer does not keep the process alive, and shutdown waits for the round in
 * progress. Rounds must be safe with several instances running (the subclasses claim their work
 * with `FOR UPDATE SKIP LOCKED` or are idempotent).
 */
export abstract class RepeatingTask implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Set when the service shuts down: a long round may stop early. */
  protected stopped = false;

  /** Milliseconds between the end of one round and the start of the next. */
  protected abstract interval(): number;
  /** One round. */
  abstract runOnce(): Promise<unknown>;
  /** After each round: `null` when it succeeded, else what it threw (log it, count it; never rethrow). */
  protected abstract roundEnded(error: unknown): void;

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
        .then(
          () => this.ended(null),
          (err: unknown) => this.ended(err ?? new Error('round failed')),
        )
        .finally(() => this.schedule());
    }, this.interval());
    this.timer.unref();
  }

  private ended(error: unknown) {
    try {
      this.roundEnded(error);
    } catch {
      // A failing report must not stop the rounds.
    }
  }
}
