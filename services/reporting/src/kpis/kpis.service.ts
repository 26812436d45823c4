import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  KPI_ROLES,
  OWNER_BOARD_ROLES,
  type Actor,
  type GetKpisRequestV1,
  type GetOwnerBoardRequestV1,
  type KpisV1,
  type OwnerBoardV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { ReportingEnv } from '../config/reporting.env.js';
import { requireRole } from '@slrt/auth';
import { NOT_YOUR_REPORT, checkPeriod, regionsFor } from './access.js';
import { HolidayCalendar } from './holidays.js';
import { queryKpis } from './kpi-queries.js';
import { queryOwnerBoard } from './owner-board-query.js';
import { ReadModelRepository } from './read-model.repository.js';
import { monthStart, monthsBetween } from './working-time.js';

export { channelGroup, informedCounts, outcomeCounts, reasonsOf, slaOf } from './kpi-reference.js';

/**
 * KPIs and the owner SLA board, computed from the read model at each request for the caller's
 * region scope, aggregated in PostgreSQL (kpi-queries.ts). Durations are in working days (the
 * referral service's holiday calendar, weekends only when it does not answer, which the answer
 * says), counted in SQL (working-day-sql.ts).
 */
@Injectable()
export class KpisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelRepository,
    private readonly calendar: HolidayCalendar,
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
    const m = this.dataSource.manager;
    const [kpis, freshness] = await Promise.all([
      queryKpis(m, { dimension: req.groupBy, filter, timeZone: tz, holidays, now }),
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
    const { holidays, basis } = await this.holidays(from, now);
    const m = this.dataSource.manager;
    const [rows, freshness] = await Promise.all([
      queryOwnerBoard(m, { regions, from, to, months, ownerCode, timeZone: tz, holidays, now }),
      this.repo.freshness(m, now),
    ]);
    return { fromMonth: req.fromMonth, toMonth: req.toMonth, rows, workingDays: basis, freshness };
  }
}
