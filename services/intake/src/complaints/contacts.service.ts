import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  AnswerContactRequestV1,
  ComplaintDetailV1,
  CountIntakeRequestV1,
  IntakeCountsV1,
} from '@slrt/contracts';
import { CONTACT_TYPES, VULNERABLE_GROUPS } from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { IntakeEnv } from '../config/intake.env.js';
import { enterStep } from '../status/status-history.js';
import { inScope, requireRole, scopePatterns } from '@slrt/auth';
import { INTAKE_ROLES } from './access.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ContactsRepository } from './contacts.repository.js';
import { ComplaintsService, isDirectAnswer } from './complaints.service.js';

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', { reason: 'COMPLAINT_NOT_FOUND' });

/** Roles that answer questions and suggestions directly (seed: FO at the counter, SPV of the kecamatan). */
export const ANSWER_ROLES = ['FO', 'SPV'] as const;

/** What the public timeline says when a question or suggestion was answered (fixed words, never the answer's text). */
const ANSWERED_TEXT: Record<string, string> = {
  pertanyaan: 'Pertanyaan Anda sudah dijawab oleh petugas SLRT.',
  saran: 'Saran Anda sudah diterima dan ditanggapi oleh petugas SLRT.',
};

/**
 * Questions and suggestions (contact types other than complaints) answered directly by FO or SPV
 * without the review chain, and intake's counts: contact types and their answers, priority groups,
 * the household programmes received and needed, and the counter service standard.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly contacts: ContactsRepository,
    private readonly complaints: ComplaintsService,
    private readonly outbox: OutboxPublisher,
    private readonly env: IntakeEnv,
  ) {}

  /**
   * Records the answer once (409 when answered already), publishes `complaint.answered`, and enters
   * `resolved` into the public timeline with a fixed text: the citizen's status page says it was
   * answered, notification tells them like any resolved complaint.
   */
  async answer(req: AnswerContactRequestV1, actor: Actor): Promise<ComplaintDetailV1> {
    requireRole(actor, ANSWER_ROLES);
    const role = actor.roles.find((r) => (ANSWER_ROLES as readonly string[]).includes(r)) as 'FO' | 'SPV';
    await this.dataSource.transaction(async (m) => {
      const c = await this.repo.findById(m, req.complaintId, true);
      if (!c || !inScope(actor, c.desaCode)) throw NOT_FOUND();
      if (!isDirectAnswer(c.contactType)) {
        throw new DomainError(
          'CONFLICT',
          'Hanya pertanyaan dan saran yang dijawab langsung; pengaduan ditangani melalui penelaahan dan rujukan.',
          { reason: 'NOT_A_DIRECT_CONTACT' },
        );
      }
      if (c.status === 'withdrawn')
        throw new DomainError('CONFLICT', 'Pertanyaan atau saran ini sudah ditarik.', {
          reason: 'COMPLAINT_WITHDRAWN',
        });
      const answer = await this.contacts.insertAnswer(m, {
        complaintId: c.id,
        answer: req.answer.trim(),
        channel: req.channel,
        answeredBy: actor.id,
        answeredByRole: role,
      });
      if (!answer)
        throw new DomainError('CONFLICT', 'Pertanyaan atau saran ini sudah dijawab.', { reason: 'ALREADY_ANSWERED' });
      const answeredAt = new Date(answer.answeredAt);
      await this.outbox.publish(
        m,
        'slrt.evt.intake.complaint.answered.v1',
        {
          complaintId: c.id,
          receiptNumber: c.receiptNumber,
          desaCode: c.desaCode,
          contactType: c.contactType as 'pertanyaan' | 'saran',
          answeredByRole: role,
          channel: req.channel,
          answeredAt: answeredAt.toISOString(),
          minutesToAnswer: Math.max(
            0,
            Math.floor((answeredAt.getTime() - new Date(c.registeredAt).getTime()) / 60_000),
          ),
        },
        { actor },
      );
      await enterStep(
        this.outbox,
        m,
        c.id,
        {
          step: 'resolved',
          reasonCode: 'ANSWERED_DIRECTLY',
          detail: ANSWERED_TEXT[c.contactType] ?? null,
          occurredAt: answeredAt,
          source: 'intake:answered',
        },
        actor,
      );
    });
    return this.complaints.get(req.complaintId, false, actor);
  }

  async counts(req: CountIntakeRequestV1, actor: Actor): Promise<IntakeCountsV1> {
    requireRole(actor, INTAKE_ROLES.read);
    const standardMinutes = this.env.INTAKE_COUNTER_STANDARD_MINUTES;
    const r = await this.contacts.counts(
      this.dataSource.manager,
      {
        scopePatterns: scopePatterns(actor),
        ...(req.regionCode ? { regionPatterns: [req.regionCode, `${req.regionCode}.%`] } : {}),
        ...(req.from ? { from: req.from } : {}),
        ...(req.to ? { to: req.to } : {}),
      },
      standardMinutes,
    );
    return {
      // Every type and group listed, zeros included: a report's rows do not come and go.
      contactTypes: CONTACT_TYPES.map((t) => {
        const row = r.contactTypes.find((x) => x.contactType === t);
        const answered = row?.answered ?? 0;
        return {
          contactType: t,
          total: row?.total ?? 0,
          answered,
          unanswered: isDirectAnswer(t) ? (row?.total ?? 0) - answered : 0,
        };
      }),
      priorityGroups: VULNERABLE_GROUPS.map((g) => ({
        group: g,
        complaints: r.groups.find((x) => x.group === g)?.complaints ?? 0,
      })),
      programmes: r.programmes,
      counterService: {
        standardMinutes,
        fee: this.env.INTAKE_COUNTER_FEE,
        requirements: this.env.INTAKE_COUNTER_REQUIREMENTS.split('|')
          .map((l) => l.trim())
          .filter(Boolean),
        measured: r.counter.measured,
        withinStandard: r.counter.withinStandard,
        medianMinutes: r.counter.medianMinutes ?? null,
      },
    };
  }
}
