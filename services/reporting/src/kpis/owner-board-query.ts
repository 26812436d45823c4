import type { EntityManager } from 'typeorm';
import type { OwnerBoardRowV1, ReasonCountV1 } from '@slrt/contracts';
import { SqlParams, aggregate, localMonthSql, sortReasons, statsOf, statsSql } from './kpi-queries.js';
import { outcomeCounts } from './kpi-reference.js';
import { workingDaySql } from './working-day-sql.js';
import { round1 } from './working-time.js';

export interface OwnerBoardQuery {
  /** Region codes, or null for every region (a programme owner's own line). */
  regions: string[] | null;
  from: Date;
  to: Date;
  months: string[];
  ownerCode: string | undefined;
  timeZone: string;
  /** The holidays (`YYYY-MM-DD`) response times skip besides weekends. */
  holidays: ReadonlySet<string>;
  now: Date;
}

/**
 * The owner SLA board in one SQL statement: referrals sent in [from, to) or open now, and outcome
 * verifications ended in the period, grouped per owner (and per owner and month for the trend) in
 * PostgreSQL, response times in working days (working-day-sql.ts). Same answer as `ownerBoardRows`.
 */
export async function queryOwnerBoard(m: EntityManager, q: OwnerBoardQuery): Promise<OwnerBoardRowV1[]> {
  const p = new SqlParams();
  const from = p.add(q.from);
  const to = p.add(q.to);
  const now = p.add(q.now);
  const scope = (alias: string) =>
    [
      q.regions ? p.region(`${alias}.desa_code`, q.regions) : 'true',
      q.ownerCode ? `${alias}.owner_code = ${p.add(q.ownerCode)}` : 'true',
    ].join(' AND ');
  const wd = workingDaySql(q.holidays, q.timeZone);
  const sql = `
    WITH r AS MATERIALIZED (
      SELECT x.owner_code, x.outcome, x.reason_code, x.in_period, x.open, x.overdue, x.answered, x.month,
             CASE WHEN x.in_period THEN ${wd.days('sent_at', 'first_answer_at')} END AS d_response
        FROM (SELECT r.owner_code, r.outcome, r.reason_code, r.first_answer_at IS NOT NULL AS answered,
                     r.sent_at >= ${from} AND r.sent_at < ${to} AS in_period,
                     r.closed_at IS NULL AND (r.outcome IS NULL OR r.outcome = 'accepted') AS open,
                     r.closed_at IS NULL AND (r.outcome IS NULL OR r.outcome = 'accepted') AND r.due_at < ${now} AS overdue,
                     ${localMonthSql('r.sent_at', q.timeZone)} AS month,
                     ${wd.instant('r.sent_at', 'sent_at')}, ${wd.instant('r.first_answer_at', 'first_answer_at')}
                FROM rpt_referral r
               WHERE ((r.sent_at >= ${from} AND r.sent_at < ${to}) OR (r.closed_at IS NULL AND (r.outcome IS NULL OR r.outcome = 'accepted')))
                 AND ${scope('r')}) x),
    ow AS (
      SELECT owner_code, count(*) FILTER (WHERE in_period)::int AS sent, count(*) FILTER (WHERE open)::int AS open,
             count(*) FILTER (WHERE overdue)::int AS overdue, ${statsSql('d_response', 'response')},
             count(*) FILTER (WHERE in_period AND outcome IN ('accepted', 'resolved', 'rejected'))::int AS decided,
             count(*) FILTER (WHERE in_period AND outcome IN ('accepted', 'resolved'))::int AS accepted
        FROM r GROUP BY 1),
    tr AS (
      SELECT owner_code, month, count(*)::int AS sent, count(*) FILTER (WHERE answered)::int AS answered,
             count(*) FILTER (WHERE outcome IN ('accepted', 'resolved'))::int AS accepted,
             count(*) FILTER (WHERE outcome = 'rejected')::int AS rejected,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY d_response) AS median
        FROM r WHERE in_period GROUP BY 1, 2),
    rs AS (
      SELECT owner_code, coalesce(reason_code, 'UNSPECIFIED') AS reason, count(*)::int AS n
        FROM r WHERE in_period AND outcome = 'rejected' GROUP BY 1, 2),
    oc AS (
      SELECT o.owner_code, o.outcome, count(*)::int AS n FROM rpt_outcome_verification o
       WHERE o.completed_at >= ${from} AND o.completed_at < ${to} AND ${scope('o')} GROUP BY 1, 2)
    SELECT (SELECT coalesce(json_agg(ow), '[]') FROM ow) AS owners, (SELECT coalesce(json_agg(tr), '[]') FROM tr) AS trend,
           (SELECT coalesce(json_agg(rs), '[]') FROM rs) AS reasons, (SELECT coalesce(json_agg(oc), '[]') FROM oc) AS outcomes`;
  const row = await aggregate(m, sql, p.values);
  const owners = new Map(row!.owners!.map((r) => [String(r.owner_code), r]));
  const outcomes = new Map<string, Array<{ outcome: string }>>();
  for (const o of row!.outcomes!) {
    const list = outcomes.get(String(o.owner_code)) ?? [];
    for (let i = 0; i < Number(o.n); i++) list.push({ outcome: String(o.outcome) });
    outcomes.set(String(o.owner_code), list);
  }
  const reasons = new Map<string, ReasonCountV1[]>();
  for (const r of row!.reasons!)
    reasons.set(String(r.owner_code), [
      ...(reasons.get(String(r.owner_code)) ?? []),
      { reasonCode: String(r.reason), count: Number(r.n) },
    ]);
  const trend = new Map(row!.trend!.map((t) => [`${String(t.owner_code)}\u0000${String(t.month)}`, t]));
  return [...new Set([...owners.keys(), ...outcomes.keys()])].sort().map((owner): OwnerBoardRowV1 => {
    const o = owners.get(owner) ?? {};
    const n = (r: Record<string, unknown>, k: string) => Number(r[k] ?? 0);
    const decided = n(o, 'decided');
    return {
      ownerCode: owner,
      sent: n(o, 'sent'),
      openReferrals: n(o, 'open'),
      overdue: n(o, 'overdue'),
      responseDays: statsOf(o, 'response'),
      acceptanceRate: decided ? Math.round((n(o, 'accepted') / decided) * 10_000) / 10_000 : null,
      rejectionReasons: sortReasons(reasons.get(owner) ?? []),
      trend: q.months.map((month) => {
        const t = trend.get(`${owner}\u0000${month}`) ?? {};
        return {
          month,
          sent: n(t, 'sent'),
          answered: n(t, 'answered'),
          accepted: n(t, 'accepted'),
          rejected: n(t, 'rejected'),
          medianResponseDays: round1((t.median as number | null | undefined) ?? null),
        };
      }),
      outcomes: outcomeCounts(outcomes.get(owner) ?? []),
    };
  });
}
