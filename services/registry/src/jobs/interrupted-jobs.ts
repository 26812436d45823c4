/** What one recovery round did: jobs failed cleanly, and jobs whose lock was still held. */
export interface RecoveryRound {
  failed: number;
  skipped: number;
}

/**
 * Recovery of jobs left `running` by a process that died (snapshot imports, verivali imports).
 * A running job holds a session advisory lock on its id; a job whose lock can be taken belongs to
 * a dead process and is failed with a reason. The round runs at start and, while some job's lock
 * is still held, again every few seconds: PostgreSQL may not yet have ended the session of a
 * process that was just killed (or another instance is running the job and will finish it).
 */
export class InterruptedJobRecovery {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly round: () => Promise<RecoveryRound>,
    private readonly onError: (err: unknown) => void,
    private readonly intervalMs = 3_000,
  ) {}

  /** The first round (awaited: a start fails what it can before it serves), then the retries. */
  async start(): Promise<void> {
    const { skipped } = await this.round();
    if (skipped) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round().then(
        ({ skipped }) => {
          if (skipped) this.schedule();
        },
        (err: unknown) => {
          this.onError(err);
          this.schedule();
        },
      );
    }, this.intervalMs);
    this.timer.unref();
  }
}
