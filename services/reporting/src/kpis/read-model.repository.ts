import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProjectionFreshnessV1 } from '@slrt/contracts';
import { regionSql } from './access.js';

export interface ComplaintRow {
  complaint_id: string;
  desa_code: string;
  channel: string | null;
  category: string | null;
  programme_codes: string[];
  registered_at: Date;
  auto_triaged: boolean | null;
  triaged_at: Date | null;
  referred_at: Date | null;
  answered_at: Date | null;
  closed_at: Date | null;
  final_step: string | null;
}

export interface ReferralRow {
  complaint_id: string;
  owner_code: string;
  desa_code: string;
  sent_at: Date;
  due_at: Date | null;
  first_answer_at: Date | null;
  outcome: 'accepted' | 'rejected' | 'review-requested' | 'resolved' | null;
  reason_code: string | null;
  closed_at: Date | null;
}

export interface CaseRow {
  case_id: string;
  complaint_id: string;
  desa_code: string;
  state: string;
  due_at: Date | null;
  escalation: 'at-risk' | 'breached' | null;
  resolved_locally_at: Date | null;
}

export interface MessageRow {
  message_id: string;
  desa_code: string;
  channel: string;
  outcome: 'delivered' | 'failed' | 'undeliverable';
  outcome_at: Date;
}

export interface ProposalStepRow {
  proposal_id: string;
  desa_code: string;
  status: string;
  at: Date;
  current: string;
}

export interface ComplaintFilter {
  from: Date;
  to: Date;
  regions: string[];
  channel?: string | undefined;
  category?: string | undefined;
  programmeCode?: string | undefined;
  ownerCode?: string | undefined;
}

/**
 * Row reads of the read model: the freshness of every answer, and the rows the JS reference
 * (kpi-reference.ts) computes the KPIs and the owner board from, which the SQL aggregation
 * (kpi-queries.ts, owner-board-query.ts) is tested and benchmarked against.
 */
@Injectable()
export class ReadModelRepository {
  private complaintWhere(f: ComplaintFilter): { sql: string; params: unknown[] } {
    const params: unknown[] = [f.from, f.to];
    const region = regionSql('c.desa_code', f.regions, 3);
    params.push(...region.params);
    const parts = ['c.registered_at >= $1', 'c.registered_at < $2', region.sql];
    const add = (sql: (n: number) => string, v: unknown) => {
      params.push(v);
      parts.push(sql(params.length));
    };
    if (f.channel) add((n) => `c.channel = $${n}`, f.channel);
    if (f.category) add((n) => `c.category = $${n}`, f.category);
    if (f.programmeCode) add((n) => `$${n} = ANY(c.programme_codes)`, f.programmeCode);
    if (f.ownerCode)
      add(
        (n) => `EXISTS (SELECT 1 FROM rpt_referral r WHERE r.complaint_id = c.complaint_id AND r.owner_code = $${n})`,
        f.ownerCode,
      );
    return { sql: parts.join(' AND '), params };
  }

  /** Complaints registered in [from, to) in the regions, matching the filters. */
  async complaints(m: EntityManager, f: ComplaintFilter): Promise<ComplaintRow[]> {
    const w = this.complaintWhere(f);
    return m.query(`SELECT c.* FROM rpt_complaint c WHERE ${w.sql} ORDER BY c.complaint_id`, w.params);
  }

  /** Referrals of the complaints the filter selects (only `ownerCode`'s when set). */
  async referralsOfComplaints(m: EntityManager, f: ComplaintFilter): Promise<ReferralRow[]> {
    const w = this.complaintWhere(f);
    const params = [...w.params];
    let owner = '';
    if (f.ownerCode) {
      params.push(f.ownerCode);
      owner = ` AND r.owner_code = $${params.length}`;
    }
    return m.query(
      `SELECT r.* FROM rpt_referral r JOIN rpt_complaint c USING (complaint_id) WHERE ${w.sql}${owner} ORDER BY r.complaint_id, r.owner_code`,
      params,
    );
  }

  /** Cases of the complaints the filter selects. */
  async casesOfComplaints(m: EntityManager, f: ComplaintFilter): Promise<CaseRow[]> {
    const w = this.complaintWhere(f);
    return m.query(
      `SELECT k.*, (SELECT e.level FROM rpt_case_escalation e WHERE e.case_id = k.case_id AND e.state = k.state AND e.due_at = k.due_at) AS escalation FROM rpt_case k JOIN rpt_complaint c USING (complaint_id) WHERE ${w.sql} ORDER BY k.case_id`,
      w.params,
    );
  }

  /** Referrals in the regions (all of them when `regions` is null), sent in [from, to) or still open. */
  async referralsForBoard(
    m: EntityManager,
    regions: string[] | null,
    from: Date,
    to: Date,
    ownerCode: string | undefined,
  ): Promise<ReferralRow[]> {
    const params: unknown[] = [from, to];
    const parts = [
      "((r.sent_at >= $1 AND r.sent_at < $2) OR (r.closed_at IS NULL AND (r.outcome IS NULL OR r.outcome = 'accepted')))",
    ];
    if (regions) {
      const region = regionSql('r.desa_code', regions, 3);
      params.push(...region.params);
      parts.push(region.sql);
    }
    if (ownerCode) {
      params.push(ownerCode);
      parts.push(`r.owner_code = $${params.length}`);
    }
    return m.query(
      `SELECT r.* FROM rpt_referral r WHERE ${parts.join(' AND ')} ORDER BY r.owner_code, r.complaint_id`,
      params,
    );
  }

  /** Outcome verifications (issue 19) ended in [from, to) in the regions (all when null), optionally of one owner. */
  async outcomesForBoard(
    m: EntityManager,
    regions: string[] | null,
    from: Date,
    to: Date,
    ownerCode: string | undefined,
  ): Promise<Array<{ owner_code: string; outcome: string }>> {
    const params: unknown[] = [from, to];
    const parts = ['o.completed_at >= $1 AND o.completed_at < $2'];
    if (regions) {
      const region = regionSql('o.desa_code', regions, 3);
      params.push(...region.params);
      parts.push(region.sql);
    }
    if (ownerCode) {
      params.push(ownerCode);
      parts.push(`o.owner_code = $${params.length}`);
    }
    return m.query(
      `SELECT o.owner_code, o.outcome FROM rpt_outcome_verification o WHERE ${parts.join(' AND ')}`,
      params,
    );
  }

  /** Messages whose outcome was recorded in [from, to) in the regions. */
  async messages(m: EntityManager, regions: string[], from: Date, to: Date): Promise<MessageRow[]> {
    const region = regionSql('desa_code', regions, 3);
    return m.query(
      `SELECT message_id, desa_code, channel, outcome, outcome_at FROM rpt_message WHERE outcome_at >= $1 AND outcome_at < $2 AND ${region.sql} ORDER BY message_id`,
      [from, to, ...region.params],
    );
  }

  /** Every status reached by the prelist proposals of the regions, with each proposal's current status. */
  async prelistSteps(m: EntityManager, regions: string[]): Promise<ProposalStepRow[]> {
    const region = regionSql('p.desa_code', regions, 1);
    return m.query(
      `SELECT s.proposal_id, p.desa_code, s.status, s.at, p.status AS current FROM rpt_proposal_step s JOIN rpt_proposal p USING (proposal_id)
        WHERE p.kind = 'prelist' AND ${region.sql} ORDER BY s.proposal_id, s.at`,
      region.params,
    );
  }

  async freshness(m: EntityManager, now = new Date()): Promise<ProjectionFreshnessV1> {
    const [row] = (await m.query(
      `SELECT max(last_occurred_at) AS up_to, max(last_applied_at) AS applied FROM rpt_projection`,
    )) as Array<{ up_to: Date | null; applied: Date | null }>;
    const upTo = row?.up_to ? new Date(row.up_to) : null;
    return {
      dataUpTo: upTo?.toISOString() ?? null,
      projectedAt: row?.applied ? new Date(row.applied).toISOString() : null,
      lagSeconds: upTo ? Math.max(0, Math.round((now.getTime() - upTo.getTime()) / 1000)) : null,
    };
  }
}
