import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RepeatingTask } from '@slrt/messaging';
import { LOGGER, Metrics, type Logger } from '@slrt/observability';
import { ReferralEnv } from '../config/referral.env.js';
import { OWNER_PAYLOAD_KEPT } from './owner-view.js';

const BATCH = 500;

/**
 * Purges what referral keeps for programme owners once their access has ended (UU PDP 27/2022:
 * personal data kept no longer than needed): a referral closed longer than
 * `REFERRAL_OWNER_ACCESS_GRACE_DAYS` ago keeps only ids, dates, category and programmes in its
 * payload (`OWNER_PAYLOAD_KEPT`), a summary without personal data, and `purged_at`. Runs every
 * `REFERRAL_RETENTION_SWEEP_INTERVAL_MS`; idempotent (`purged_at IS NULL`), and several instances
 * share the work (batches claimed `FOR UPDATE SKIP LOCKED`). Metrics:
 * `referral_owner_payload_purged_total`, `referral_retention_sweep_runs_total{result}`.
 */
@Injectable()
export class OwnerDataRetention extends RepeatingTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReferralEnv,
    private readonly metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected interval() {
    return this.env.REFERRAL_RETENTION_SWEEP_INTERVAL_MS;
  }

  protected roundEnded(error: unknown) {
    this.metrics
      .counter('referral_retention_sweep_runs_total', 'Rounds of the purge of closed referrals\u2019 owner payloads', [
        'result',
      ])
      .inc({ result: error ? 'failed' : 'ok' });
    if (error) this.logger.warn({ err: error }, 'owner data retention round failed');
  }

  /** One round: purges every referral whose owner access ended before `now`; returns how many. */
  async runOnce(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.env.REFERRAL_OWNER_ACCESS_GRACE_DAYS * 24 * 3600 * 1000);
    let purged = 0;
    for (;;) {
      const n = await this.dataSource.transaction(async (m) => {
        const rows: Array<{ id: string }> = await m.query(
          `SELECT id FROM referral WHERE purged_at IS NULL AND closed_at IS NOT NULL AND closed_at <= $1 ORDER BY closed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
          [cutoff],
        );
        if (rows.length === 0) return 0;
        const kept = OWNER_PAYLOAD_KEPT.map((k) => `'${k}', payload->'${k}'`).join(', ');
        await m.query(
          `UPDATE referral SET payload = jsonb_strip_nulls(jsonb_build_object(${kept})),
             summary = 'Pengaduan ' || (payload->>'receiptNumber') || ' (' || concat_ws(', ', payload->>'category', array_to_string(ARRAY(SELECT jsonb_array_elements_text(COALESCE(payload->'programmeCodes', '[]'::jsonb))), ', ')) || ')',
             purged_at = now()
           WHERE id = ANY($1::uuid[])`,
          [rows.map((r) => r.id)],
        );
        return rows.length;
      });
      purged += n;
      if (n < BATCH) break;
    }
    if (purged > 0) {
      this.metrics
        .counter(
          'referral_owner_payload_purged_total',
          'Referrals whose payload kept for owners was purged after the grace period',
        )
        .inc(purged);
      this.logger.info({ purged }, 'owner payloads of closed referrals purged');
    }
    return purged;
  }
}
