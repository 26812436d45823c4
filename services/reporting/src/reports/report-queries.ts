import type { EntityManager } from 'typeorm';
import { SqlParams, aggregate, informedSql, slaSql, statsOf, statsSql } from '../kpis/kpi-queries.js';
import { workingDaySql } from '../kpis/working-day-sql.js';

type Stats = { count: number; median: number | null; p90: number | null };

/** One desa's activity in the month (every count the report's per-kecamatan and per-desa tables sum). */
export interface DesaFigures {
  desa: string;
  /** Complaints registered in the month, by channel group, category and automatic triage. */
  received: number;
  fo: number;
  fs: number;
  kepesertaan: number;
  nonKepesertaan: number;
  autoTriaged: number;
  /** Referrals sent, and first owner answers, in the month (the referral's desa). */
  sent: number;
  answered: number;
  /** Complaints closed in the month, in all and by final step. */
  closed: number;
  closedResolved: number;
  closedRejected: number;
  closedWithdrawn: number;
  /** Cases resolved by the Puskesos in the month. */
  resolvedLocally: number;
  /** Open cases, and those with a deadline by its state at `asOf`. */
  open: number;
  onTrack: number;
  atRisk: number;
  breached: number;
  /** Message outcomes recorded in the month, named as `informedRow` reads them. */
  messages: Record<string, number>;
}

/** Everything the monthly report shows, grouped in SQL: its size is the kab/kota's regions and owners, not the month's rows. */
export interface MonthFigures {
  desa: DesaFigures[];
  /** Service times of the complaints received, per kecamatan (`kecamatan` null: the whole kab/kota). */
  times: Array<{
    kecamatan: string | null;
    received: number;
    triage: Stats;
    referral: Stats;
    answer: Stats;
    close: Stats;
  }>;
  owners: Array<{
    owner: string;
    sent: number;
    answered: number;
    accepted: number;
    rejected: number;
    reviewRequested: number;
    resolved: number;
    response: Stats;
  }>;
  reasons: Array<{ owner: string; reason: string; count: number }>;
}

const ENDED = `'{resolved,closed,withdrawn,rejected-by-owner}'`;

/**
 * The month's figures of kab/kota `kabKota` for [from, to) in one SQL statement (one snapshot):
 * complaints received and closed, referrals sent and answered, cases resolved locally and open now
 * (judged at `asOf`), messages, per desa; service times per kecamatan and per owner in working days
 * (weekends and `holidays`; none when null: the roll-up needs no durations).
 */
export async function queryMonthFigures(
  m: EntityManager,
  kabKota: string,
  from: Date,
  to: Date,
  o: { holidays: ReadonlySet<string> | null; timeZone: string; asOf: Date },
): Promise<MonthFigures> {
  const p = new SqlParams();
  const $from = p.add(from);
  const $to = p.add(to);
  const asOf = p.add(o.asOf);
  const inMonth = (col: string) => `${col} >= ${$from} AND ${col} < ${$to}`;
  const region = (alias: string) => p.region(`${alias}.desa_code`, [kabKota]);
  const wd = workingDaySql(o.holidays, o.timeZone);
  const days = (a: string, b: string) => wd.days(a, b);
  const cts = ['registered_at', 'triaged_at', 'referred_at', 'answered_at', 'closed_at'];
  const msCols = (alias: string, cols: string[]) => cols.map((t) => `, ${wd.instant(`${alias}.${t}`, t)}`).join('');
  const sql = `
    WITH rc AS (
      SELECT c.desa_code, count(*)::int AS received,
             count(*) FILTER (WHERE c.channel IS DISTINCT FROM 'FASILITATOR_VISIT')::int AS fo,
             count(*) FILTER (WHERE c.channel = 'FASILITATOR_VISIT')::int AS fs,
             count(*) FILTER (WHERE c.category = 'kepesertaan')::int AS kepesertaan,
             count(*) FILTER (WHERE c.category IS DISTINCT FROM 'kepesertaan')::int AS non_kepesertaan,
             count(*) FILTER (WHERE c.auto_triaged IS TRUE)::int AS auto_triaged
        FROM rpt_complaint c WHERE ${region('c')} AND ${inMonth('c.registered_at')} GROUP BY 1),
    cc AS (
      SELECT c.desa_code, count(*)::int AS closed,
             count(*) FILTER (WHERE c.final_step = 'resolved')::int AS closed_resolved,
             count(*) FILTER (WHERE c.final_step = 'rejected')::int AS closed_rejected,
             count(*) FILTER (WHERE c.final_step IN ('withdrawn', 'closed'))::int AS closed_withdrawn
        FROM rpt_complaint c WHERE ${region('c')} AND ${inMonth('c.closed_at')} GROUP BY 1),
    sr AS (SELECT r.desa_code, count(*)::int AS sent FROM rpt_referral r WHERE ${region('r')} AND ${inMonth('r.sent_at')} GROUP BY 1),
    ar AS (SELECT r.desa_code, count(*)::int AS answered FROM rpt_referral r WHERE ${region('r')} AND ${inMonth('r.first_answer_at')} GROUP BY 1),
    lk AS (SELECT k.desa_code, count(*)::int AS resolved_locally FROM rpt_case k WHERE ${region('k')} AND ${inMonth('k.resolved_locally_at')} GROUP BY 1),
    ok AS (
      SELECT k.desa_code, count(*)::int AS open, ${slaSql(asOf)}
        FROM rpt_case k LEFT JOIN rpt_case_escalation e ON e.case_id = k.case_id AND e.state = k.state AND e.due_at = k.due_at
       WHERE ${region('k')} AND k.state <> ALL(${ENDED}) AND (k.opened_at < ${$to} OR (${inMonth('k.resolved_locally_at')}))
       GROUP BY 1),
    mx AS (SELECT x.desa_code, ${informedSql} FROM rpt_message x WHERE ${region('x')} AND ${inMonth('x.outcome_at')} GROUP BY 1),
    ds AS (
      SELECT * FROM (SELECT desa_code FROM rc UNION SELECT desa_code FROM cc UNION SELECT desa_code FROM sr UNION SELECT desa_code FROM ar
                     UNION SELECT desa_code FROM lk UNION SELECT desa_code FROM ok UNION SELECT desa_code FROM mx) d
        LEFT JOIN rc USING (desa_code) LEFT JOIN cc USING (desa_code) LEFT JOIN sr USING (desa_code) LEFT JOIN ar USING (desa_code)
        LEFT JOIN lk USING (desa_code) LEFT JOIN ok USING (desa_code) LEFT JOIN mx USING (desa_code)),
    tm AS (
      SELECT CASE WHEN grouping(left(x.desa_code, 8)) = 0 THEN left(x.desa_code, 8) END AS kecamatan, count(*)::int AS received,
             ${statsSql('d_triage', 'triage')}, ${statsSql('d_referral', 'referral')},
             ${statsSql('d_answer', 'answer')}, ${statsSql('d_close', 'close')}
        FROM (SELECT x.desa_code, ${days('registered_at', 'triaged_at')} AS d_triage, ${days('registered_at', 'referred_at')} AS d_referral,
                     ${days('referred_at', 'answered_at')} AS d_answer, ${days('registered_at', 'closed_at')} AS d_close
                FROM (SELECT c.desa_code${msCols('c', cts)} FROM rpt_complaint c WHERE ${region('c')} AND ${inMonth('c.registered_at')}) x) x
       GROUP BY GROUPING SETS ((left(x.desa_code, 8)), ())),
    ow AS (
      SELECT x.owner_code AS owner, count(*) FILTER (WHERE x.is_sent)::int AS sent, count(*) FILTER (WHERE x.is_answered)::int AS answered,
             count(*) FILTER (WHERE x.is_answered AND x.outcome = 'accepted')::int AS accepted,
             count(*) FILTER (WHERE x.is_answered AND x.outcome = 'rejected')::int AS rejected,
             count(*) FILTER (WHERE x.is_answered AND x.outcome = 'review-requested')::int AS review_requested,
             count(*) FILTER (WHERE x.is_answered AND x.outcome = 'resolved')::int AS resolved,
             ${statsSql('x.d_response', 'response')}
        FROM (SELECT x.owner_code, x.outcome, x.is_sent, x.is_answered,
                     CASE WHEN x.is_answered THEN ${days('sent_at', 'first_answer_at')} END AS d_response
                FROM (SELECT r.owner_code, r.outcome, ${inMonth('r.sent_at')} AS is_sent,
                             coalesce(${inMonth('r.first_answer_at')}, false) AS is_answered${msCols('r', ['sent_at', 'first_answer_at'])}
                        FROM rpt_referral r
                       WHERE ${region('r')} AND ((${inMonth('r.sent_at')}) OR (${inMonth('r.first_answer_at')}))) x) x
       GROUP BY 1),
    rs AS (
      SELECT r.owner_code AS owner, coalesce(r.reason_code, 'UNSPECIFIED') AS reason, count(*)::int AS count
        FROM rpt_referral r WHERE ${region('r')} AND ${inMonth('r.first_answer_at')} AND r.outcome = 'rejected' GROUP BY 1, 2)
    SELECT (SELECT coalesce(json_agg(ds), '[]') FROM ds) AS desa, (SELECT coalesce(json_agg(tm), '[]') FROM tm) AS times,
           (SELECT coalesce(json_agg(ow), '[]') FROM ow) AS owners, (SELECT coalesce(json_agg(rs), '[]') FROM rs) AS reasons`;
  const row = await aggregate(m, sql, p.values);
  const n = (r: Record<string, unknown>, k: string) => Number(r[k] ?? 0);
  return {
    desa: row!.desa!.map((r) => ({
      desa: String(r.desa_code),
      received: n(r, 'received'),
      fo: n(r, 'fo'),
      fs: n(r, 'fs'),
      kepesertaan: n(r, 'kepesertaan'),
      nonKepesertaan: n(r, 'non_kepesertaan'),
      autoTriaged: n(r, 'auto_triaged'),
      sent: n(r, 'sent'),
      answered: n(r, 'answered'),
      closed: n(r, 'closed'),
      closedResolved: n(r, 'closed_resolved'),
      closedRejected: n(r, 'closed_rejected'),
      closedWithdrawn: n(r, 'closed_withdrawn'),
      resolvedLocally: n(r, 'resolved_locally'),
      open: n(r, 'open'),
      onTrack: n(r, 'on_track'),
      atRisk: n(r, 'at_risk'),
      breached: n(r, 'breached'),
      messages: Object.fromEntries(
        ['delivered', 'fs_visits', 'failed', 'sms', 'whatsapp', 'email', 'letter', 'fs_visit'].map((k) => [k, n(r, k)]),
      ),
    })),
    times: row!.times!.map((r) => ({
      kecamatan: r.kecamatan === null ? null : String(r.kecamatan),
      received: n(r, 'received'),
      triage: statsOf(r, 'triage'),
      referral: statsOf(r, 'referral'),
      answer: statsOf(r, 'answer'),
      close: statsOf(r, 'close'),
    })),
    owners: row!.owners!.map((r) => ({
      owner: String(r.owner),
      sent: n(r, 'sent'),
      answered: n(r, 'answered'),
      accepted: n(r, 'accepted'),
      rejected: n(r, 'rejected'),
      reviewRequested: n(r, 'review_requested'),
      resolved: n(r, 'resolved'),
      response: statsOf(r, 'response'),
    })),
    reasons: row!.reasons!.map((r) => ({ owner: String(r.owner), reason: String(r.reason), count: n(r, 'count') })),
  };
}
