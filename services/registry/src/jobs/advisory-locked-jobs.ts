import pg from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from '@slrt/observability';
import type { RegistryEnv } from '../config/registry.env.js';
import { InterruptedJobRecovery, type RecoveryRound } from './interrupted-jobs.js';

/** How one kind of background job is kept: its table, its lock key, and how an interrupted one is failed. */
export interface AdvisoryLockedJobKind {
  /** Table whose rows with `status = 'running'` are the jobs (a constant of the caller). */
  table: 'import_job' | 'verivali_import';
  /** The advisory lock key of a job (hashed with `hashtextextended`). WIRE-STABLE across versions: a running instance holds it. */
  lockKey: (jobId: string) => string;
  /** `application_name` of the job sessions (seen in `pg_stat_activity`). */
  applicationName: string;
  /** Fails one interrupted job on the session that now holds its lock; answers the rows it failed (0 when it was no longer running). */
  failInterrupted: (session: pg.Client, jobId: string) => Promise<number>;
  /** What the jobs are, for the logs ("snapshot imports"). */
  label: string;
}

/**
 * The registry's advisory-locked background jobs (snapshot imports, verivali imports). A running
 * job holds a session advisory lock on its key on a session of its own, so a restarted instance
 * can tell a dead job (lock free: failed with a reason) from one another instance still runs.
 * Recovery runs at start and, while some job's lock is still held, again every few seconds (see
 * {@link InterruptedJobRecovery}). The jobs this instance started are tracked until they end.
 */
export class AdvisoryLockedJobs {
  private readonly running = new Map<Promise<void>, string>();
  private readonly recovery = new InterruptedJobRecovery(
    () => this.recoverRound(),
    (err) => this.logger.warn({ err }, `interrupted ${this.kind.label}: recovery round failed`),
  );

  constructor(
    private readonly ds: DataSource,
    private readonly env: RegistryEnv,
    private readonly logger: Logger,
    private readonly kind: AdvisoryLockedJobKind,
  ) {}

  /** The first recovery round (awaited), then its retries while a lock is held. */
  async startRecovery(): Promise<void> {
    await this.recovery.start();
  }

  stopRecovery(): void {
    this.recovery.stop();
  }

  /** One recovery round; answers the jobs it failed. */
  async recoverInterruptedJobs(): Promise<number> {
    return (await this.recoverRound()).failed;
  }

  /** A session of its own (not from the pool), in the service's schema; the caller ends it. */
  async session(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.env.DATABASE_URL,
      application_name: this.kind.applicationName,
      options: `-c search_path="${this.env.DATABASE_SCHEMA ?? 'registry'}"`,
    });
    await client.connect();
    return client;
  }

  /** Takes the job's lock on `session` (held until the session ends). */
  async lock(session: pg.Client, jobId: string): Promise<void> {
    await session.query(`SELECT pg_advisory_lock(hashtextextended($1, 0))`, [this.kind.lockKey(jobId)]);
  }

  /** Runs `work` in the background, tracked until it settles (see {@link idle}). */
  launch(jobId: string, work: () => Promise<void>): void {
    const run: Promise<void> = work().finally(() => this.running.delete(run));
    this.running.set(run, jobId);
  }

  /** Whether this instance is running the job. */
  isRunning(jobId: string): boolean {
    return [...this.running.values()].includes(jobId);
  }

  /** Resolves when every job this instance started has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.keys()]);
  }

  private async recoverRound(): Promise<RecoveryRound> {
    const jobs: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM ${this.kind.table} WHERE status = 'running'`,
    );
    let failed = 0;
    let skipped = 0;
    for (const { id } of jobs) {
      const client = await this.session();
      try {
        const [{ got }] = (
          await client.query(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS got`, [this.kind.lockKey(id)])
        ).rows;
        if (!got) {
          skipped++;
          continue;
        }
        failed += await this.kind.failInterrupted(client, id);
      } finally {
        await client.end();
      }
    }
    if (failed) this.logger.warn({ failed }, `interrupted ${this.kind.label} failed cleanly`);
    return { failed, skipped };
  }
}
