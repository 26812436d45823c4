import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  OUTCOME_VERIFICATION_READ_ROLES,
  OUTCOME_VERIFICATION_RECORD_ROLES,
  systemActor,
  type Actor,
  type ListOutcomeVerificationsRequestV1,
  type ListOutcomeVerificationsResponseV1,
  type OutcomeAnswer,
  type OutcomeAnswerChannel,
  type OutcomeVerificationViewV1,
  type RecordOutcomeAnswerRequestV1,
} from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { returnedRows as returned } from '@slrt/persistence';
import { requireRole } from '@slrt/auth';
import { addWorkingDays } from '../calendar/working-days.js';
import { CasesRepository } from '../cases/cases.repository.js';
import { CaseOpening } from '../cases/case-opening.service.js';
import { ReferralEnv } from '../config/referral.env.js';
import {
  VERIFICATION_COLUMNS,
  claimDue,
  findVerification,
  verificationView,
  type VerificationRecord,
} from './outcome-verification.repository.js';

const NOT_VERIFIER = 'Peran Anda tidak berwenang untuk verifikasi hasil.';

const VIA_WORDS: Record<OutcomeAnswerChannel, string> = {
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  'fs-visit': 'kunjungan FS',
  counter: 'di loket',
};

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Verifikasi hasil tidak ditemukan di wilayah kerja Anda.', {
    reason: 'VERIFICATION_NOT_FOUND',
  });

/**
 * Outcome verification (issue 19 ★): asks the household, some weeks after an owner's "resolved",
 * whether the benefit arrived; "ya" verifies the outcome, "tidak" reopens the case through the
 * state machine (with the owner's answer and the household's), no answer in time leaves it
 * "tidak terverifikasi". Each result is published once (`outcome-verification.completed`) and
 * counted per owner by reporting.
 */
@Injectable()
export class OutcomeVerificationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly opening: CaseOpening,
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * One round at `now` (injectable: tests move the clock, never sleep): due verifications are asked
   * (`requested` event for notification; a case no longer resolved is cancelled instead), expired
   * ones end `unverified`. Rows are claimed `FOR UPDATE SKIP LOCKED` and moved in the transaction
   * of their event: across restarts and instances each is asked once and ended once.
   */
  async runOnce(now = new Date()): Promise<{ asked: number; cancelled: number; expired: number }> {
    return this.dataSource.transaction(async (m) => {
      const out = { asked: 0, cancelled: 0, expired: 0 };
      const holidays = await this.repo.holidays(m);
      for (const v of await claimDue(m, 'ask', now, 100)) {
        const c = await this.repo.findCase(m, v.caseId);
        if (!c || c.state !== 'resolved') {
          await m.query(`UPDATE outcome_verification SET status = 'cancelled', version = version + 1 WHERE id = $1`, [
            v.id,
          ]);
          out.cancelled++;
          continue;
        }
        const expiresAt = addWorkingDays(now, this.env.REFERRAL_OUTCOME_ANSWER_DAYS, holidays, this.env.SLRT_TIME_ZONE);
        await m.query(
          `UPDATE outcome_verification SET status = 'asked', asked_at = $2, expires_at = $3, version = version + 1 WHERE id = $1`,
          [v.id, now, expiresAt],
        );
        await this.outbox.publish(
          m,
          'slrt.evt.referral.outcome-verification.requested.v1',
          {
            verificationId: v.id,
            caseId: v.caseId,
            complaintId: v.complaintId,
            referralId: v.referralId,
            receiptNumber: v.receiptNumber,
            desaCode: v.desaCode,
            ownerCode: v.ownerCode,
            ordinal: v.ordinal,
            askedAt: now.toISOString(),
            expiresAt: expiresAt.toISOString(),
          },
          { actor: systemActor('referral') },
        );
        out.asked++;
      }
      for (const v of await claimDue(m, 'expire', now, 100)) {
        await m.query(`UPDATE outcome_verification SET status = 'unverified', version = version + 1 WHERE id = $1`, [
          v.id,
        ]);
        await this.completed(m, v, 'unverified', null, now);
        out.expired++;
      }
      return out;
    });
  }

  /**
   * The household's answer, in `m`'s transaction. From a reply (`sms`/`whatsapp`, notification's
   * event) only an `asked` verification takes it; staff (`counter`, `fs-visit`) may also record
   * one not asked yet or ended unanswered. The same answer again changes nothing (redelivery); a
   * different answer after one was recorded is refused (409). Returns the row after.
   */
  async applyAnswer(
    m: EntityManager,
    v: VerificationRecord,
    answer: OutcomeAnswer,
    via: OutcomeAnswerChannel,
    note: string | null,
    by: string,
    at: Date,
  ): Promise<{ row: VerificationRecord; applied: boolean }> {
    if (v.status === 'verified' || v.status === 'disputed') {
      if (v.answer === answer) return { row: v, applied: false };
      throw new DomainError(
        'CONFLICT',
        `Jawaban rumah tangga sudah dicatat ("${v.answer}", ${VIA_WORDS[v.answeredVia ?? 'counter']}).`,
        { reason: 'ANSWER_ALREADY_RECORDED' },
      );
    }
    const byStaff = via === 'counter' || via === 'fs-visit';
    const open = v.status === 'asked' || (byStaff && (v.status === 'scheduled' || v.status === 'unverified'));
    if (!open) {
      if (!byStaff) return { row: v, applied: false }; // a late or stray reply: nothing to settle
      throw new DomainError('CONFLICT', 'Verifikasi ini dibatalkan karena kasus sudah dibuka kembali.', {
        reason: 'VERIFICATION_CLOSED',
      });
    }
    const status = answer === 'ya' ? 'verified' : 'disputed';
    const [after] = returned<VerificationRecord>(
      await m.query(
        `UPDATE outcome_verification SET status = $2, answer = $3, answered_via = $4, answer_note = $5, answered_by = $6, answered_at = $7, version = version + 1 WHERE id = $1 RETURNING ${VERIFICATION_COLUMNS}`,
        [v.id, status, answer, via, note, by, at],
      ),
    );
    if (answer === 'tidak') {
      const reopened = await this.opening.reopenForDisputedOutcome(m, v.caseId, this.disputeNote(v, via, note, at));
      if (!reopened)
        this.logger.info(
          { verificationId: v.id, caseId: v.caseId },
          'outcome disputed; the case had moved already and was left as it is',
        );
    }
    await this.completed(m, v, status, via, at);
    return { row: after!, applied: true };
  }

  /** What the reopened case carries: the household's answer as the reason, the owner's answer attached. */
  private disputeNote(v: VerificationRecord, via: OutcomeAnswerChannel, note: string | null, at: Date): string {
    const day = (d: Date) => new Date(d).toISOString().slice(0, 10);
    return [
      `Verifikasi hasil: rumah tangga menjawab TIDAK (${VIA_WORDS[via]}, ${day(at)}) — manfaat belum diterima.`,
      note ? `Keterangan rumah tangga: ${note}` : null,
      `Jawaban ${v.ownerCode} saat menyatakan selesai (${day(v.resolvedAt)}): ${v.ownerAnswer ?? '(tanpa uraian)'}`,
    ]
      .filter(Boolean)
      .join('\n')
      .slice(0, 4000);
  }

  private async completed(
    m: EntityManager,
    v: VerificationRecord,
    outcome: 'verified' | 'disputed' | 'unverified',
    via: OutcomeAnswerChannel | null,
    at: Date,
  ): Promise<void> {
    await this.outbox.publish(
      m,
      'slrt.evt.referral.outcome-verification.completed.v1',
      {
        verificationId: v.id,
        caseId: v.caseId,
        complaintId: v.complaintId,
        referralId: v.referralId,
        receiptNumber: v.receiptNumber,
        desaCode: v.desaCode,
        ownerCode: v.ownerCode,
        outcome,
        via,
        resolvedAt: new Date(v.resolvedAt).toISOString(),
        completedAt: at.toISOString(),
        ...(v.status === 'scheduled' || v.status === 'asked' ? { previousStatus: v.status } : {}),
      },
      { actor: systemActor('referral') },
    );
  }

  /** A reply relayed by notification (inbox: once per event). Unknown or settled verifications: nothing. */
  async onReply(
    m: EntityManager,
    verificationId: string,
    answer: OutcomeAnswer,
    via: OutcomeAnswerChannel,
    at: Date,
  ): Promise<void> {
    const v = await findVerification(m, verificationId, true);
    if (!v) {
      this.logger.warn({ verificationId }, 'reply for an unknown outcome verification ignored');
      return;
    }
    const { applied } = await this.applyAnswer(
      m,
      v,
      answer,
      via === 'counter' || via === 'fs-visit' ? 'sms' : via,
      null,
      `household:${via}`,
      at,
    ).catch((err: unknown) => {
      if (err instanceof DomainError) return { applied: false };
      throw err;
    });
    if (!applied)
      this.logger.info(
        { verificationId, status: v.status },
        'reply to an outcome verification not waiting for one; ignored',
      );
  }

  // ── staff ───────────────────────────────────────────────────────────────────────────────

  async list(req: ListOutcomeVerificationsRequestV1, actor: Actor): Promise<ListOutcomeVerificationsResponseV1> {
    requireRole(actor, OUTCOME_VERIFICATION_READ_ROLES, NOT_VERIFIER);
    const params: unknown[] = [actor.regionScope.flatMap((s) => [s, `${s}.%`])];
    const where = ['desa_code LIKE ANY($1)'];
    if (req.status) where.push(`status = $${params.push(req.status)}`);
    if (req.ownerCode) where.push(`owner_code = $${params.push(req.ownerCode)}`);
    if (req.receiptNumber) where.push(`receipt_number = $${params.push(req.receiptNumber)}`);
    const m = this.dataSource.manager;
    const [{ total }] = (await m.query(
      `SELECT count(*)::int AS total FROM outcome_verification WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: number }];
    const rows = (await m.query(
      `SELECT ${VERIFICATION_COLUMNS} FROM outcome_verification WHERE ${where.join(' AND ')} ORDER BY ask_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, req.pageSize, (req.page - 1) * req.pageSize],
    )) as VerificationRecord[];
    return { items: rows.map(verificationView), total, page: req.page, pageSize: req.pageSize };
  }

  /** The household's answer given at the counter or to the FS at home. */
  async record(req: RecordOutcomeAnswerRequestV1, actor: Actor): Promise<OutcomeVerificationViewV1> {
    requireRole(actor, OUTCOME_VERIFICATION_RECORD_ROLES, NOT_VERIFIER);
    const note = req.note?.trim() || null;
    if (req.answer === 'tidak' && !note) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Jawaban "tidak" membuka kembali kasus: tuliskan keterangan rumah tangga.',
        {
          fieldErrors: [
            { field: 'note', messages: ['Wajib diisi bila rumah tangga menjawab tidak (apa yang belum diterima).'] },
          ],
        },
      );
    }
    if (req.via === 'fs-visit' && !actor.roles.includes('FS') && !actor.roles.includes('SPV')) {
      throw new DomainError('FORBIDDEN', 'Jawaban dari kunjungan rumah dicatat oleh Fasilitator (FS).', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    }
    return this.dataSource.transaction(async (m) => {
      const v = await findVerification(m, req.verificationId, true);
      if (!v || !isWithinAnyRegion(v.desaCode, actor.regionScope)) throw NOT_FOUND();
      if (v.version !== req.expectedVersion && !(v.answer === req.answer)) {
        throw new DomainError(
          'CONFLICT',
          `Verifikasi sudah diubah orang lain (versi ${v.version}). Muat ulang lalu coba lagi.`,
          { reason: 'VERSION_CONFLICT' },
        );
      }
      const { row } = await this.applyAnswer(m, v, req.answer, req.via, note, actor.id, new Date());
      return verificationView(row);
    });
  }
}
