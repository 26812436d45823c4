import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ROLLUP_ROLES,
  type Actor,
  type Envelope,
  type GetRollupRequestV1,
  type MonthlyRollupV1,
  type RollupProvinceV1,
  type RollupRowV1,
  type RollupV1,
} from '@slrt/contracts';
import { findRegion, isWithinAnyRegion, localMonth } from '@slrt/domain';
import { ReportingEnv } from '../config/reporting.env.js';
import { requireRole } from '@slrt/auth';
import { NOT_YOUR_REPORT, regionsFor } from '../kpis/access.js';
import { ReadModelRepository } from '../kpis/read-model.repository.js';
import { monthStart } from '../kpis/working-time.js';
import { queryMonthFigures } from '../reports/report-queries.js';
import { addFigures, rollupFigures, zeroFigures } from './rollup-figures.js';

/** A kab/kota's month as a province hub keeps it in `rpt_rollup_month`, to forward upward. */
export interface ForwardRow {
  kab_kota_code: string;
  month: string;
  version: number;
  payload: MonthlyRollupV1;
  /** As received; null for rows kept before envelopes were (then forwarded in a fresh one). */
  envelope: Envelope<MonthlyRollupV1> | null;
}

/** A month of this kab/kota's roll-up as kept in `rpt_rollup_state`. */
export interface RollupStateRow {
  month: string;
  version: number;
  payload: MonthlyRollupV1;
  sent_version: number | null;
}

/**
 * The roll-up of a kab/kota to its province (issue 13). On the kab/kota: the figures of a month,
 * versioned (a new version only when the figures change), and which version the hub has. On the
 * hub: the newest version per kab/kota and month, and the province's view of them.
 */
@Injectable()
export class RollupService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelRepository,
    private readonly env: ReportingEnv,
  ) {}

  /**
   * The months a round looks at, oldest first: the current one and the `REPORTING_ROLLUP_MONTHS` - 1
   * before it (default 2: the previous and the current), in the deployment's time zone.
   */
  months(now: Date): string[] {
    const tz = this.env.SLRT_TIME_ZONE;
    const current = localMonth(now, tz);
    const n = this.env.REPORTING_ROLLUP_MONTHS;
    return Array.from({ length: n }, (_, i) => localMonth(monthStart(current, tz, i - n + 1), tz));
  }

  /** The figures of `month` from the read model as it is now (open cases judged at `now`). */
  async compute(month: string, now: Date): Promise<Omit<MonthlyRollupV1, 'version'>> {
    const tz = this.env.SLRT_TIME_ZONE;
    const from = monthStart(month, tz);
    const to = monthStart(month, tz, 1);
    const m = this.dataSource.manager;
    const [figures, freshness] = await Promise.all([
      // No durations in the roll-up: no holidays needed.
      queryMonthFigures(m, this.env.KAB_KOTA_CODE, from, to, { holidays: null, timeZone: tz, asOf: now }),
      this.repo.freshness(m, now),
    ]);
    const { totals, kecamatan } = rollupFigures(this.env.KAB_KOTA_CODE, figures);
    return {
      kabKotaCode: this.env.KAB_KOTA_CODE,
      month,
      computedAt: now.toISOString(),
      dataUpTo: freshness.dataUpTo,
      totals,
      kecamatan,
    };
  }

  /**
   * Computes the months of a round and keeps each: version 1 the first time, version + 1 when the
   * hash of the figures changed, nothing otherwise (one transaction per month, the row locked).
   * Answers the months whose version grew.
   */
  async refresh(now = new Date()): Promise<string[]> {
    const changed: string[] = [];
    for (const month of this.months(now)) {
      const figures = await this.compute(month, now);
      const hash = createHash('sha256')
        .update(JSON.stringify({ totals: figures.totals, kecamatan: figures.kecamatan }))
        .digest('hex');
      const grew = await this.dataSource.transaction(async (m) => {
        const lock = async () =>
          (
            (await m.query(`SELECT version, hash FROM rpt_rollup_state WHERE month = $1 FOR UPDATE`, [
              month,
            ])) as Array<{ version: number; hash: string }>
          )[0];
        let row = await lock();
        if (!row) {
          const first: MonthlyRollupV1 = { ...figures, version: 1 };
          const made = (await m.query(
            `INSERT INTO rpt_rollup_state (month, version, hash, payload, computed_at) VALUES ($1, 1, $2, $3, $4) ON CONFLICT (month) DO NOTHING RETURNING month`,
            [month, hash, JSON.stringify(first), now],
          )) as unknown[];
          if (made.length) return true;
          row = (await lock())!; // another instance made it first
        }
        if (row.hash === hash) return false;
        const payload: MonthlyRollupV1 = { ...figures, version: row.version + 1 };
        await m.query(
          `UPDATE rpt_rollup_state SET version = $2, hash = $3, payload = $4, computed_at = $5 WHERE month = $1`,
          [month, payload.version, hash, JSON.stringify(payload), now],
        );
        return true;
      });
      if (grew) changed.push(month);
    }
    return changed;
  }

  /** Months whose newest version the hub has not acknowledged yet, oldest first. */
  async unsent(): Promise<RollupStateRow[]> {
    return (await this.dataSource.manager.query(
      `SELECT month, version, payload, sent_version FROM rpt_rollup_state WHERE (sent_version IS NULL OR sent_version < version) ORDER BY month`,
    )) as RollupStateRow[];
  }

  /** The hub acknowledged `version` of `month` (a later one may have been computed meanwhile). */
  async markSent(month: string, version: number, at = new Date()): Promise<void> {
    await this.dataSource.manager.query(
      `UPDATE rpt_rollup_state SET sent_version = GREATEST(coalesce(sent_version, 0), $2), sent_at = $3 WHERE month = $1`,
      [month, version, at],
    );
  }

  /**
   * On the hub: keeps `data` (and the `envelope` it came in, to forward it unchanged) unless a
   * version as new or newer is already there. True when kept; the row is then due to be forwarded.
   */
  async receive(m: EntityManager, data: MonthlyRollupV1, receivedAt: Date, envelope: Envelope): Promise<boolean> {
    const rows = (await m.query(
      `INSERT INTO rpt_rollup_month (kab_kota_code, month, version, payload, received_at, envelope) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (kab_kota_code, month) DO UPDATE SET version = EXCLUDED.version, payload = EXCLUDED.payload, received_at = EXCLUDED.received_at, envelope = EXCLUDED.envelope
       WHERE rpt_rollup_month.version < EXCLUDED.version
       RETURNING version`,
      [data.kabKotaCode, data.month, data.version, JSON.stringify(data), receivedAt, JSON.stringify(envelope)],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * On a province hub forwarding upward: the kab/kota months whose newest version the national hub
   * has not acknowledged, oldest month first (a month's last version before the next month's).
   */
  async unforwarded(limit = 500): Promise<ForwardRow[]> {
    return (await this.dataSource.manager.query(
      `SELECT kab_kota_code, month, version, payload, envelope FROM rpt_rollup_month
        WHERE forwarded_version IS NULL OR forwarded_version < version
        ORDER BY month, kab_kota_code LIMIT $1`,
      [limit],
    )) as ForwardRow[];
  }

  /** The national hub acknowledged `version` of this kab/kota's `month` (a newer one may have arrived meanwhile). */
  async markForwarded(kabKotaCode: string, month: string, version: number, at = new Date()): Promise<void> {
    await this.dataSource.manager.query(
      `UPDATE rpt_rollup_month SET forwarded_version = GREATEST(coalesce(forwarded_version, 0), $3), forwarded_at = $4
        WHERE kab_kota_code = $1 AND month = $2`,
      [kabKotaCode, month, version, at],
    );
  }

  /**
   * The province's (or the nation's) view of `month`: every kab/kota of the caller's region scope
   * (narrowed to `regionCode` when given) that reported it, and those known from an earlier month
   * that have not (figures null); totals over those that did, overall and per province.
   */
  async get(req: GetRollupRequestV1, actor: Actor): Promise<RollupV1> {
    requireRole(actor, ROLLUP_ROLES, NOT_YOUR_REPORT);
    const scope = regionsFor(actor, req.regionCode);
    const rows = (await this.dataSource.manager.query(
      `SELECT k.kab_kota_code, r.version, r.payload, r.received_at
         FROM (SELECT DISTINCT kab_kota_code FROM rpt_rollup_month WHERE month <= $1) k
         LEFT JOIN rpt_rollup_month r ON r.kab_kota_code = k.kab_kota_code AND r.month = $1
        ORDER BY k.kab_kota_code`,
      [req.month],
    )) as Array<{
      kab_kota_code: string;
      version: number | null;
      payload: MonthlyRollupV1 | null;
      received_at: Date | null;
    }>;
    const totals = zeroFigures();
    const out: RollupRowV1[] = [];
    const provinces = new Map<string, RollupProvinceV1>();
    for (const r of rows) {
      if (!isWithinAnyRegion(r.kab_kota_code, scope)) continue;
      const code = r.kab_kota_code.slice(0, 2);
      let province = provinces.get(code);
      if (!province) {
        province = {
          provinceCode: code,
          name: findRegion(code)?.name ?? code,
          listed: 0,
          reported: 0,
          totals: zeroFigures(),
        };
        provinces.set(code, province);
      }
      province.listed++;
      if (r.payload) {
        addFigures(totals, r.payload.totals);
        addFigures(province.totals, r.payload.totals);
        province.reported++;
      }
      out.push({
        kabKotaCode: r.kab_kota_code,
        name: findRegion(r.kab_kota_code)?.name ?? r.kab_kota_code,
        version: r.version,
        dataUpTo: r.payload?.dataUpTo ?? null,
        receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
        computedAt: r.payload?.computedAt ?? null,
        totals: r.payload?.totals ?? null,
      });
    }
    return {
      month: req.month,
      rows: out,
      totals,
      reported: out.filter((r) => r.version !== null).length,
      provinces: [...provinces.values()],
    };
  }
}
