/* eslint-disable max-lines -- the supervisor check of FS submissions: queue, decision (approve, return, merge) and history of one workflow */
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  ActOnFieldCheckRequestV1,
  Actor,
  AnswerFieldCheckRequestV1,
  AnswerFieldCheckResponseV1,
  FieldCheckEntryV1,
  FieldCheckState,
  FieldCheckViewV1,
  ListFieldChecksRequestV1,
  ListFieldChecksResponseV1,
} from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { hasRole, inScope, requireRole, scopePatterns } from '@slrt/auth';
import { seesConfidential } from '../complaints/access.js';
import type { ComplaintRecord } from '../complaints/complaint.records.js';
import { publishRegistered } from '../complaints/complaint-registered.js';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { ComplaintCorrections } from '../complaints/complaint-corrections.service.js';
import { publishRegistryChecked } from '../complaints/registry-check.js';
import { enterStep } from '../status/status-history.js';
import { RPCS } from '@slrt/contracts';

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Kiriman FS tidak ditemukan di wilayah kerja Anda.', {
    reason: 'FIELD_CHECK_NOT_FOUND',
  });
const STALE = (version: number) =>
  new DomainError('CONFLICT', `Kiriman ini sudah ditindaklanjuti (versi ${version}). Muat ulang lalu coba lagi.`, {
    reason: 'VERSION_CONFLICT',
  });
const invalid = (field: string, message: string) =>
  new DomainError('VALIDATION_FAILED', 'Isian belum benar.', { fieldErrors: [{ field, messages: [message] }] });

/** A `field_check` row with its complaint's fields the views need. */
interface CheckRow {
  complaintId: string;
  desaCode: string;
  officerId: string;
  state: FieldCheckState;
  version: number;
  round: number;
  duplicateOf: string | null;
  submittedAt: Date;
  updatedAt: Date;
}

const CHECK_COLUMNS = `f.complaint_id AS "complaintId", f.desa_code AS "desaCode", f.officer_id AS "officerId", f.state, f.version, f.round,
  f.duplicate_of AS "duplicateOf", f.submitted_at AS "submittedAt", f.updated_at AS "updatedAt"`;

/**
 * The supervisor check of Fasilitator submissions: the SPV's queue, the SPV's decision (approve →
 * registered exactly once; return with a question; merge into a duplicate) and the FS's answer.
 * Every change is versioned, written with its entry (who, when, what) and its events in one
 * transaction (outbox). The SPV sees the kecamatan of their scope, the FS their own submissions.
 */
@Injectable()
export class FieldChecksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly corrections: ComplaintCorrections,
    private readonly outbox: OutboxPublisher,
  ) {}

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  async list(req: ListFieldChecksRequestV1, actor: Actor): Promise<ListFieldChecksResponseV1> {
    requireRole(actor, RPCS['slrt.rpc.intake.list-field-checks.v1'].roles);
    const spv = hasRole(actor, ['SPV']);
    const where = ['f.desa_code LIKE ANY($1::text[])', `c.status <> 'withdrawn'`];
    const params: unknown[] = [scopePatterns(actor)];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.state) add('f.state = ?', req.state);
    else add('f.state = ANY(?::text[])', spv ? ['awaiting'] : ['awaiting', 'returned']);
    if (!spv) add('f.officer_id = ?', actor.id);
    if (req.regionCode) add('f.desa_code LIKE ANY(?::text[])', [req.regionCode, `${req.regionCode}.%`]);
    const m = this.dataSource.manager;
    const clause = where.join(' AND ');
    const [{ total }] = await m.query(
      `SELECT count(*)::int AS total FROM field_check f JOIN complaint c ON c.id = f.complaint_id WHERE ${clause}`,
      params,
    );
    const rows: CheckRow[] = await m.query(
      `SELECT ${CHECK_COLUMNS} FROM field_check f JOIN complaint c ON c.id = f.complaint_id WHERE ${clause}
       ORDER BY f.submitted_at, f.complaint_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, req.pageSize, (req.page - 1) * req.pageSize],
    );
    const items = await Promise.all(
      rows.map(async (r) => this.view(m, r, (await this.repo.findById(m, r.complaintId))!, actor)),
    );
    await this.repo.audit(m, {
      actorId: actor.id,
      roles: actor.roles,
      action: 'field-check.list',
      complaintId: null,
      revealed: false,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
    return { items, total, page: req.page, pageSize: req.pageSize };
  }

  async get(complaintId: string, actor: Actor): Promise<FieldCheckViewV1> {
    requireRole(actor, RPCS['slrt.rpc.intake.get-field-check.v1'].roles);
    const m = this.dataSource.manager;
    const { check, complaint } = await this.find(m, complaintId, actor, false);
    await this.repo.audit(m, {
      actorId: actor.id,
      roles: actor.roles,
      action: 'complaint.read',
      complaintId,
      revealed: false,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
    return this.view(m, check, complaint, actor);
  }

  // ── the supervisor's decision ─────────────────────────────────────────────────────────────

  async act(req: ActOnFieldCheckRequestV1, actor: Actor): Promise<FieldCheckViewV1> {
    requireRole(actor, ['SPV']);
    const question = req.question?.trim() ?? '';
    const note = req.note?.trim() || null;
    if (req.action === 'return' && question.length < 3)
      throw invalid('question', 'Tuliskan pertanyaan untuk fasilitator (paling sedikit 3 karakter).');
    if (req.action === 'merge' && !req.duplicateOf)
      throw invalid('duplicateOf', 'Pilih pengaduan yang sama (nomor yang sudah tercatat).');
    if (req.action === 'merge' && req.duplicateOf === req.complaintId)
      throw invalid('duplicateOf', 'Kiriman tidak dapat digabung dengan dirinya sendiri.');
    return this.dataSource.transaction(async (m) => {
      const { check, complaint } = await this.find(m, req.complaintId, actor, true);
      // The same decision by the same SPV, repeated (a retried request): nothing is done twice.
      const repeated =
        check.version === req.expectedVersion + 1 &&
        ((req.action === 'approve' && check.state === 'approved') ||
          (req.action === 'merge' && check.state === 'merged' && check.duplicateOf === req.duplicateOf)) &&
        (await this.lastEntry(m, check.complaintId))?.actorId === actor.id;
      if (repeated) return this.view(m, check, complaint, actor);
      if (check.version !== req.expectedVersion) throw STALE(check.version);
      if (complaint.status === 'withdrawn')
        throw new DomainError('CONFLICT', 'Pengaduan ini sudah dicabut.', { reason: 'COMPLAINT_WITHDRAWN' });
      const allowed = spvActions(check.state);
      if (!allowed.includes(req.action)) {
        throw new DomainError(
          'CONFLICT',
          `Tindakan "${req.action}" tidak berlaku untuk kiriman berstatus "${check.state}".`,
          { reason: 'ILLEGAL_TRANSITION', allowed },
        );
      }
      const version = check.version + 1;
      const now = new Date();
      const base = {
        complaintId: complaint.id,
        receiptNumber: complaint.receiptNumber,
        desaCode: complaint.desaCode,
        officerId: check.officerId,
      };
      if (req.action === 'return') {
        await this.update(m, check.complaintId, 'returned', version, null, false, actor.id);
        await this.entry(m, check.complaintId, 'question', question, actor, 'SPV', version, null);
        await this.outbox.publish(
          m,
          'slrt.evt.intake.field-check.returned.v1',
          { ...base, returnedAt: now.toISOString() },
          { actor },
        );
      } else if (req.action === 'merge') {
        const target = await this.repo.findById(m, req.duplicateOf!);
        if (!target || !inScope(actor, target.desaCode))
          throw invalid('duplicateOf', 'Pengaduan yang sama tidak ditemukan di wilayah kerja Anda.');
        const targetState = (await m.query(`SELECT state FROM field_check WHERE complaint_id = $1`, [target.id]))[0]
          ?.state as FieldCheckState | undefined;
        if (target.status === 'withdrawn' || (targetState && targetState !== 'approved')) {
          throw invalid(
            'duplicateOf',
            'Pengaduan tujuan belum tercatat, sudah dicabut atau sudah digabung; pilih pengaduan yang tercatat.',
          );
        }
        await this.update(m, check.complaintId, 'merged', version, target.id, true, actor.id);
        await this.entry(m, check.complaintId, 'merged', note, actor, 'SPV', version, null);
        // Linked to the one it duplicates; no longer open (never found as a duplicate itself).
        await m.query(
          `UPDATE complaint SET possible_duplicate_of = $2, current_step = 'closed', current_step_at = now(), updated_at = now() WHERE id = $1`,
          [complaint.id, target.id],
        );
        await this.outbox.publish(
          m,
          'slrt.evt.intake.field-check.decided.v1',
          { ...base, decision: 'merged', duplicateOf: target.id, decidedAt: now.toISOString() },
          { actor },
        );
      } else {
        await this.update(m, check.complaintId, 'approved', version, null, true, actor.id);
        await this.entry(m, check.complaintId, 'approved', note, actor, 'SPV', version, null);
        await this.outbox.publish(
          m,
          'slrt.evt.intake.field-check.decided.v1',
          { ...base, decision: 'approved', duplicateOf: null, decidedAt: now.toISOString() },
          { actor },
        );
        // Registered at the kab/kota now, exactly as a registration is (the lock and the version make it once).
        const [subject] = (await m.query(
          `SELECT nik IS NOT NULL AS "hasNik" FROM complaint_person WHERE complaint_id = $1 AND role = 'subject'`,
          [complaint.id],
        )) as Array<{ hasNik: boolean }>;
        await publishRegistered(this.outbox, m, complaint, Boolean(subject?.hasNik), actor);
        await enterStep(
          this.outbox,
          m,
          complaint.id,
          { step: 'received', occurredAt: new Date(complaint.registeredAt), source: 'intake:registered' },
          actor,
        );
        // Triaged already: referral opens the case, registry drafts the prelist; pending: the background check publishes it.
        await publishRegistryChecked(this.outbox, m, complaint, actor);
      }
      const after = (await this.find(m, req.complaintId, actor, false)).check;
      return this.view(m, after, complaint, actor);
    });
  }

  // ── the Fasilitator's answer ──────────────────────────────────────────────────────────────

  async answer(req: AnswerFieldCheckRequestV1, actor: Actor): Promise<AnswerFieldCheckResponseV1> {
    requireRole(actor, ['FS']);
    const m = this.dataSource.manager;
    const replay = await this.replayedAnswer(m, req, actor);
    if (replay) return replay;
    if (req.complaint && req.complaintVersion === undefined)
      throw invalid(
        'complaintVersion',
        'Wajib diisi bersama data pengaduan yang diperbaiki (versi pengaduan yang diubah).',
      );
    // Checked before the correction, so a stale or misplaced answer changes nothing. A copy of this
    // answer that committed since the replay check above moved the version on: that is a replay.
    const before = await this.find(m, req.complaintId, actor, false);
    try {
      this.requireAnswerable(before.check, req.expectedVersion);
    } catch (err) {
      const again = await this.replayedAnswer(m, req, actor);
      if (again) return again;
      throw err;
    }
    // The correction names the answer, so a resent answer (its first try corrected, then failed or
    // raced its copy) does not correct twice nor trip over the version its own correction made.
    if (req.complaint && !(await this.correctedFor(m, req))) {
      const reason = `Perbaikan atas pertanyaan supervisor (pemeriksaan kiriman FS, jawaban ${req.answerId})`;
      try {
        await this.corrections.correct(
          { complaintId: req.complaintId, expectedVersion: req.complaintVersion!, reason, complaint: req.complaint },
          actor,
        );
      } catch (err) {
        if (!(err instanceof DomainError && err.rpcError.code === 'CONFLICT' && (await this.correctedFor(m, req))))
          throw err;
      }
    }
    try {
      return await this.dataSource.transaction(async (tx) => {
        const { check, complaint } = await this.find(tx, req.complaintId, actor, true);
        // A copy of this answer committed while this one waited for the lock.
        const [seen] = await tx.query(`SELECT 1 FROM field_check_entry WHERE complaint_id = $1 AND answer_id = $2`, [
          req.complaintId,
          req.answerId,
        ]);
        if (seen) return { ...(await this.view(tx, check, complaint, actor)), replayed: true };
        this.requireAnswerable(check, req.expectedVersion);
        const version = check.version + 1;
        await this.entry(tx, check.complaintId, 'answer', req.answer.trim(), actor, 'FS', version, req.answerId);
        await tx.query(
          `UPDATE field_check SET state = 'awaiting', version = $2, round = round + 1, updated_at = now() WHERE complaint_id = $1`,
          [check.complaintId, version],
        );
        await this.outbox.publish(
          tx,
          'slrt.evt.intake.field-check.requested.v1',
          {
            complaintId: complaint.id,
            receiptNumber: complaint.receiptNumber,
            desaCode: complaint.desaCode,
            officerId: check.officerId,
            round: check.round + 1,
            requestedAt: new Date().toISOString(),
          },
          { actor },
        );
        const after = (await this.find(tx, req.complaintId, actor, false)).check;
        return {
          ...(await this.view(tx, after, (await this.repo.findById(tx, complaint.id))!, actor)),
          replayed: false,
        };
      });
    } catch (err) {
      // The same answer sent twice at once: the unique answer id lets one in; the other answers as a replay.
      if (
        (err as { driverError?: { code?: string }; code?: string }).driverError?.code === '23505' ||
        (err as { code?: string }).code === '23505'
      ) {
        const again = await this.replayedAnswer(m, req, actor);
        if (again) return again;
      }
      throw err;
    }
  }

  private async correctedFor(m: EntityManager, req: AnswerFieldCheckRequestV1): Promise<boolean> {
    const rows = await m.query(`SELECT 1 FROM complaint_correction WHERE complaint_id = $1 AND reason LIKE $2`, [
      req.complaintId,
      `%(pemeriksaan kiriman FS, jawaban ${req.answerId.replace(/[%_\\]/g, '\\$&')})`,
    ]);
    return rows.length > 0;
  }

  private requireAnswerable(check: CheckRow, expectedVersion: number): void {
    if (check.version !== expectedVersion) throw STALE(check.version);
    if (check.state !== 'returned')
      throw new DomainError('CONFLICT', 'Kiriman ini tidak sedang menunggu jawaban Anda.', {
        reason: 'NOT_RETURNED',
        allowed: [],
      });
  }

  private async replayedAnswer(
    m: EntityManager,
    req: AnswerFieldCheckRequestV1,
    actor: Actor,
  ): Promise<AnswerFieldCheckResponseV1 | null> {
    const [seen] = await m.query(
      `SELECT 1 FROM field_check_entry WHERE complaint_id = $1 AND answer_id = $2 AND actor_id = $3`,
      [req.complaintId, req.answerId, actor.id],
    );
    if (!seen) return null;
    const { check, complaint } = await this.find(m, req.complaintId, actor, false);
    return { ...(await this.view(m, check, complaint, actor)), replayed: true };
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  /** The check and its complaint, within the actor's scope (an FS: only their own submission); 404 otherwise. */
  private async find(
    m: EntityManager,
    complaintId: string,
    actor: Actor,
    lock: boolean,
  ): Promise<{ check: CheckRow; complaint: ComplaintRecord }> {
    const [check] = (await m.query(
      `SELECT ${CHECK_COLUMNS} FROM field_check f WHERE f.complaint_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [complaintId],
    )) as CheckRow[];
    if (!check || !inScope(actor, check.desaCode)) throw NOT_FOUND();
    if (!hasRole(actor, ['SPV']) && check.officerId !== actor.id) throw NOT_FOUND();
    const complaint = await this.repo.findById(m, complaintId);
    if (!complaint) throw NOT_FOUND();
    return { check, complaint };
  }

  private async update(
    m: EntityManager,
    complaintId: string,
    state: FieldCheckState,
    version: number,
    duplicateOf: string | null,
    decided: boolean,
    actorId: string,
  ): Promise<void> {
    await m.query(
      `UPDATE field_check SET state = $2, version = $3, duplicate_of = $4, decided_at = CASE WHEN $5 THEN now() ELSE decided_at END,
         decided_by = CASE WHEN $5 THEN $6 ELSE decided_by END, updated_at = now() WHERE complaint_id = $1`,
      [complaintId, state, version, duplicateOf, decided, actorId],
    );
  }

  private async entry(
    m: EntityManager,
    complaintId: string,
    kind: FieldCheckEntryV1['kind'],
    text: string | null,
    actor: Actor,
    role: string,
    version: number,
    answerId: string | null,
  ): Promise<void> {
    await m.query(
      `INSERT INTO field_check_entry (complaint_id, kind, text, actor_id, actor_role, answer_id, version, correlation_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [complaintId, kind, text, actor.id, role, answerId, version, RequestContext.current()?.correlationId ?? null],
    );
  }

  private async lastEntry(m: EntityManager, complaintId: string): Promise<{ actorId: string } | null> {
    const [row] = await m.query(
      `SELECT actor_id AS "actorId" FROM field_check_entry WHERE complaint_id = $1 ORDER BY id DESC LIMIT 1`,
      [complaintId],
    );
    return row ?? null;
  }

  private async view(m: EntityManager, f: CheckRow, c: ComplaintRecord, actor: Actor): Promise<FieldCheckViewV1> {
    const entries = (await m.query(
      `SELECT kind, text, actor_id AS "actorId", actor_role AS "actorRole", at FROM field_check_entry WHERE complaint_id = $1 ORDER BY id`,
      [f.complaintId],
    )) as Array<Omit<FieldCheckEntryV1, 'at'> & { at: Date }>;
    const [subject] = (await m.query(`SELECT name FROM complaint_person WHERE complaint_id = $1 AND role = 'subject'`, [
      f.complaintId,
    ])) as Array<{ name: string }>;
    const merged = f.duplicateOf ? await this.repo.findById(m, f.duplicateOf) : null;
    const lastQuestion = [...entries].reverse().find((e) => e.kind === 'question');
    const allowedActions = hasRole(actor, ['SPV'])
      ? spvActions(f.state)
      : f.state === 'returned' && f.officerId === actor.id
        ? ['answer']
        : [];
    return {
      complaintId: f.complaintId,
      receiptNumber: c.receiptNumber,
      state: f.state,
      version: f.version,
      complaintVersion: c.version,
      desaCode: c.desaCode,
      channel: c.channel,
      category: c.category,
      programmeCodes: c.programmeCodes,
      description: c.description,
      subjectName: seesConfidential(c, actor) ? (subject?.name ?? '') : '(rahasia)',
      officerId: f.officerId,
      recordedAt: new Date(c.recordedAt).toISOString(),
      submittedAt: new Date(f.submittedAt).toISOString(),
      possibleDuplicateOf: c.possibleDuplicateOf,
      mergedInto: f.duplicateOf,
      mergedIntoReceiptNumber: merged?.receiptNumber ?? null,
      openQuestion: f.state === 'returned' ? (lastQuestion?.text ?? null) : null,
      entries: entries.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      updatedAt: new Date(f.updatedAt).toISOString(),
      allowedActions,
    };
  }
}

/** What the SPV may do in each state: decide an awaiting submission; approve or merge a returned one (e.g. after a phone call). */
function spvActions(state: FieldCheckState): string[] {
  return state === 'awaiting' ? ['approve', 'return', 'merge'] : state === 'returned' ? ['approve', 'merge'] : [];
}
