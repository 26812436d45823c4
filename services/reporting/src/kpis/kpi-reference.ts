import {
  PRELIST_STAGES,
  type CitizensInformedRowV1,
  type KpiDimension,
  type KpiRowV1,
  type OwnerBoardRowV1,
  type PrelistPipelineV1,
  type ReasonCountV1,
} from '@slrt/contracts';
import { localMonth } from '@slrt/domain';
import type { CaseRow, ComplaintRow, MessageRow, ProposalStepRow, ReferralRow } from './read-model.repository.js';
import { durationStats, quantile, round1, workingDaysBetween } from './working-time.js';

/*
 * The KPIs computed in JS from the read model's rows: the reference the SQL aggregation
 * (kpi-queries.ts) is tested against (test/kpi-sql.int-spec.ts), and the helpers the monthly
 * report and the Puskesos activity share with it.
 */
/** A complaint's channel as FO (any office channel) or FS (a Fasilitator's visit). */
export const channelGroup = (channel: string | null) => (channel === 'FASILITATOR_VISIT' ? 'FS' : 'FO');

/** Open cases by the deadline state of their current step at `now`. */
export function slaOf(cases: readonly CaseRow[], now: Date) {
  const sla = { onTrack: 0, atRisk: 0, breached: 0 };
  for (const k of cases) {
    if (['resolved', 'closed', 'withdrawn', 'rejected-by-owner'].includes(k.state) || !k.due_at) continue;
    if (k.escalation === 'breached' || new Date(k.due_at).getTime() <= now.getTime()) sla.breached++;
    else if (k.escalation === 'at-risk') sla.atRisk++;
    else sla.onTrack++;
  }
  return sla;
}

/** Rejections by reason, most frequent first (then by code). */
export function reasonsOf(referrals: readonly ReferralRow[]): ReasonCountV1[] {
  const counts = new Map<string, number>();
  for (const r of referrals)
    if (r.outcome === 'rejected')
      counts.set(r.reason_code ?? 'UNSPECIFIED', (counts.get(r.reason_code ?? 'UNSPECIFIED') ?? 0) + 1);
  return [...counts]
    .map(([reasonCode, count]) => ({ reasonCode, count }))
    .sort((a, b) => b.count - a.count || a.reasonCode.localeCompare(b.reasonCode));
}

/** Groups complaints (and their referrals and cases) by `dimension` and computes each group's KPIs. */
export function aggregateKpis(
  dimension: KpiDimension,
  complaints: readonly ComplaintRow[],
  referrals: readonly ReferralRow[],
  cases: readonly CaseRow[],
  o: { holidays: ReadonlySet<string>; timeZone: string; now: Date },
): KpiRowV1[] {
  const refsOf = new Map<string, ReferralRow[]>();
  for (const r of referrals) refsOf.set(r.complaint_id, [...(refsOf.get(r.complaint_id) ?? []), r]);
  const casesOf = new Map<string, CaseRow[]>();
  for (const k of cases) casesOf.set(k.complaint_id, [...(casesOf.get(k.complaint_id) ?? []), k]);
  const keysOf = (c: ComplaintRow): string[] => {
    switch (dimension) {
      case 'none':
        return ['all'];
      case 'kab-kota':
        return [c.desa_code.slice(0, 5)];
      case 'kecamatan':
        return [c.desa_code.slice(0, 8)];
      case 'desa':
        return [c.desa_code];
      case 'month':
        return [localMonth(c.registered_at, o.timeZone)];
      case 'channel':
        return [c.channel ?? 'UNKNOWN'];
      case 'channel-group':
        return [channelGroup(c.channel)];
      case 'category':
        return [c.category ?? 'UNKNOWN'];
      case 'programme':
        return [...new Set(c.programme_codes)];
      case 'owner':
        return [...new Set((refsOf.get(c.complaint_id) ?? []).map((r) => r.owner_code))];
    }
  };
  const groups = new Map<string, { complaints: ComplaintRow[]; referrals: ReferralRow[]; cases: CaseRow[] }>();
  const group = (key: string) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { complaints: [], referrals: [], cases: [] }));
    return g;
  };
  for (const c of complaints) {
    for (const key of keysOf(c)) {
      const g = group(key);
      g.complaints.push(c);
      // Grouped by owner, a group holds only that owner's referrals.
      g.referrals.push(
        ...(refsOf.get(c.complaint_id) ?? []).filter((r) => dimension !== 'owner' || r.owner_code === key),
      );
      g.cases.push(...(casesOf.get(c.complaint_id) ?? []));
    }
  }
  if (dimension === 'none' && !groups.size) group('all');
  const wd = (a: Date | null, b: Date | null) => (a && b ? workingDaysBetween(a, b, o.holidays, o.timeZone) : null);
  const durations = (cs: ComplaintRow[], f: (c: ComplaintRow) => number | null) =>
    durationStats(cs.map(f).filter((x): x is number => x !== null));
  return [...groups.keys()].sort().map((key) => {
    const g = groups.get(key)!;
    const auto = g.complaints.filter((c) => c.auto_triaged).length;
    const n = g.complaints.length;
    return {
      key,
      complaintsReceived: n,
      autoTriaged: auto,
      autoTriagedShare: n ? Math.round((auto / n) * 10_000) / 10_000 : null,
      triageDays: durations(g.complaints, (c) => wd(c.registered_at, c.triaged_at)),
      referralDays: durations(g.complaints, (c) => wd(c.registered_at, c.referred_at)),
      ownerAnswerDays: durations(g.complaints, (c) => wd(c.referred_at, c.answered_at)),
      closeDays: durations(g.complaints, (c) => wd(c.registered_at, c.closed_at)),
      sla: slaOf(g.cases, o.now),
      referrals: {
        sent: g.referrals.length,
        awaiting: g.referrals.filter((r) => r.outcome === null).length,
        accepted: g.referrals.filter((r) => r.outcome === 'accepted').length,
        rejected: g.referrals.filter((r) => r.outcome === 'rejected').length,
        reviewRequested: g.referrals.filter((r) => r.outcome === 'review-requested').length,
        resolved: g.referrals.filter((r) => r.outcome === 'resolved').length,
      },
      rejectionReasons: reasonsOf(g.referrals),
      resolvedLocally: g.cases.filter((k) => k.resolved_locally_at).length,
    };
  });
}

/** Channels of text messages and letters (an FS visit is counted apart). */
const MESSAGE_CHANNELS = ['sms', 'whatsapp', 'email', 'letter'];

/** Counts of one group of message outcomes. */
export function informedCounts(key: string, ms: readonly MessageRow[]): CitizensInformedRowV1 {
  const delivered = (ch: string) => ms.filter((x) => x.channel === ch && x.outcome === 'delivered').length;
  return {
    key,
    messagesDelivered: ms.filter((x) => MESSAGE_CHANNELS.includes(x.channel) && x.outcome === 'delivered').length,
    fsVisitsDone: ms.filter((x) => x.channel === 'fs-visit').length,
    messagesFailed: ms.filter((x) => MESSAGE_CHANNELS.includes(x.channel) && x.outcome !== 'delivered').length,
    delivered: {
      sms: delivered('sms'),
      whatsapp: delivered('whatsapp'),
      email: delivered('email'),
      letter: delivered('letter'),
      fsVisit: delivered('fs-visit'),
    },
  };
}

/** Citizens informed grouped like the KPI rows where messages have that dimension (region, month), else one `all` row. */
export function citizensInformed(
  dimension: KpiDimension,
  messages: readonly MessageRow[],
  timeZone: string,
): CitizensInformedRowV1[] {
  const keyOf = (x: MessageRow): string => {
    switch (dimension) {
      case 'kab-kota':
        return x.desa_code.slice(0, 5);
      case 'kecamatan':
        return x.desa_code.slice(0, 8);
      case 'desa':
        return x.desa_code;
      case 'month':
        return localMonth(x.outcome_at, timeZone);
      default:
        return 'all';
    }
  };
  const groups = new Map<string, MessageRow[]>();
  for (const x of messages) groups.set(keyOf(x), [...(groups.get(keyOf(x)) ?? []), x]);
  if (!['kab-kota', 'kecamatan', 'desa', 'month'].includes(dimension) && !groups.size) groups.set('all', []);
  return [...groups.keys()].sort().map((k) => informedCounts(k, groups.get(k)!));
}

/** The prelist pipeline: proposals that reached each stage in [from, to), and those at each stage now. */
export function prelistPipeline(steps: readonly ProposalStepRow[], from: Date, to: Date): PrelistPipelineV1 {
  const inPeriod = (s: ProposalStepRow) => s.at.getTime() >= from.getTime() && s.at.getTime() < to.getTime();
  const reached = (status: string) =>
    new Set(steps.filter((s) => s.status === status && inPeriod(s)).map((s) => s.proposal_id)).size;
  const now = new Map<string, string>();
  for (const s of steps) now.set(s.proposal_id, s.current);
  const atNow = (status: string) => [...now.values()].filter((c) => c === status).length;
  return {
    stages: PRELIST_STAGES.map((stage) => ({ stage, reached: reached(stage), now: atNow(stage) })),
    declined: reached('declined'),
    rejected: reached('rejected'),
    withdrawn: reached('withdrawn'),
  };
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

/** The owner SLA board's rows from the referrals (sent in the period or open) and outcome verifications of its scope. */
export function ownerBoardRows(
  referrals: readonly ReferralRow[],
  outcomes: ReadonlyArray<{ owner_code: string; outcome: string }>,
  o: { from: Date; to: Date; months: string[]; holidays: ReadonlySet<string>; timeZone: string; now: Date },
): OwnerBoardRowV1[] {
  const byOwner = new Map<string, ReferralRow[]>();
  for (const r of referrals) byOwner.set(r.owner_code, [...(byOwner.get(r.owner_code) ?? []), r]);
  // An owner whose only news in the period is the households' verdict still has its line.
  for (const o of outcomes) if (!byOwner.has(o.owner_code)) byOwner.set(o.owner_code, []);
  const rows: OwnerBoardRowV1[] = [...byOwner.keys()].sort().map((owner) => {
    const all = byOwner.get(owner)!;
    const inPeriod = all.filter((r) => r.sent_at.getTime() >= o.from.getTime() && r.sent_at.getTime() < o.to.getTime());
    const open = all.filter((r) => r.closed_at === null && (r.outcome === null || r.outcome === 'accepted'));
    const response = (rs: ReferralRow[]) =>
      rs
        .filter((r) => r.first_answer_at)
        .map((r) => workingDaysBetween(r.sent_at, r.first_answer_at!, o.holidays, o.timeZone));
    const decided = inPeriod.filter(
      (r) => r.outcome === 'accepted' || r.outcome === 'resolved' || r.outcome === 'rejected',
    );
    return {
      ownerCode: owner,
      sent: inPeriod.length,
      openReferrals: open.length,
      overdue: open.filter((r) => r.due_at && r.due_at.getTime() < o.now.getTime()).length,
      responseDays: durationStats(response(inPeriod)),
      acceptanceRate: decided.length
        ? Math.round((decided.filter((r) => r.outcome !== 'rejected').length / decided.length) * 10_000) / 10_000
        : null,
      rejectionReasons: reasonsOf(inPeriod),
      trend: o.months.map((month) => {
        const of = inPeriod.filter((r) => localMonth(r.sent_at, o.timeZone) === month);
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
  return rows;
}
