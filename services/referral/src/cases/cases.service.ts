import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  Actor,
  CaseState,
  CaseViewV1,
  DeadlineState,
  ListCasesRequestV1,
  OwnerAnswerRefusal,
  RefusedOwnerAnswerV1,
} from '@slrt/contracts';
import { RPCS, type Role } from '@slrt/contracts';
import { requireRole } from '@slrt/auth';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { allowedActions, statesAwaiting } from './case-state-machine.js';
import { CasesRepository, type CaseRecord, type OwnerRecord } from './cases.repository.js';
import { checkDesaOwnerEntry } from '../puskesos/referral-targets.js';

export const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Kasus tidak ditemukan di wilayah kerja Anda.', { reason: 'CASE_NOT_FOUND' });

/**
 * What operators read of cases (the list, one case with its referrals, history and refused
 * answers) and the directory they route by (programme owners, holidays). Cases are opened in
 * case-opening.service.ts, moved in case-transitions.service.ts by operators
 * (case-actions.service.ts) and owners (owner-answers.service.ts); owners read their referrals
 * through owner-referrals.service.ts.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
  ) {}

  async get(caseId: string, actor: Actor): Promise<CaseViewV1> {
    this.requireOperator(actor);
    const m = this.dataSource.manager;
    const c = await this.repo.findCase(m, caseId);
    if (!c || !isWithinAnyRegion(c.desaCode, actor.regionScope)) throw NOT_FOUND();
    return this.view(m, c, actor, true);
  }

  async list(req: ListCasesRequestV1, actor: Actor) {
    this.requireOperator(actor);
    const m = this.dataSource.manager;
    const states = req.state ? [req.state] : req.queue === 'mine' ? statesAwaiting(actor.roles) : undefined;
    const { rows, total } = await this.repo.listCases(
      m,
      {
        scopePatterns: actor.regionScope.flatMap((s) => [s, `${s}.%`]),
        ...(states ? { states } : {}),
        overdue: req.queue === 'overdue',
        ...(req.programmeCode ? { programmeCode: req.programmeCode } : {}),
        ...(req.priority !== undefined ? { priority: req.priority } : {}),
      },
      req.page,
      req.pageSize,
    );
    return {
      items: await Promise.all(rows.map((c) => this.view(m, c, actor, false))),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }

  async listOwners(includeInactive: boolean, actor: Actor) {
    // Owners' API keys read it too: the codes and levels of the owners they may forward a referral to.
    if (actor.kind !== 'user' && actor.kind !== 'owner-client')
      throw new DomainError('FORBIDDEN', 'Hanya petugas yang dapat melihat direktori.', { reason: 'ROLE_NOT_ALLOWED' });
    return { items: await this.repo.owners(this.dataSource.manager, undefined, includeInactive) };
  }

  /** ADMIN: create or update a programme owner (directory is data, not code). */
  async saveOwner(o: OwnerRecord, actor: Actor) {
    this.requireAdmin(actor);
    checkDesaOwnerEntry(o);
    return this.repo.saveOwner(this.dataSource.manager, { ...o, contact: o.contact ?? null });
  }

  async listHolidays(year: number, actor: Actor) {
    // The reporting service counts durations in working days from this calendar (dates and names only).
    if (!(actor.kind === 'system' && actor.id === 'system:reporting')) this.requireOperator(actor, ['ADMIN']);
    return { items: await this.repo.holidaysOfYear(this.dataSource.manager, year) };
  }

  /** ADMIN: add (or rename) a holiday, or remove one; deadlines computed from now on use it. */
  async saveHoliday(date: string, name: string, holiday: boolean, actor: Actor) {
    this.requireAdmin(actor);
    const d = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
      throw new DomainError('VALIDATION_FAILED', 'Tanggal tidak ada di kalender.', {
        fieldErrors: [{ field: 'date', messages: ['Tanggal tidak ada di kalender.'] }],
      });
    }
    await this.repo.saveHoliday(this.dataSource.manager, date, name.trim(), holiday);
    return { items: await this.repo.holidaysOfYear(this.dataSource.manager, d.getUTCFullYear()) };
  }

  private requireAdmin(actor: Actor) {
    requireRole(actor, ['ADMIN'], 'Hanya admin yang dapat mengubah data rujukan.');
  }

  /** The case readers of the catalog (`get-case`), and `extra`; checked again here with libs/auth's policy. */
  private requireOperator(actor: Actor, extra: Role[] = []) {
    requireRole(
      actor,
      [...RPCS['slrt.rpc.referral.get-case.v1'].roles, ...extra],
      'Peran Anda tidak berwenang melihat kasus.',
    );
  }

  async view(m: EntityManager, c: CaseRecord, actor: Actor, full: boolean): Promise<CaseViewV1> {
    const base: CaseViewV1 = {
      caseId: c.id,
      complaintId: c.complaintId,
      receiptNumber: c.receiptNumber,
      desaCode: c.desaCode,
      category: c.category,
      programmeCodes: c.programmeCodes,
      state: c.state,
      allowedActions: allowedActions(c.state, actor.roles, c.reviewChain),
      suggestedOwners: c.suggestedOwners,
      dueAt: c.dueAt ? new Date(c.dueAt).toISOString() : null,
      deadline: deadlineState(c.dueAt, c.atRiskAt),
      openedAt: new Date(c.openedAt).toISOString(),
      updatedAt: new Date(c.updatedAt).toISOString(),
      version: c.version,
      reopenedFrom: c.reopenedFrom,
      priorityGroups: c.priorityGroups as CaseViewV1['priorityGroups'],
      reviewChain: c.reviewChain,
      ...(c.intakePoint ? { intakePoint: c.intakePoint } : {}),
    };
    if (!full) return base;
    const { referrals, history, refused } = await this.repo.caseDetails(m, c.id);
    return {
      ...base,
      referrals: referrals.map((r) => ({
        referralId: r.id,
        ownerCode: r.ownerCode,
        ownerName: r.ownerName ?? r.ownerCode,
        status: r.status,
        lastAnswer: r.lastAnswer,
        sentAt: new Date(r.sentAt).toISOString(),
        dueAt: new Date(r.dueAt).toISOString(),
        deadline: ['sent', 'accepted'].includes(r.status)
          ? deadlineState(new Date(r.dueAt), new Date(r.atRiskAt))
          : 'on-track',
      })),
      history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })) as unknown as CaseViewV1['history'],
      refusedAnswers: refused.map((r): RefusedOwnerAnswerV1 => ({
        ownerCode: r.owner_code as string,
        answerId: (r.answer_id as string | null) ?? null,
        answerSubject: r.answer_subject as string,
        referralId: (r.referral_id as string | null) ?? null,
        code: r.code as OwnerAnswerRefusal,
        reason: { id: r.reason_id as string, en: r.reason_en as string },
        fieldErrors: r.field_errors as RefusedOwnerAnswerV1['fieldErrors'],
        caseState: (r.case_state as CaseState | null) ?? null,
        receivedAt: new Date(r.received_at).toISOString(),
        decidedAt: new Date(r.decided_at).toISOString(),
      })),
    };
  }
}

/** Deadline state now. */
export function deadlineState(dueAt: Date | null, atRiskAt: Date | null, now = new Date()): DeadlineState {
  if (!dueAt) return 'on-track';
  if (now.getTime() >= new Date(dueAt).getTime()) return 'breached';
  if (atRiskAt && now.getTime() >= new Date(atRiskAt).getTime()) return 'at-risk';
  return 'on-track';
}
