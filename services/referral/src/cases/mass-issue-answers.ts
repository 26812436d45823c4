import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  Actor,
  OwnerResponseGroupAnsweredV1,
  RespondToReferralGroupRequestV1,
  RespondToReferralGroupResponseV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireOwner } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { uuidFrom } from './owner-answer-refusals.js';
import { OwnerAnswers, type AnswerOrigin, type OwnerAnswer } from './owner-answers.service.js';
import { MassIssuesRepository } from './mass-issues.repository.js';
import { invalid } from './mass-issues.service.js';

/**
 * The programme owner's side of a mass issue: the groups it was told about, and one answer applied
 * to each of its member referrals exactly once (NATS `response.group-answered.v1` or HTTP).
 */
@Injectable()
export class MassIssueAnswers {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MassIssuesRepository,
    private readonly answers: OwnerAnswers,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async ownerGroups(actor: Actor, awaitingOnly: boolean) {
    const owner = requireOwner(actor);
    const rows = await this.repo.ownerGroups(this.dataSource.manager, owner);
    const items = [];
    for (const r of rows.filter((x) => !awaitingOnly || x.awaiting > 0)) {
      const members = await this.repo.members(this.dataSource.manager, r.id, this.env.SLRT_TIME_ZONE);
      const days = members.map((c) => c.opened_day).sort();
      items.push({
        groupId: r.id,
        areaCode: r.area_code,
        programmeCode: r.programme_code,
        category: r.category,
        periodFrom: days[0] ?? '',
        periodTo: days[days.length - 1] ?? '',
        title: r.title,
        memberCount: members.length,
        referralIds: r.referral_ids,
        awaiting: r.awaiting,
        sentAt: new Date(r.sent_at).toISOString(),
      });
    }
    return { items };
  }

  /**
   * One answer applied to every member referral of `owner` in the group, each exactly once: each
   * member is answered as if one by one (`responseId` per member: `<answer id>:<referral id>`, unique
   * per owner in `owner_response`), so a redelivery or a second try changes nothing, and a member
   * that cannot take the answer is refused alone (NATS: its own feedback message).
   */
  async applyGroupAnswer(
    m: EntityManager,
    owner: string,
    data: Pick<OwnerResponseGroupAnsweredV1, 'groupId' | 'answer' | 'reasonCode' | 'questions' | 'outcome' | 'note'>,
    responseKey: string,
    origin?: AnswerOrigin & { claimedOwners: readonly string[] },
  ) {
    const group = await this.repo.group(m, data.groupId, true);
    const members = group ? await this.repo.ownerGroupReferrals(m, group.id, owner) : [];
    if (!members.length || (origin && origin.claimedOwners.some((c) => c !== owner))) {
      const mismatch = Boolean(origin?.claimedOwners.some((c) => c !== owner));
      if (origin) {
        await this.answers.recordRefusal(
          m,
          owner,
          mismatch
            ? {
                code: 'OWNER_MISMATCH',
                reason: {
                  id: 'Amplop jawaban menyebut pengelola program lain (producer atau actor.ownerCode) daripada subjek tempat jawaban dikirim.',
                  en: 'The envelope names another programme owner (producer or actor.ownerCode) than the subject the answer was published on.',
                },
              }
            : {
                code: 'UNKNOWN_REFERRAL',
                reason: {
                  id: 'Tidak ada kelompok rujukan dengan groupId ini untuk pengelola program Anda.',
                  en: 'No referral group with this groupId was sent to your programme.',
                },
              },
          {
            answerId: origin.answerId,
            messageId: origin.answerId,
            answerSubject: origin.answerSubject,
            referralId: null,
            caseId: null,
            receivedAt: origin.receivedAt,
          },
          true,
        );
      }
      this.logger.warn(
        { owner, groupId: data.groupId, refusal: mismatch ? 'OWNER_MISMATCH' : 'UNKNOWN_GROUP' },
        'owner group answer refused',
      );
      return null;
    }
    const results: RespondToReferralGroupResponseV1['members'] = [];
    const answer = data.answer as OwnerAnswer;
    for (const r of members) {
      const payload = {
        referralId: r.id,
        ...(data.note ? { note: data.note } : {}),
        ...(data.reasonCode ? { reasonCode: data.reasonCode } : {}),
        ...(data.questions ? { questions: data.questions } : {}),
        ...(answer === 'resolved' ? { outcome: data.outcome ?? data.note ?? '' } : {}),
      };
      const memberOrigin = origin
        ? {
            answerId: origin.answerId,
            answerSubject: origin.answerSubject,
            receivedAt: origin.receivedAt,
            messageId: uuidFrom(`${origin.answerId}:${r.id}`),
          }
        : undefined;
      const res = await this.answers.applyOwnerAnswer(
        m,
        owner,
        answer,
        payload,
        `${responseKey}:${r.id}`,
        [],
        memberOrigin,
      );
      results.push({
        referralId: r.id,
        result: res.refused ? 'refused' : res.repeated ? 'repeated' : 'applied',
        refusal: res.refused,
      });
    }
    this.logger.info(
      {
        owner,
        groupId: data.groupId,
        answer,
        applied: results.filter((x) => x.result === 'applied').length,
        refused: results.filter((x) => x.result === 'refused').length,
      },
      'owner group answer',
    );
    return results;
  }

  async respondOverHttp(req: RespondToReferralGroupRequestV1, actor: Actor): Promise<RespondToReferralGroupResponseV1> {
    const owner = requireOwner(actor);
    if (req.answer === 'rejected' && !req.reasonCode)
      throw invalid('reasonCode', 'Wajib diisi untuk penolakan.', 'Penolakan memerlukan kode alasan.');
    if (req.answer === 'review-requested' && !req.questions?.length)
      throw invalid(
        'questions',
        'Tuliskan paling sedikit satu pertanyaan.',
        'Permintaan kajian ulang memerlukan pertanyaan.',
      );
    if (req.answer === 'resolved' && !req.note?.trim())
      throw invalid('note', 'Tuliskan hasil penanganan.', 'Penyelesaian memerlukan uraian hasil.');
    const members = await this.dataSource.transaction((m) =>
      this.applyGroupAnswer(
        m,
        owner,
        {
          groupId: req.groupId,
          answer: req.answer,
          ...(req.reasonCode ? { reasonCode: req.reasonCode } : {}),
          ...(req.questions ? { questions: req.questions } : {}),
          ...(req.note ? { note: req.note } : {}),
          ...(req.answer === 'resolved' ? { outcome: req.note! } : {}),
        },
        `http:${req.responseId}`,
      ),
    );
    if (!members)
      throw new DomainError('NOT_FOUND', 'Kelompok rujukan tidak ditemukan untuk pengelola program Anda.', {
        reason: 'GROUP_NOT_FOUND',
      });
    return { groupId: req.groupId, members };
  }
}
