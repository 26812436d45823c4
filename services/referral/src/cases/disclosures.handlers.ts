import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import type { GetComplaintDisclosuresRequestV1, GetComplaintDisclosuresResponseV1 } from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';

/** The only caller of the disclosures: intake, building the citizen's access log (public status). */
export const DISCLOSURES_CALLER = 'system:intake';

/**
 * Which programme owners received a complaint's persons (one row per referral sent) and read them
 * since (`owner_read_audit`, per owner, reader kind and day), for the citizen's access log. Owners
 * by their directory name, never a user's id or name; no personal data.
 */
@Controller()
export class DisclosuresHandlers {
  constructor(private readonly dataSource: DataSource) {}

  @OnRequest('slrt.rpc.referral.get-complaint-disclosures.v1')
  async disclosures(
    @Payload() data: GetComplaintDisclosuresRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<GetComplaintDisclosuresResponseV1> {
    if (ctx.actor.id !== DISCLOSURES_CALLER)
      throw new DomainError('FORBIDDEN', 'Hanya layanan intake yang dapat meminta catatan pengungkapan data.', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    const m = this.dataSource.manager;
    const sends: Array<{ owner_code: string; sent_at: Date }> = await m.query(
      `SELECT r.owner_code, r.sent_at FROM referral r JOIN referral_case c ON c.id = r.case_id WHERE c.complaint_id = $1 ORDER BY r.sent_at LIMIT 100`,
      [data.complaintId],
    );
    const reads: Array<{ owner_code: string; actor_kind: string; at: Date; count: number }> = await m.query(
      `WITH refs AS (SELECT array_agg(r.id) AS ids FROM referral r JOIN referral_case c ON c.id = r.case_id WHERE c.complaint_id = $1)
       SELECT a.owner_code, a.actor_kind, max(a.at) AS at, count(*)::int AS count
       FROM owner_read_audit a, refs WHERE refs.ids IS NOT NULL AND a.referral_ids && refs.ids
       GROUP BY a.owner_code, a.actor_kind, date_trunc('day', a.at) ORDER BY max(a.at) DESC LIMIT 200`,
      [data.complaintId],
    );
    const codes = [...new Set([...sends.map((s) => s.owner_code), ...reads.map((r) => r.owner_code)])];
    const owners: Array<{ code: string; name: string }> = codes.length
      ? await m.query(`SELECT code, name FROM programme_owner WHERE code = ANY($1::text[]) ORDER BY code`, [codes])
      : [];
    return {
      owners,
      sends: sends.map((s) => ({ ownerCode: s.owner_code, at: new Date(s.sent_at).toISOString() })),
      reads: reads.map((r) => ({
        ownerCode: r.owner_code,
        actorKind: r.actor_kind === 'user' ? 'user' : 'owner-client',
        at: new Date(r.at).toISOString(),
        count: r.count,
      })),
    };
  }
}
