import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  KPI_ROLES,
  OWNER_BOARD_ROLES,
  type Actor,
  type GetKpisRequestV1,
  type GetOwnerBoardRequestV1,
  type KpisV1,
  type OwnerBoardRowV1,
  type OwnerBoardV1,
} from '@slrt/contracts';
import { localMonth } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { ReportingEnv } from '../config/reporting.env.js';
import { requireRole } from '@slrt/auth';
import { NOT_YOUR_REPORT, checkPeriod, regionsFor } from './access.js';
import { HolidayCalendar } from './holidays.js';
import { reasonsOf } from './kpi-reference.js';
import { queryKpis } from './kpi-queries.js';
import { ReadModelRepository, type ReferralRow } from './read-model.repository.js';
import { WorkingDayCalendar } from './working-day-calendar.js';
import { durationStats, monthStart, monthsBetween, round1, quantile, workingDaysBetween } from './working-time.js';

export { channelGroup, informedCounts, reasonsOf, slaOf } from './kpi-reference.js';

/**
 * KPIs and the owner SLA board, computed from the read model at each request for the caller's
 * region scope, aggregated in PostgreSQL (kpi-queries.ts). Durations are in working days (the
 * referral service's holiday calendar, weekends only when it does not answer, which the answer
 * says), counted against the working-day calendar table (working-day-calendar.ts).
 */
@Injectable()
export class KpisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelRepository,
    private readonly calendar: HolidayCalendar,
    private readonly workingDays: WorkingDayCalendar,
    private readonly env: ReportingEnv,
  ) {}

  /** Holidays of the years from `from` to now. */
  async holidays(from: Date, now = new Date()) {
    const years: number[] = [];
    for (let y = from.getUTCFullYear(); y <= now.getUTCFullYear() + 1; y++) years.push(y);
    return this.calendar.forYears(years);
  }

  async kpis(req: GetKpisRequestV1, actor: Actor, now = new Date()): Promise<KpisV1> {
    requireRole(actor, KPI_ROLES, NOT_YOUR_REPORT);
    const months = monthsBetween(req.fromMonth, req.toMonth);
    checkPeriod(req.fromMonth, req.toMonth, months.length);
    const regions = regionsFor(actor, req.regionCode);
    const tz = this.env.SLRT_TIME_ZONE;
    const filter = {
      from: monthStart(req.fromMonth, tz),
      to: monthStart(req.toMonth, tz, 1),
      regions,
      channel: req.channel,
      category: req.category,
      programmeCode: req.programmeCode,
      ownerCode: req.ownerCode,
    };
    const { holidays, basis } = await this.holidays(filter.from, now);
    const calendarId = await this.workingDays.ensure(holidays);
    const m = this.dataSource.manager;
    const [kpis, freshness] = await Promise.all([
      queryKpis(m, { dimension: req.groupBy, filter, timeZone: tz, calendarId, now }),
      this.repo.freshness(m, now),
    ]);
    return {
      groupBy: req.groupBy,
      fromMonth: req.fromMonth,
      toMonth: req.toMonth,
      rows: kpis.rows,
      citizensInformed: kpis.citizensInformed,
      prelistPipeline: kpis.prelistPipeline,
      workingDays: basis,
      freshness,
    };
  }

  async ownerBoard(req: GetOwnerBoardRequestV1, actor: Actor, now = new Date()): Promise<OwnerBoardV1> {
    requireRole(actor, OWNER_BOARD_ROLES, NOT_YOUR_REPORT);
    const months = monthsBetween(req.fromMonth, req.toMonth);
    checkPeriod(req.fromMonth, req.toMonth, months.length);
    // A programme owner's user sees its own line only, over every region it received referrals from.
    const isPo = actor.roles.includes('PO') && !actor.roles.some((r) => r !== 'PO');
    if (isPo && (!actor.ownerCode || (req.ownerCode && req.ownerCode !== actor.ownerCode))) {
      throw new DomainError('FORBIDDEN', 'Anda hanya dapat melihat papan pemilik program Anda sendiri.', {
        reason: 'OTHER_OWNER',
      });
    }
    const regions = isPo ? null : regionsFor(actor, req.regionCode);
    const ownerCode = isPo ? actor.ownerCode : req.ownerCode;
    const tz = this.env.SLRT_TIME_ZONE;
    const from = monthStart(req.fromMonth, tz);
    const to = monthStart(req.toMonth, tz, 1);
    const m = this.dataSource.manager;
    const [referrals, freshness, outcomes] = await Promise.all([
      this.repo.referralsForBoard(m, regions, from, to, ownerCode),
      this.repo.freshness(m, now),
      this.repo.outcomesForBoard(m, regions, from, to, ownerCode),
    ]);
    const { holidays, basis } = await this.holidays(from, now);
    const byOwner = new Map<string, ReferralRow[]>();
    for (const r of referrals) byOwner.set(r.owner_code, [...(byOwner.get(r.owner_code) ?? []), r]);
    // An owner whose only news in the period is the households' verdict still has its line.
    for (const o of outcomes) if (!byOwner.has(o.owner_code)) byOwner.set(o.owner_code, []);
    const rows: OwnerBoardRowV1[] = [...byOwner.keys()].sort().map((owner) => {
      const all = byOwner.get(owner)!;
      const inPeriod = all.filter((r) => r.sent_at.getTime() >= from.getTime() && r.sent_at.getTime() < to.getTime());
      const open = all.filter((r) => r.closed_at === null && (r.outcome === null || r.outcome === 'accepted'));
      const response = (rs: ReferralRow[]) =>
        rs.filter((r) => r.first_answer_at).map((r) => workingDaysBetween(r.sent_at, r.first_answer_at!, holidays, tz));
      const decided = inPeriod.filter(
        (r) => r.outcome === 'accepted' || r.outcome === 'resolved' || r.outcome === 'rejected',
      );
      return {
        ownerCode: owner,
        sent: inPeriod.length,
        openReferrals: open.length,
        overdue: open.filter((r) => r.due_at && r.due_at.getTime() < now.getTime()).length,
        responseDays: durationStats(response(inPeriod)),
        acceptanceRate: decided.length
          ? Math.round((decided.filter((r) => r.outcome !== 'rejected').length / decided.length) * 10_000) / 10_000
          : null,
        rejectionReasons: reasonsOf(inPeriod),
        trend: months.map((month) => {
          const of = inPeriod.filter((r) => localMonth(r.sent_at, tz) === month);
          return {
            month,
            sent: of.length,
            answered: of.filter((r) => r.first_answer_at).length,
            accepted: of.filter((r) => r.outcome === 'accepted' || r.outcome === 'resolved').length,
            rejected: of.filter((r) => r.outcome === 'rejected').length,
            medianResponseDays: round1(quantile(response(of), 0.5)),
          };
        }),
        outcomes: outcomeCounts(outcomes.filter((o) => o.owner_code === owner)),
      };
    });
    return { fromMonth: req.fromMonth, toMonth: req.toMonth, rows, workingDays: basis, freshness };
  }
}

/** The households' verdicts on an owner's resolutions (outcome verification). */
export function outcomeCounts(rows: ReadonlyArray<{ outcome: string }>): OwnerBoardRowV1['outcomes'] {
  const n = (o: string) => rows.filter((r) => r.outcome === o).length;
  const verified = n('verified');
  const disputed = n('disputed');
  return {
    verified,
    disputed,
    unverified: n('unverified'),
    verifiedRate: verified + disputed ? Math.round((verified / (verified + disputed)) * 10_000) / 10_000 : null,
  };
}
