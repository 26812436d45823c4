import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  Actor,
  CaseAction,
  OwnerAnswerFeedbackV1,
  OwnerAnswerRefusal,
  RespondToReferralRequestV1,
} from '@slrt/contracts';
import { DomainError, OutboxPublisher, type InvalidMessage } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireOwner } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { scheduleOutcomeVerification } from '../outcome/schedule.js';
import { transitionFor } from './case-state-machine.js';
import { CaseTransitions } from './case-transitions.service.js';
import { CasesRepository } from './cases.repository.js';
import { at, ownerFieldErrors, refusal, uuidFrom, type Refusal } from './owner-answer-refusals.js';

/** An owner's answer, from NATS or HTTP. */
export type OwnerAnswer = 'accepted' | 'rejected' | 'review-requested' | 'resolved';

const ANSWER_ACTION: Record<OwnerAnswer, CaseAction> = {
  accepted: 'owner-accept',
  rejected: 'owner-reject',
  'review-requested': 'owner-request-review',
  resolved: 'owner-resolve',
};

/** Where a NATS answer came from: what its feedback quotes. */
export interface AnswerOrigin {
  /** The envelope id of the answer (also the inbox key). */
  answerId: string;
  /** The concrete subject it arrived on. */
  answerSubject: string;
  /** When JetStream stored it. */
  receivedAt: Date;
  /** Key of its refusal record when one message answers several referrals (a group answer: `<answer id>:<referral id>`); default the answer id. */
  messageId?: string;
}

/**
 * Programme owners' answers to their referrals (NATS consumer and HTTP): applied once, or refused,
 * recorded and fed back to the owner.
 */
@Injectable()
export class OwnerAnswers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly env: ReferralEnv,
    private readonly transitions: CaseTransitions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Applies a programme owner's answer once. `ownerCode` is the identity: the owner code of the
   * subject the answer arrived on (NATS permissions let an owner publish only on its own subjects)
   * or of the authenticated owner over HTTP. `claimedOwners` are the owner codes the message itself
   * names (envelope producer `owner:<code>`, actor's owner code): information only, and an answer
   * claiming another owner than its identity is refused (`OWNER_MISMATCH`). A refused answer is
   * recorded (`owner_response`, `owner_answer_refusal`: shown on the case), logged, never applied.
   * `origin` (NATS answers): the feedback `slrt.owner.<code>.feedback.answer-applied|refused.v1`
   * goes to the owner through the outbox, in this transaction.
   */
  async applyOwnerAnswer(
    m: EntityManager,
    ownerCode: string,
    answer: OwnerAnswer,
    data: { referralId: string; note?: string; reasonCode?: string; questions?: string[]; outcome?: string },
    responseId: string,
    claimedOwners: readonly string[] = [],
    origin?: AnswerOrigin,
  ): Promise<{ status: string; repeated: boolean; refused: OwnerAnswerRefusal | null }> {
    const referral = await this.repo.findReferral(m, data.referralId, true);
    const c = referral && referral.ownerCode === ownerCode ? await this.repo.findCase(m, referral.caseId, true) : null;
    const refuse = async (r: Refusal) => {
      await this.repo.recordResponse(m, {
        ownerCode,
        responseId,
        referralId: referral?.id ?? null,
        answer,
        applied: false,
        refusal: r.code,
        payload: data,
      });
      await this.recordRefusal(
        m,
        ownerCode,
        { ...r, caseState: c?.state ?? null },
        {
          answerId: origin?.answerId ?? responseId,
          messageId: origin?.messageId ?? origin?.answerId ?? uuidFrom(`${ownerCode}:${responseId}`),
          answerSubject: origin?.answerSubject ?? `http:respond-to-referral:${answer}`,
          referralId: data.referralId,
          caseId: c?.id ?? null,
          receivedAt: origin?.receivedAt ?? new Date(),
        },
        Boolean(origin),
      );
      this.logger.warn({ ownerCode, referralId: data.referralId, answer, refusal: r.code }, 'owner answer refused');
      return { status: referral?.status ?? 'unknown', repeated: false, refused: r.code };
    };
    if (claimedOwners.some((claimed) => claimed !== ownerCode)) return refuse(refusal('OWNER_MISMATCH'));
    if (!referral) return refuse(refusal('UNKNOWN_REFERRAL'));
    if (referral.ownerCode !== ownerCode || !c) return refuse(refusal('NOT_YOUR_REFERRAL'));
    if (await this.repo.responseSeen(m, ownerCode, responseId))
      return { status: referral.status, repeated: true, refused: null };
    const action = ANSWER_ACTION[answer];
    if (referral.status === 'withdrawn') return refuse(refusal('REFERRAL_WITHDRAWN'));
    if (!transitionFor(action, c.state)) return refuse(refusal('TRANSITION_NOT_ALLOWED', answer, c.state));
    if (
      !(await this.repo.recordResponse(m, {
        ownerCode,
        responseId,
        referralId: referral.id,
        answer,
        applied: true,
        refusal: null,
        payload: data,
      }))
    ) {
      return { status: referral.status, repeated: true, refused: null };
    }
    const text = data.outcome ?? data.note ?? data.questions?.join(' | ') ?? data.reasonCode ?? null;
    const status = answer;
    await this.repo.updateReferral(m, referral.id, status, text);
    const moved = await this.transitions.transition(
      m,
      c,
      action,
      { id: `owner:${ownerCode}`, role: 'PO' },
      [data.reasonCode, text].filter(Boolean).join(': ') || null,
      [ownerCode],
      answer === 'rejected' ? (data.reasonCode ?? null) : null,
    );
    // The owner says resolved: the household is asked later whether the benefit arrived (one verification per referral).
    if (answer === 'resolved')
      await scheduleOutcomeVerification(m, this.env, await this.repo.holidays(m), {
        referralId: referral.id,
        caseId: c.id,
        complaintId: c.complaintId,
        receiptNumber: c.receiptNumber,
        desaCode: c.desaCode,
        ownerCode,
        ownerAnswer: text,
        resolvedAt: new Date(),
      });
    if (origin) {
      await this.feedback(m, ownerCode, {
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
    return { status, repeated: false, refused: null };
  }

  /**
   * An answer that failed validation (not JSON, a bad envelope, or data not matching its schema):
   * refused with `MALFORMED_MESSAGE` or `INVALID_PAYLOAD`, its field errors in Indonesian, recorded
   * (on the case when it quoted a referral of this owner) and fed back to the owner. Called in the
   * consumer's transaction with its inbox row (the message's id, or one derived from its stream
   * sequence), so each such message is refused once.
   */
  async refuseInvalidAnswer(
    m: EntityManager,
    ownerCode: string,
    invalid: InvalidMessage,
    inboxId: string,
    answerSubject: string,
    receivedAt: Date,
  ): Promise<void> {
    const code: OwnerAnswerRefusal = invalid.reason === 'invalid payload' ? 'INVALID_PAYLOAD' : 'MALFORMED_MESSAGE';
    const quoted = at(invalid.body, 'data.referralId');
    const referralId =
      typeof quoted === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(quoted)
        ? quoted.toLowerCase()
        : null;
    const referral = referralId ? await this.repo.findReferral(m, referralId) : null;
    const c = referral && referral.ownerCode === ownerCode ? await this.repo.findCase(m, referral.caseId) : null;
    const fieldErrors = ownerFieldErrors(invalid.fieldErrors, invalid.body);
    await this.recordRefusal(
      m,
      ownerCode,
      { ...refusal(code), fieldErrors, caseState: c?.state ?? null },
      {
        answerId: invalid.envelopeId,
        messageId: inboxId,
        answerSubject,
        referralId,
        caseId: c?.id ?? null,
        receivedAt,
      },
      true,
    );
    this.logger.warn(
      { ownerCode, answerSubject, refusal: code, fields: fieldErrors.map((f) => f.path) },
      'owner answer refused',
    );
  }

  /** Records a refused answer (once per owner and message) and, for NATS answers, tells the owner. */
  async recordRefusal(
    m: EntityManager,
    ownerCode: string,
    r: Refusal,
    a: {
      answerId: string | null;
      messageId: string;
      answerSubject: string;
      referralId: string | null;
      caseId: string | null;
      receivedAt: Date;
    },
    publish: boolean,
  ): Promise<void> {
    const decidedAt = new Date();
    const rows: unknown[] = await m.query(
      `INSERT INTO owner_answer_refusal (owner_code, message_id, answer_id, answer_subject, referral_id, case_id, code, reason_id, reason_en, field_errors, case_state, received_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (owner_code, message_id) DO NOTHING RETURNING 1`,
      [
        ownerCode,
        a.messageId,
        a.answerId,
        a.answerSubject,
        a.referralId && /^[0-9a-f-]{36}$/i.test(a.referralId) ? a.referralId : null,
        a.caseId,
        r.code,
        r.reason.id,
        r.reason.en,
        JSON.stringify(r.fieldErrors ?? []),
        r.caseState ?? null,
        a.receivedAt,
        decidedAt,
      ],
    );
    if (!publish || rows.length === 0) return;
    await this.feedback(m, ownerCode, {
      answerId: a.answerId,
      answerSubject: a.answerSubject,
      referralId:
        a.referralId && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(a.referralId)
          ? a.referralId
          : null,
      outcome: 'refused',
      code: r.code,
      reason: r.reason,
      fieldErrors: r.fieldErrors ?? [],
      // Another owner's case is none of this owner's business.
      caseState: r.code === 'NOT_YOUR_REFERRAL' ? null : (r.caseState ?? null),
      receivedAt: a.receivedAt.toISOString(),
      decidedAt: decidedAt.toISOString(),
    });
  }

  /** Feedback on one answer, to its owner's own subject, through the outbox (this transaction). */
  async feedback(m: EntityManager, ownerCode: string, f: OwnerAnswerFeedbackV1): Promise<void> {
    const subject =
      f.outcome === 'applied' ? 'slrt.owner.*.feedback.answer-applied.v1' : 'slrt.owner.*.feedback.answer-refused.v1';
    await this.outbox.publishToOwner(m, subject, ownerCode, f, { actor: null, causationId: f.answerId });
  }

  async respondOverHttp(req: RespondToReferralRequestV1, actor: Actor) {
    const ownerCode = requireOwner(actor);
    if (req.answer === 'rejected' && !req.reasonCode)
      throw new DomainError('VALIDATION_FAILED', 'Penolakan memerlukan kode alasan.', {
        fieldErrors: [{ field: 'reasonCode', messages: ['Wajib diisi untuk penolakan.'] }],
      });
    if (req.answer === 'review-requested' && !req.questions?.length)
      throw new DomainError('VALIDATION_FAILED', 'Permintaan kajian ulang memerlukan pertanyaan.', {
        fieldErrors: [{ field: 'questions', messages: ['Tuliskan paling sedikit satu pertanyaan.'] }],
      });
    if (req.answer === 'resolved' && !req.note?.trim())
      throw new DomainError('VALIDATION_FAILED', 'Penyelesaian memerlukan uraian hasil.', {
        fieldErrors: [{ field: 'note', messages: ['Tuliskan hasil penanganan.'] }],
      });
    const result = await this.dataSource.transaction((m) =>
      this.applyOwnerAnswer(
        m,
        ownerCode,
        req.answer,
        {
          referralId: req.referralId,
          ...(req.note ? { note: req.note } : {}),
          ...(req.reasonCode ? { reasonCode: req.reasonCode } : {}),
          ...(req.questions ? { questions: req.questions } : {}),
          ...(req.answer === 'resolved' ? { outcome: req.note! } : {}),
        },
        `http:${req.responseId}`,
      ),
    );
    if (result.refused === 'UNKNOWN_REFERRAL' || result.refused === 'NOT_YOUR_REFERRAL')
      throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', {
        reason: 'REFERRAL_NOT_FOUND',
      });
    if (result.refused)
      throw new DomainError('CONFLICT', 'Jawaban ini tidak berlaku untuk status rujukan saat ini.', {
        reason: 'ANSWER_NOT_ALLOWED',
      });
    return { referralId: req.referralId, status: result.status, repeated: result.repeated };
  }
}
