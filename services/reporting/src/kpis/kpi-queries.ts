import type { EntityManager } from 'typeorm';
import {
  PRELIST_STAGES,
  type CitizensInformedRowV1,
  type KpiDimension,
  type KpiRowV1,
  type PrelistPipelineV1,
  type ReasonCountV1,
} from '@slrt/contracts';
import { zoneOffsetMs } from '@slrt/domain';
import { regionSql } from './access.js';
import type { ComplaintFilter } from './read-model.repository.js';
import { workingDaySql } from './working-day-sql.js';
import { round1 } from './working-time.js';

/** Numbered query parameters. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
  region(column: string, regions: string[]): string {
    const r = regionSql(column, regions, this.values.length + 1);
    this.values.push(...r.params);
    return r.sql;
  }
}

/** The local month (`YYYY-MM`) of a timestamp column, as `localMonth`. */
export const localMonthSql = (column: string, timeZone: string) =>
  `to_char((${column} AT TIME ZONE 'UTC') + interval '${zoneOffsetMs(timeZone) / 60_000} minutes', 'YYYY-MM')`;

/**
 * Runs one aggregation statement and answers its single row of JSON columns. In its own
 * transaction with `random_page_cost` at 1.1 (the usual value for SSDs and a cached read model):
 * at the default 4 the planner joins a kab/kota's month of complaints to its referrals and cases by
 * hashing those whole tables (330,000 cases), where a few thousand index lookups are much cheaper
 * (bench/reporting-queries.ts); with a province's year it still chooses the hash join. And without
 * JIT: the working-day expressions are long, and compiling them took PostgreSQL 15 about 20 s for
 * a month of 20,000 complaints whose evaluation takes under a second.
 */
export async function aggregate(m: EntityManager, sql: string, params: unknown[]) {
  return m.transaction(async (t) => {
    await t.query('SET LOCAL random_page_cost = 1.1; SET LOCAL jit = off');
    const [row] = (await t.query(sql, params)) as Array<Record<string, Array<Record<string, unknown>>>>;
    return row!;
  });
}

/** Complaints of the filter (registered in [from, to), region scope, channel, category, programme, owner). */
export function complaintWhere(p: SqlParams, f: ComplaintFilter): string {
  const parts = [
    `c.registered_at >= ${p.add(f.from)}`,
    `c.registered_at < ${p.add(f.to)}`,
    p.region('c.desa_code', f.regions),
  ];
  if (f.channel) parts.push(`c.channel = ${p.add(f.channel)}`);
  if (f.category) parts.push(`c.category = ${p.add(f.category)}`);
  if (f.programmeCode) parts.push(`${p.add(f.programmeCode)} = ANY(c.programme_codes)`);
  if (f.ownerCode)
    parts.push(
      `EXISTS (SELECT 1 FROM rpt_referral r WHERE r.complaint_id = c.complaint_id AND r.owner_code = ${p.add(f.ownerCode)})`,
    );
  return parts.join(' AND ');
}

/** Counts and the median and p90 (`percentile_cont`) of a duration column, as `durationStats` from one row. */
export const statsSql = (column: string, name: string) =>
  `count(${column})::int AS ${name}_n, percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}) AS ${name}_q`;
export const statsOf = (row: Record<string, unknown>, name: string) => {
  const q = row[`${name}_q`] as [number | null, number | null] | null;
  return { count: Number(row[`${name}_n`] ?? 0), median: round1(q?.[0] ?? null), p90: round1(q?.[1] ?? null) };
};

/** Open cases by deadline state at `now` (as `slaOf`): SQL counts over `k` (case) and `e` (its escalation). */
export const slaSql = (now: string) => {
  const open = `k.state <> ALL('{resolved,closed,withdrawn,rejected-by-owner}') AND k.due_at IS NOT NULL`;
  const breached = `(e.level IS NOT DISTINCT FROM 'breached' OR k.due_at <= ${now})`;
  return `count(*) FILTER (WHERE ${open} AND ${breached})::int AS breached,
    count(*) FILTER (WHERE ${open} AND NOT ${breached} AND e.level IS NOT DISTINCT FROM 'at-risk')::int AS at_risk,
    count(*) FILTER (WHERE ${open} AND NOT ${breached} AND e.level IS DISTINCT FROM 'at-risk')::int AS on_track`;
};

/** Rejection reason counts, most frequent first (then by code), as `reasonsOf`. */
export const sortReasons = (rs: ReasonCountV1[]) =>
  rs.sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode));

const MESSAGE_CHANNELS = `'{sms,whatsapp,email,letter}'`;
/** Message outcome counts over `x` (rpt_message), named as `informedRow` reads them. */
export const informedSql = `count(*) FILTER (WHERE x.channel = ANY(${MESSAGE_CHANNELS}) AND x.outcome = 'delivered')::int AS delivered,
  count(*) FILTER (WHERE x.channel = 'fs-visit')::int AS fs_visits,
  count(*) FILTER (WHERE x.channel = ANY(${MESSAGE_CHANNELS}) AND x.outcome <> 'delivered')::int AS failed,
  count(*) FILTER (WHERE x.channel = 'sms' AND x.outcome = 'delivered')::int AS sms,
  count(*) FILTER (WHERE x.channel = 'whatsapp' AND x.outcome = 'delivered')::int AS whatsapp,
  count(*) FILTER (WHERE x.channel = 'email' AND x.outcome = 'delivered')::int AS email,
  count(*) FILTER (WHERE x.channel = 'letter' AND x.outcome = 'delivered')::int AS letter,
  count(*) FILTER (WHERE x.channel = 'fs-visit' AND x.outcome = 'delivered')::int AS fs_visit`;
export function informedRow(key: string, r: Record<string, number> | undefined): CitizensInformedRowV1 {
  const n = (k: string) => Number(r?.[k] ?? 0);
  return {
    key,
    messagesDelivered: n('delivered'),
    fsVisitsDone: n('fs_visits'),
    messagesFailed: n('failed'),
    delivered: {
      sms: n('sms'),
      whatsapp: n('whatsapp'),
      email: n('email'),
      letter: n('letter'),
      fsVisit: n('fs_visit'),
    },
  };
}

/** A complaint's group keys for `dimension`: an expression (`key`) or a lateral join giving `g.key`. */
function keySql(dimension: KpiDimension, timeZone: string, p: SqlParams, ownerCode: string | undefined) {
  switch (dimension) {
    case 'none':
      return { key: `'all'`, join: '' };
    case 'kab-kota':
      return { key: 'left(c.desa_code, 5)', join: '' };
    case 'kecamatan':
      return { key: 'left(c.desa_code, 8)', join: '' };
    case 'desa':
      return { key: 'c.desa_code', join: '' };
    case 'month':
      return { key: localMonthSql('c.registered_at', timeZone), join: '' };
    case 'channel':
      return { key: `coalesce(c.channel, 'UNKNOWN')`, join: '' };
    case 'channel-group':
      return { key: `CASE WHEN c.channel = 'FASILITATOR_VISIT' THEN 'FS' ELSE 'FO' END`, join: '' };
    case 'category':
      return { key: `coalesce(c.category, 'UNKNOWN')`, join: '' };
    case 'programme':
      return {
        key: 'kk.key',
        join: 'CROSS JOIN LATERAL (SELECT DISTINCT u AS key FROM unnest(c.programme_codes) u) kk',
      };
    case 'owner': {
      const only = ownerCode ? ` AND r.owner_code = ${p.add(ownerCode)}` : '';
      return {
        key: 'kk.key',
        join: `CROSS JOIN LATERAL (SELECT DISTINCT r.owner_code AS key FROM rpt_referral r WHERE r.complaint_id = c.complaint_id${only}) kk`,
      };
    }
  }
}

export interface KpiQuery {
  dimension: KpiDimension;
  filter: ComplaintFilter;
  timeZone: string;
  /** The holidays (`YYYY-MM-DD`) durations skip besides weekends. */
  holidays: ReadonlySet<string>;
  now: Date;
}

/**
 * The KPI rows, the citizens informed and the prelist pipeline in one SQL statement (one snapshot):
 * grouped in PostgreSQL, durations in working days counted there (working-day-sql.ts), so only groups cross
 * the wire. Same answers as `aggregateKpis`, `citizensInformed` and `prelistPipeline` (kpi-reference.ts).
 */
export async function queryKpis(
  m: EntityManager,
  q: KpiQuery,
): Promise<{ rows: KpiRowV1[]; citizensInformed: CitizensInformedRowV1[]; prelistPipeline: PrelistPipelineV1 }> {
  const p = new SqlParams();
  const f = q.filter;
  const where = complaintWhere(p, f);
  const key = keySql(q.dimension, q.timeZone, p, f.ownerCode);
  const wd = workingDaySql(q.holidays, q.timeZone);
  const now = p.add(q.now);
  const from = p.add(f.from);
  const to = p.add(f.to);
  const ts = ['registered_at', 'triaged_at', 'referred_at', 'answered_at', 'closed_at'];
  const referralOwner = [
    q.dimension === 'owner' ? ' AND r.owner_code = g.key' : '',
    f.ownerCode ? ` AND r.owner_code = ${p.add(f.ownerCode)}` : '',
  ].join('');
  const msgKey: Partial<Record<KpiDimension, string>> = {
    'kab-kota': 'left(x.desa_code, 5)',
    kecamatan: 'left(x.desa_code, 8)',
    desa: 'x.desa_code',
    month: localMonthSql('x.outcome_at', q.timeZone),
  };
  const msgRegion = p.region('x.desa_code', f.regions);
  const prelistRegion = p.region('pp.desa_code', f.regions);
  const sql = `
    WITH g AS MATERIALIZED (
      SELECT c.complaint_id, ${key.key} AS key, c.auto_triaged, ${ts.map((t) => wd.instant(`c.${t}`, t)).join(', ')}
        FROM rpt_complaint c ${key.join} WHERE ${where}),
    cs AS (
      SELECT key, count(*)::int AS n, count(*) FILTER (WHERE auto_triaged)::int AS auto,
             ${statsSql('d_triage', 'triage')}, ${statsSql('d_referral', 'referral')},
             ${statsSql('d_answer', 'answer')}, ${statsSql('d_close', 'close')}
        FROM (SELECT x.key, x.auto_triaged, ${wd.days('registered_at', 'triaged_at')} AS d_triage,
                     ${wd.days('registered_at', 'referred_at')} AS d_referral,
                     ${wd.days('referred_at', 'answered_at')} AS d_answer,
                     ${wd.days('registered_at', 'closed_at')} AS d_close
                FROM g x) d
       GROUP BY key),
    -- Referrals by outcome (and reason when rejected): one pass, summed per key by the caller.
    ro AS (
      SELECT g.key, r.outcome, CASE WHEN r.outcome = 'rejected' THEN coalesce(r.reason_code, 'UNSPECIFIED') END AS reason, count(*)::int AS n
        FROM g JOIN rpt_referral r ON r.complaint_id = g.complaint_id${referralOwner} GROUP BY 1, 2, 3),
    ks AS (
      SELECT g.key, ${slaSql(now)}, count(*) FILTER (WHERE k.resolved_locally_at IS NOT NULL)::int AS resolved_locally
        FROM g JOIN rpt_case k ON k.complaint_id = g.complaint_id
        LEFT JOIN rpt_case_escalation e ON e.case_id = k.case_id AND e.state = k.state AND e.due_at = k.due_at
       GROUP BY g.key),
    ms AS (
      SELECT ${msgKey[q.dimension] ?? `'all'`} AS key, ${informedSql}
        FROM rpt_message x WHERE x.outcome_at >= ${from} AND x.outcome_at < ${to} AND ${msgRegion} GROUP BY 1),
    pl AS (
      SELECT pp.proposal_id, pp.status AS current, s.status, s.at
        FROM rpt_proposal_step s JOIN rpt_proposal pp USING (proposal_id) WHERE pp.kind = 'prelist' AND ${prelistRegion}),
    ps AS (
      SELECT 'reached' AS kind, status, count(DISTINCT proposal_id)::int AS n FROM pl WHERE at >= ${from} AND at < ${to} GROUP BY status
      UNION ALL
      SELECT 'now', current, count(DISTINCT proposal_id)::int FROM pl GROUP BY current)
    SELECT (SELECT coalesce(json_agg(cs), '[]') FROM cs) AS complaints,
           (SELECT coalesce(json_agg(ro), '[]') FROM ro) AS referrals,
           (SELECT coalesce(json_agg(ks), '[]') FROM ks) AS cases,
           (SELECT coalesce(json_agg(ms), '[]') FROM ms) AS messages,
           (SELECT coalesce(json_agg(ps), '[]') FROM ps) AS prelist`;
  const row = await aggregate(m, sql, p.values);
  const byKey = (rows: Array<Record<string, unknown>>) => new Map(rows.map((r) => [String(r.key), r]));
  const complaints = byKey(row!.complaints!);
  const cases = byKey(row!.cases!);
  const reasons = new Map<string, ReasonCountV1[]>();
  const outcomes = new Map<string, Record<string, number>>();
  for (const r of row!.referrals!) {
    const k = String(r.key);
    const o = outcomes.get(k) ?? {};
    const count = Number(r.n);
    const field =
      r.outcome === null ? 'awaiting' : r.outcome === 'review-requested' ? 'review_requested' : String(r.outcome);
    o.sent = (o.sent ?? 0) + count;
    o[field] = (o[field] ?? 0) + count;
    outcomes.set(k, o);
    if (r.reason !== null) reasons.set(k, [...(reasons.get(k) ?? []), { reasonCode: String(r.reason), count }]);
  }
  if (q.dimension === 'none' && !complaints.size) complaints.set('all', { key: 'all', n: 0, auto: 0 });
  const rows = [...complaints.keys()].sort().map((k): KpiRowV1 => {
    const c = complaints.get(k)!;
    const r = outcomes.get(k) ?? {};
    const s = cases.get(k) ?? {};
    const n = Number(c.n);
    const auto = Number(c.auto);
    const int = (o: Record<string, unknown>, name: string) => Number(o[name] ?? 0);
    return {
      key: k,
      complaintsReceived: n,
      autoTriaged: auto,
      autoTriagedShare: n ? Math.round((auto / n) * 10_000) / 10_000 : null,
      triageDays: statsOf(c, 'triage'),
      referralDays: statsOf(c, 'referral'),
      ownerAnswerDays: statsOf(c, 'answer'),
      closeDays: statsOf(c, 'close'),
      sla: { onTrack: int(s, 'on_track'), atRisk: int(s, 'at_risk'), breached: int(s, 'breached') },
      referrals: {
        sent: int(r, 'sent'),
        awaiting: int(r, 'awaiting'),
        accepted: int(r, 'accepted'),
        rejected: int(r, 'rejected'),
        reviewRequested: int(r, 'review_requested'),
        resolved: int(r, 'resolved'),
      },
      rejectionReasons: sortReasons(reasons.get(k) ?? []),
      resolvedLocally: int(s, 'resolved_locally'),
    };
  });
  const messages = byKey(row!.messages!);
  if (!msgKey[q.dimension] && !messages.size) messages.set('all', {});
  const informed = [...messages.keys()].sort().map((k) => informedRow(k, messages.get(k) as Record<string, number>));
  const stage = (kind: string, status: string) =>
    Number(row!.prelist!.find((s) => s.kind === kind && s.status === status)?.n ?? 0);
  return {
    rows,
    citizensInformed: informed,
    prelistPipeline: {
      stages: PRELIST_STAGES.map((s) => ({ stage: s, reached: stage('reached', s), now: stage('now', s) })),
      declined: stage('reached', 'declined'),
      rejected: stage('reached', 'rejected'),
      withdrawn: stage('reached', 'withdrawn'),
    },
  };
}
