import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  ComplaintDetailV1,
  ForwardReferralRequestV1,
  ForwardReferralResponseV1,
  OwnerAnswerRefusal,
} from '@slrt/contracts';
import { systemActor } from '@slrt/contracts';
import { localDate } from '@slrt/domain';
import { DomainError, OutboxPublisher, RpcCallError, RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireOwner } from '@slrt/auth';
import { addWorkingDays } from '../calendar/working-days.js';
import { ReferralEnv } from '../config/referral.env.js';
import { transitionFor } from '../cases/case-state-machine.js';
import { CasesRepository, type OwnerRecord } from '../cases/cases.repository.js';
import { personFor } from '../cases/case-actions.service.js';
import { CaseTransitions } from '../cases/case-transitions.service.js';
import { refusal, uuidFrom, type Refusal } from '../cases/owner-answer-refusals.js';
import { OwnerAnswers, type AnswerOrigin } from '../cases/owner-answers.service.js';
import { LEVEL_RANK, partnershipProblem } from './referral-targets.js';

/** What a forwarding answer carries (NATS `response.forwarded.v1` or HTTP `forward-referral`). */
export interface ForwardAnswer {
  referralId: string;
  targetOwnerCode: string;
  reason: string;
}

export interface ForwardResult {
  status: string;
  repeated: boolean;
  refused: OwnerAnswerRefusal | null;
  newReferralId: string | null;
}

const OPEN_REFERRAL = ['sent', 'accepted', 'review-requested'];

/**
 * An owner passes its referral up a level (seed 002: referrals go to "Kabupaten/Kota (SKPD atau
 * non-pemerintah), Provinsi atau Pusat"): a kab/kota office to the province or the centre, a desa
 * service to the kab/kota. In the transaction that records the answer (inbox for NATS, `responseId`
 * for HTTP): the old referral closes as `forwarded` (pointing to the new one), a new referral is
 * written and sent once to the higher owner on its own subject (its directory entry decides the
 * person's fields it gets), the case moves `owner-forward` (history: who passed it to whom and why;
 * the event's `ownerCodes` is the new owner, so the citizen reads "Dirujuk ke <pemilik>"), and the
 * owner gets its feedback. Refused (never applied, recorded, fed back): unknown or inactive target
 * (`UNKNOWN_TARGET_OWNER`), same or lower level (`TARGET_NOT_HIGHER_LEVEL`), a partner without an
 * agreement in force (`TARGET_PARTNERSHIP_INVALID`), and the usual owner-answer refusals.
 */
@Injectable()
export class ForwardReferralService {
  private readonly self = systemActor('referral');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly answers: OwnerAnswers,
    private readonly transitions: CaseTransitions,
    private readonly outbox: OutboxPublisher,
    private readonly rpc: RpcClient,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Over HTTP: a PO user or an owner API key. */
  async forwardOverHttp(req: ForwardReferralRequestV1, actor: Actor): Promise<ForwardReferralResponseV1> {
    const ownerCode = requireOwner(actor, 'Hanya pengelola program yang dapat meneruskan rujukan.');
    const complaint = await this.complaintFor(this.dataSource.manager, ownerCode, req.referralId);
    const result = await this.dataSource.transaction((m) =>
      this.apply(m, ownerCode, req, `http:${req.responseId}`, [], undefined, complaint),
    );
    if (result.refused === 'UNKNOWN_REFERRAL' || result.refused === 'NOT_YOUR_REFERRAL')
      throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', {
        reason: 'REFERRAL_NOT_FOUND',
      });
    if (
      result.refused === 'UNKNOWN_TARGET_OWNER' ||
      result.refused === 'TARGET_NOT_HIGHER_LEVEL' ||
      result.refused === 'TARGET_PARTNERSHIP_INVALID' ||
      result.refused === 'TARGET_ALREADY_REFERRED'
    ) {
      throw new DomainError('VALIDATION_FAILED', refusal(result.refused).reason.id, {
        reason: result.refused,
        fieldErrors: [{ field: 'targetOwnerCode', messages: [refusal(result.refused).reason.id] }],
      });
    }
    if (result.refused)
      throw new DomainError('CONFLICT', 'Rujukan ini tidak dapat diteruskan pada statusnya saat ini.', {
        reason: 'ANSWER_NOT_ALLOWED',
      });
    return {
      referralId: req.referralId,
      status: 'forwarded',
      newReferralId: result.newReferralId!,
      targetOwnerCode: req.targetOwnerCode,
      repeated: result.repeated,
    };
  }

  /**
   * The person's data for the new owner, asked of intake before anything is locked (as for a BO's
   * send); null when the referral is not this owner's (it will be refused anyway). An unreachable
   * intake throws: the NATS answer is redelivered later, the HTTP caller retries.
   */
  async complaintFor(m: EntityManager, ownerCode: string, referralId: string): Promise<ComplaintDetailV1 | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(referralId)) return null;
    const r = await this.repo.findReferral(m, referralId);
    if (!r || r.ownerCode !== ownerCode || !OPEN_REFERRAL.includes(r.status)) return null;
    const c = await this.repo.findCase(m, r.caseId);
    if (!c) return null;
    try {
      return await this.rpc.request(
        'slrt.rpc.intake.get-complaint.v1',
        { complaintId: c.complaintId, reveal: true, onBehalfOf: `owner:${ownerCode}` },
        { actor: this.self, timeoutMs: this.env.REFERRAL_INTAKE_TIMEOUT_MS },
      );
    } catch (err) {
      if (err instanceof RpcCallError && (err.error.code === 'UNAVAILABLE' || err.error.code === 'TIMEOUT')) {
        throw new DomainError(
          'UNAVAILABLE',
          'Data pengaduan tidak dapat diambil dari layanan intake saat ini. Coba teruskan lagi sebentar.',
          { reason: 'INTAKE_UNAVAILABLE' },
        );
      }
      throw err;
    }
  }

  /** Applies a forwarding answer once (see the class); `ownerCode` is the identity (the subject's owner, or the authenticated owner). */
  async apply(
    m: EntityManager,
    ownerCode: string,
    data: ForwardAnswer,
    responseId: string,
    claimedOwners: readonly string[],
    origin: AnswerOrigin | undefined,
    complaint: ComplaintDetailV1 | null,
  ): Promise<ForwardResult> {
    const referral = await this.repo.findReferral(m, data.referralId, true);
    const c = referral && referral.ownerCode === ownerCode ? await this.repo.findCase(m, referral.caseId, true) : null;
    const refuse = async (r: Refusal): Promise<ForwardResult> => {
      await this.repo.recordResponse(m, {
        ownerCode,
        responseId,
        referralId: referral?.id ?? null,
        answer: 'forwarded',
        applied: false,
        refusal: r.code,
        payload: data,
      });
      await this.answers.recordRefusal(
        m,
        ownerCode,
        { ...r, caseState: c?.state ?? null },
        {
          answerId: origin?.answerId ?? responseId,
          messageId: origin?.answerId ?? uuidFrom(`${ownerCode}:forward:${responseId}`),
          answerSubject: origin?.answerSubject ?? 'http:forward-referral',
          referralId: data.referralId,
          caseId: c?.id ?? null,
          receivedAt: origin?.receivedAt ?? new Date(),
        },
        Boolean(origin),
      );
      this.logger.warn(
        { ownerCode, referralId: data.referralId, targetOwnerCode: data.targetOwnerCode, refusal: r.code },
        'owner forward refused',
      );
      return { status: referral?.status ?? 'unknown', repeated: false, refused: r.code, newReferralId: null };
    };
    if (claimedOwners.some((claimed) => claimed !== ownerCode)) return refuse(refusal('OWNER_MISMATCH'));
    if (!referral) return refuse(refusal('UNKNOWN_REFERRAL'));
    if (referral.ownerCode !== ownerCode || !c) return refuse(refusal('NOT_YOUR_REFERRAL'));
    if (await this.repo.responseSeen(m, ownerCode, responseId)) {
      const [next] = (await m.query(`SELECT forwarded_to::text AS id FROM referral WHERE id = $1`, [
        referral.id,
      ])) as Array<{ id: string | null }>;
      return { status: referral.status, repeated: true, refused: null, newReferralId: next?.id ?? null };
    }
    if (referral.status === 'withdrawn') return refuse(refusal('REFERRAL_WITHDRAWN'));
    if (!OPEN_REFERRAL.includes(referral.status) || !transitionFor('owner-forward', c.state))
      return refuse(refusal('TRANSITION_NOT_ALLOWED', 'forwarded', c.state));
    const [target] = await this.repo.owners(m, [data.targetOwnerCode]);
    if (!target || target.code === ownerCode)
      return refuse(refusal(target ? 'TARGET_NOT_HIGHER_LEVEL' : 'UNKNOWN_TARGET_OWNER'));
    const [source] = await this.repo.owners(m, [ownerCode], true);
    const open = await this.repo.referralsOfCase(m, c.id);
    if (open.some((r) => r.ownerCode === target.code && OPEN_REFERRAL.includes(r.status)))
      return refuse(refusal('TARGET_ALREADY_REFERRED'));
    if ((LEVEL_RANK[target.level] ?? -1) <= (LEVEL_RANK[source?.level ?? 'pusat'] ?? 3))
      return refuse(refusal('TARGET_NOT_HIGHER_LEVEL'));
    const partner = await partnershipProblem(
      m,
      target,
      c.programmeCodes,
      localDate(new Date(), this.env.SLRT_TIME_ZONE),
    );
    if (partner)
      return refuse({
        ...refusal('TARGET_PARTNERSHIP_INVALID'),
        reason: { id: partner, en: refusal('TARGET_PARTNERSHIP_INVALID').reason.en },
      });
    if (
      !(await this.repo.recordResponse(m, {
        ownerCode,
        responseId,
        referralId: referral.id,
        answer: 'forwarded',
        applied: true,
        refusal: null,
        payload: data,
      }))
    ) {
      return { status: referral.status, repeated: true, refused: null, newReferralId: null };
    }
    const reason = data.reason.trim();
    const newReferralId = await this.sendToHigherOwner(m, c, referral.payload, source!, target, reason, complaint);
    await m.query(
      `UPDATE referral SET status = 'forwarded', last_answer = $2, forwarded_to = $3, closed_at = COALESCE(closed_at, now()), updated_at = now() WHERE id = $1`,
      [referral.id, `Diteruskan ke ${target.name}: ${reason}`, newReferralId],
    );
    const moved = await this.transitions.transition(
      m,
      c,
      'owner-forward',
      { id: `owner:${ownerCode}`, role: 'PO' },
      `Diteruskan oleh ${source!.name} ke ${target.name}: ${reason}`,
      [target.code],
      null,
      ownerCode,
    );
    if (origin) {
      await this.answers.feedback(m, ownerCode, {
        answerId: origin.answerId,
        answerSubject: origin.answerSubject,
        referralId: referral.id,
        outcome: 'applied',
        code: null,
        reason: null,
        fieldErrors: [],
        caseState: moved.state,
        receivedAt: origin.receivedAt.toISOString(),
        decidedAt: new Date().toISOString(),
      });
    }
    this.logger.info(
      { caseId: c.id, from: ownerCode, to: target.code, newReferralId },
      'referral forwarded up a level',
    );
    return { status: 'forwarded', repeated: false, refused: null, newReferralId };
  }

  /** The new referral to the higher-level owner, minimised by its own directory entry, through the outbox. */
  private async sendToHigherOwner(
    m: EntityManager,
    c: { id: string; receiptNumber: string; category: string; programmeCodes: string[]; priorityGroups: string[] },
    old: Record<string, unknown>,
    source: OwnerRecord,
    target: OwnerRecord,
    reason: string,
    complaint: ComplaintDetailV1 | null,
  ): Promise<string> {
    const holidays = await this.repo.holidays(m);
    const days = c.priorityGroups.length
      ? Math.max(1, Math.ceil((target.responseDays * this.env.REFERRAL_PRIORITY_DEADLINE_PERCENT) / 100))
      : target.responseDays;
    const now = new Date();
    const dueAt = addWorkingDays(now, days, holidays, this.env.SLRT_TIME_ZONE);
    const atRiskAt = addWorkingDays(now, Math.max(days - 2, 0), holidays, this.env.SLRT_TIME_ZONE);
    const referralId = uuidv7();
    const subject = complaint?.persons.find((p) => p.role === 'subject');
    const summary =
      typeof old.summary === 'string'
        ? old.summary
        : `Pengaduan ${c.receiptNumber} (${c.category}, ${c.programmeCodes.join(', ')})`;
    const description = complaint?.description?.trim();
    const payload = {
      referralId,
      receiptNumber: c.receiptNumber,
      kabKotaCode: this.env.KAB_KOTA_CODE,
      ownerCode: target.code,
      category: c.category as 'kepesertaan' | 'non-kepesertaan',
      programmeCodes: c.programmeCodes,
      summary,
      ...(target.personalFields.includes('description') && description
        ? { description: description.slice(0, 4000) }
        : {}),
      documentsReceived: (complaint?.documentsReceived ?? []).filter((d) => target.requiredDocuments.includes(d)),
      recommendation: `Diteruskan oleh ${source.name}: ${reason}`.slice(0, 2000),
      subject: subject ? personFor(target, subject) : {},
      dueAt: dueAt.toISOString(),
      sentAt: now.toISOString(),
    };
    await this.repo.insertReferral(m, {
      id: referralId,
      caseId: c.id,
      ownerCode: target.code,
      status: 'sent',
      summary,
      payload,
      dueAt,
      atRiskAt,
    });
    await this.outbox.publishToOwner(m, 'slrt.owner.*.referral.sent.v1', target.code, payload, { actor: null });
    return referralId;
  }
}
