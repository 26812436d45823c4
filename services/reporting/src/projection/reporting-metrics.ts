import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Metrics } from '@slrt/observability';

/**
 * Business and projection metrics beside the technical ones: how late events reach the read
 * model, how old its newest fact is ("data up to"), complaints known, and the open cases by the
 * deadline state of their current step. The gauges are read from the read model at each scrape.
 */
@Injectable()
export class ReportingMetrics implements OnApplicationBootstrap {
  private readonly delay;

  constructor(
    private readonly metrics: Metrics,
    private readonly dataSource: DataSource,
  ) {
    this.delay = metrics.histogram(
      'slrt_reporting_event_delay_seconds',
      'Seconds from an event (occurredAt) to its projection into the read model',
      ['durable'],
      [0.1, 0.5, 1, 5, 30, 120, 600, 3600],
    );
  }

  /** An event of `durable` that happened at `occurredAt` is being applied now. */
  applied(durable: string, occurredAt: string) {
    this.delay.observe({ durable }, Math.max(0, (Date.now() - Date.parse(occurredAt)) / 1000));
  }

  onApplicationBootstrap() {
    const q = <T>(sql: string) => this.dataSource.query(sql) as Promise<T[]>;
    this.metrics.gauge(
      'slrt_reporting_data_age_seconds',
      'Seconds since the newest event applied to the read model happened',
      [],
      async (g) => {
        const [r] = await q<{ age: number | null }>(
          `SELECT extract(epoch FROM now() - max(last_occurred_at))::float AS age FROM rpt_projection`,
        );
        if (r?.age !== null && r?.age !== undefined) g.set(r.age);
      },
    );
    this.metrics.gauge('slrt_reporting_complaints', 'Complaints in the read model', [], async (g) => {
      const [r] = await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM rpt_complaint WHERE registered_at IS NOT NULL`,
      );
      g.set(r?.n ?? 0);
    });
    this.metrics.gauge(
      'slrt_reporting_open_cases',
      'Open cases with a deadline, by the deadline state of their current step',
      ['deadline'],
      async (g) => {
        const rows = await q<{ deadline: string; n: number }>(
          `SELECT CASE WHEN e.level = 'breached' OR k.due_at <= now() THEN 'breached' WHEN e.level = 'at-risk' THEN 'at-risk' ELSE 'on-track' END AS deadline, count(*)::int AS n
           FROM rpt_case k LEFT JOIN rpt_case_escalation e ON e.case_id = k.case_id AND e.state = k.state AND e.due_at = k.due_at
          WHERE k.due_at IS NOT NULL AND k.state NOT IN ('resolved', 'closed', 'withdrawn', 'rejected-by-owner') GROUP BY 1`,
        );
        for (const d of ['on-track', 'at-risk', 'breached'])
          g.set({ deadline: d }, rows.find((r) => r.deadline === d)?.n ?? 0);
      },
    );
  }
}
