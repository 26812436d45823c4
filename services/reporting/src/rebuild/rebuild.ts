import type { DataSource, EntityManager } from 'typeorm';
import { EVENTS, isEventSubject, type PayloadClass } from '@slrt/contracts';
import {
  SERVICE_DURABLES,
  decodeEnvelope,
  replayStream,
  type NatsConnection,
  type ReplayedMessage,
} from '@slrt/messaging';
import type { Logger } from '@slrt/observability';
import { ProjectionRepository, REBUILD_PREFIX } from '../projection/projection.repository.js';

/** The read model's tables, rebuilt together (kept monthly reports are a record and are not touched). */
export const READ_MODEL_TABLES = [
  'rpt_complaint',
  'rpt_case',
  'rpt_case_escalation',
  'rpt_referral',
  'rpt_proposal',
  'rpt_proposal_step',
  'rpt_message',
  'rpt_projection',
  'rpt_outcome_verification',
] as const;
/** The streams the read model is made from (retention: no age limit, see the README). */
export const SOURCE_STREAMS = ['SLRT_INTAKE', 'SLRT_REFERRAL', 'SLRT_REGISTRY', 'SLRT_NOTIFICATION'] as const;

type Apply = (repo: ProjectionRepository, m: EntityManager, data: never) => Promise<void>;
/** The projection of each subject the live consumers handle (the same repository methods). */
const APPLY: Record<string, Apply> = {
  'slrt.evt.intake.complaint.registered.v1': (r, m, d) => r.complaintRegistered(m, d),
  'slrt.evt.intake.complaint.registry-checked.v1': (r, m, d) => r.complaintChecked(m, d),
  'slrt.evt.intake.complaint.corrected.v1': (r, m, d) => r.complaintCorrected(m, d),
  'slrt.evt.intake.complaint.status-changed.v1': (r, m, d) => r.complaintStep(m, d),
  'slrt.evt.referral.case.opened.v1': (r, m, d) => r.caseOpened(m, d),
  'slrt.evt.referral.case.transitioned.v1': (r, m, d) => r.caseTransitioned(m, d),
  'slrt.evt.referral.case.deadline-escalated.v1': (r, m, d) => r.deadlineEscalated(m, d),
  'slrt.evt.registry.proposal.status-changed.v1': (r, m, d) => r.proposalChanged(m, d),
  'slrt.evt.notification.message.outcome.v1': (r, m, d) => r.messageOutcome(m, d),
  'slrt.evt.referral.outcome-verification.completed.v1': (r, m, d) => r.outcomeCompleted(m, d),
};

export interface RebuildResult {
  /** Events applied to the new read model, per stream. */
  applied: Record<string, number>;
  /** Messages skipped: subjects the read model does not use, or invalid ones (the live consumers dead-letter those). */
  skipped: number;
}

/**
 * Replays the source streams from their first message into shadow copies of the read model
 * (`rb_rpt_…`, same schema: a service's role may not create schemas), then swaps them in atomically:
 * in one transaction that locks the live tables (live consumers wait, then retry), the messages that
 * arrived meanwhile are applied too, and each shadow table takes its live table's name. Every
 * projection write is idempotent per event, so an event both drained here and retried by a live
 * consumer after the swap changes nothing (the live inbox keeps its rows; only the `events` counter of
 * `rpt_projection` may count it twice). Queries keep answering from the old tables until the swap.
 */
export async function rebuildReadModel(o: {
  dataSource: DataSource;
  nats: NatsConnection;
  logger: Logger;
}): Promise<RebuildResult> {
  const ds = o.dataSource;
  const repo = ProjectionRepository.forRebuild();
  const durableOf = new Map(
    SERVICE_DURABLES.filter((d) => d.service === 'reporting').map((d) => [d.subject, d.durable]),
  );
  const result: RebuildResult = { applied: Object.fromEntries(SOURCE_STREAMS.map((s) => [s, 0])), skipped: 0 };
  for (const t of READ_MODEL_TABLES) {
    await ds.query(`DROP TABLE IF EXISTS ${REBUILD_PREFIX}${t}`);
    await ds.query(`CREATE TABLE ${REBUILD_PREFIX}${t} (LIKE ${t} INCLUDING ALL)`);
  }
  const apply = (m: EntityManager, stream: string) => async (msg: ReplayedMessage) => {
    const fn = APPLY[msg.subject];
    if (!fn || !isEventSubject(msg.subject)) return void result.skipped++;
    const decoded = decodeEnvelope(msg.body, EVENTS[msg.subject] as PayloadClass);
    if (!decoded.ok) return void result.skipped++;
    await fn(repo, m, decoded.envelope.data as never);
    await repo.advance(m, durableOf.get(msg.subject) ?? msg.subject, decoded.envelope.occurredAt);
    result.applied[stream]!++;
  };
  // The bulk of history, one transaction per stream (no lock on the live tables).
  const reached: Record<string, number> = {};
  for (const stream of SOURCE_STREAMS) {
    reached[stream] = await ds.transaction((m) => replayStream(o.nats, stream, 1, apply(m, stream)));
    o.logger.info({ stream, lastSeq: reached[stream], applied: result.applied[stream] }, 'rebuild: stream replayed');
  }
  // The swap: live consumers wait on the lock; what arrived since is applied; names change hands.
  await ds.transaction(async (m) => {
    await m.query(`LOCK TABLE ${READ_MODEL_TABLES.join(', ')} IN ACCESS EXCLUSIVE MODE`);
    for (const stream of SOURCE_STREAMS)
      reached[stream] = await replayStream(o.nats, stream, reached[stream]! + 1, apply(m, stream));
    for (const t of READ_MODEL_TABLES) {
      await m.query(`DROP TABLE ${t}`);
      await m.query(`ALTER TABLE ${REBUILD_PREFIX}${t} RENAME TO ${t}`);
      const indexes = (await m.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname LIKE $2`,
        [t, `${REBUILD_PREFIX}%`],
      )) as Array<{ indexname: string }>;
      for (const { indexname } of indexes)
        await m.query(`ALTER INDEX "${indexname}" RENAME TO "${indexname.slice(REBUILD_PREFIX.length)}"`);
    }
  });
  o.logger.info({ applied: result.applied, skipped: result.skipped }, 'rebuild: read model swapped in');
  return result;
}
