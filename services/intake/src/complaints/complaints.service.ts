import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type Actor,
  type ComplaintDetailV1,
  type ComplaintListItemV1,
  type ComplaintSummaryV1,
  type InputWarningV1,
  type ListComplaintsRequestV1,
  type PersonViewV1,
  type ContactAnswerViewV1,
  type HouseholdInputV1,
  DIRECT_ANSWER_CONTACT_TYPES,
} from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, maskPhone, revealOrMask } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import { hasRole, inScope, requireRole, scopePatterns, requireRegion } from '@slrt/auth';
import { INTAKE_ROLES, isSystemReader, seesConfidential } from './access.js';
import { nikHash } from './complaint-validation.js';
import type { ComplaintRecord, PersonRecord } from './complaint.records.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ContactsRepository, type ContactAnswerRecord } from './contacts.repository.js';
import { SEED_PROGRAMMES } from './programme-catalogue.js';
import { programmeParticipation } from './programme-participation.js';
import { statusHistory } from '../status/status-history.js';
import { stepText } from '../status/public-status.js';

export const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', { reason: 'COMPLAINT_NOT_FOUND' });

/** Refuses a complaint whose subject lives outside the actor's region scope. */
export function requireScope(actor: Actor, desaCode: string): void {
  requireRegion(actor, desaCode, 'Desa/kelurahan subjek berada di luar wilayah kerja Anda.', {
    fieldErrors: [{ field: 'subject.address.desaCode', messages: ['Di luar wilayah kerja Anda.'] }],
  });
}

/**
 * What staff read of complaints (one with its persons masked unless revealed and audited, the
 * list, a person's earlier complaints) and how a complaint is shown. Registration is
 * complaint-registration.service.ts, the Fasilitator's offline batch field-complaint-sync.service.ts,
 * corrections and withdrawal complaint-corrections.service.ts.
 */
@Injectable()
export class ComplaintsService implements OnApplicationBootstrap {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly env: IntakeEnv,
    private readonly contacts: ContactsRepository,
  ) {}

  /** Fills `subject_nik_hmac` of complaints whose unkeyed hash a migration dropped (see KeyedSubjectNikHash). */
  async onApplicationBootstrap(): Promise<void> {
    await this.backfillSubjectNikHmac();
  }

  async backfillSubjectNikHmac(): Promise<number> {
    const rows: Array<{ id: string; nik: string }> = await this.dataSource.query(
      `SELECT c.id, p.nik FROM complaint c JOIN complaint_person p ON p.complaint_id = c.id AND p.role = 'subject'
       WHERE c.subject_nik_hmac IS NULL AND p.nik IS NOT NULL`,
    );
    for (const r of rows) {
      await this.dataSource.query(
        `UPDATE complaint SET subject_nik_hmac = $2 WHERE id = $1 AND subject_nik_hmac IS NULL`,
        [r.id, nikHash(this.env, r.nik)],
      );
    }
    return rows.length;
  }

  async get(
    complaintId: string,
    reveal: boolean,
    actor: Actor,
    onBehalfOf?: string,
    revealReason?: string,
  ): Promise<ComplaintDetailV1> {
    const system = isSystemReader(actor);
    if (!system) requireRole(actor, INTAKE_ROLES.read);
    if (onBehalfOf && !system)
      throw new DomainError('FORBIDDEN', 'Hanya layanan yang dapat membaca pengaduan atas nama petugas lain.', {
        reason: 'ON_BEHALF_NOT_ALLOWED',
      });
    if (reveal && !system && !hasRole(actor, INTAKE_ROLES.reveal)) {
      throw new DomainError(
        'FORBIDDEN',
        'Peran Anda tidak berwenang melihat NIK, KK dan nomor telepon secara lengkap.',
        { reason: 'REVEAL_NOT_ALLOWED' },
      );
    }
    if (reveal && !system && !revealReason?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'Tuliskan alasan membuka data lengkap; alasan ini dicatat.', {
        reason: 'REVEAL_REASON_REQUIRED',
        fieldErrors: [
          {
            field: 'revealReason',
            messages: ['wajib diisi saat membuka NIK, KK dan nomor telepon secara lengkap (10–300 karakter)'],
          },
        ],
      });
    }
    const m = this.dataSource.manager;
    const record = await this.repo.findById(m, complaintId);
    if (!record || !(system || inScope(actor, record.desaCode))) throw NOT_FOUND();
    const detail = await this.detail(m, record, actor, reveal);
    await this.repo.audit(m, {
      actorId: actor.id,
      roles: actor.roles,
      action: 'complaint.read',
      complaintId,
      revealed: detail.persons.some((p) => p.revealed),
      correlationId: RequestContext.current()?.correlationId ?? null,
      onBehalfOf: onBehalfOf ?? null,
      reason: reveal ? (revealReason?.trim() ?? null) : null,
    });
    return detail;
  }

  async list(req: ListComplaintsRequestV1, actor: Actor) {
    requireRole(actor, INTAKE_ROLES.read);
    const { rows, total } = await this.repo.list(
      this.dataSource.manager,
      {
        scopePatterns: scopePatterns(actor),
        ...(req.status ? { status: req.status } : {}),
        ...(req.registryCheck ? { registryCheck: req.registryCheck } : {}),
        ...(req.from ? { from: req.from } : {}),
        ...(req.to ? { to: req.to } : {}),
        ...(req.regionCode ? { regionPatterns: [req.regionCode, `${req.regionCode}.%`] } : {}),
        ...(req.channel ? { channel: req.channel } : {}),
        ...(req.programmeCode ? { programmeCode: req.programmeCode } : {}),
        ...(req.officerId ? { officerId: req.officerId } : {}),
        ...(req.contactType ? { contactType: req.contactType } : {}),
        ...(req.priority !== undefined ? { priority: req.priority } : {}),
        ...(req.answered !== undefined ? { answered: req.answered } : {}),
      },
      req.page,
      req.pageSize,
    );
    return { items: rows.map((r) => this.listItem(r, actor)), total, page: req.page, pageSize: req.pageSize };
  }

  /** The person's complaints in the caller's scope, shown to the operator before saving a new one. */
  async findPersonComplaints(nik: string, actor: Actor) {
    requireRole(actor, INTAKE_ROLES.register);
    const m = this.dataSource.manager;
    const { rows } = await this.repo.list(
      m,
      { scopePatterns: scopePatterns(actor), subjectNikHash: nikHash(this.env, nik)! },
      1,
      50,
    );
    await this.repo.audit(m, {
      actorId: actor.id,
      roles: actor.roles,
      action: 'person.complaints.read',
      complaintId: null,
      revealed: false,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
    return { items: rows.map((r) => this.listItem(r, actor)) };
  }

  // ── mapping ───────────────────────────────────────────────────────────────────────────────

  summary(r: ComplaintRecord, warnings: InputWarningV1[]): ComplaintSummaryV1 {
    return {
      complaintId: r.id,
      receiptNumber: r.receiptNumber,
      trackingCode: r.trackingCode,
      status: r.status,
      registryCheck: r.registryCheck,
      nextStep: r.nextStep,
      possibleDuplicateOf: r.possibleDuplicateOf,
      registeredAt: new Date(r.registeredAt).toISOString(),
      recordedAt: new Date(r.recordedAt).toISOString(),
      version: r.version,
      warnings,
    };
  }

  private listItem(
    r: ComplaintRecord & { subjectName: string; answeredAt?: Date | null },
    actor: Actor,
  ): ComplaintListItemV1 {
    return {
      complaintId: r.id,
      receiptNumber: r.receiptNumber,
      status: r.status,
      registryCheck: r.registryCheck,
      channel: r.channel,
      category: r.category,
      programmeCodes: r.programmeCodes,
      desaCode: r.desaCode,
      officerId: r.officerId,
      registeredAt: new Date(r.registeredAt).toISOString(),
      recordedAt: new Date(r.recordedAt).toISOString(),
      possibleDuplicateOf: r.possibleDuplicateOf,
      subjectName: seesConfidential(r, actor) ? r.subjectName : '(rahasia)',
      contactType: r.contactType,
      priorityGroups: r.priorityGroups,
      answeredAt: r.answeredAt ? new Date(r.answeredAt).toISOString() : null,
    };
  }

  async detail(m: EntityManager, r: ComplaintRecord, actor: Actor, reveal: boolean): Promise<ComplaintDetailV1> {
    const persons = await this.repo.persons(m, r.id);
    const visible = seesConfidential(r, actor);
    return {
      ...this.summary(r, []),
      channel: r.channel,
      place: r.place,
      officerId: r.officerId,
      officerRole: r.officerRole,
      category: r.category,
      contactType: r.contactType,
      programmeCodes: r.programmeCodes,
      sector: r.sector,
      description: r.description,
      documentsReceived: r.documentsReceived,
      attributes: r.attributes ?? {},
      relationship: r.relationship,
      anonymous: r.anonymous,
      confidential: r.confidential,
      desaCode: r.desaCode,
      desil: r.registryDesil,
      registryProgrammes: r.registryProgrammes,
      dataPeriod: r.registryDataPeriod,
      persons: persons
        .filter((p) => visible && !(p.role === 'complainant' && r.anonymous && !hasRole(actor, ['FO', 'FS'])))
        .map((p) => personView(p, reveal && visible)),
      linkedComplaints: await this.repo.linked(m, r.id),
      // The citizen-facing timeline, so staff see what the citizen sees (owners by code).
      statusHistory: (await statusHistory(m, r.id)).map((s) => {
        const [label, explanation] = stepText(s, r, (code) => code ?? 'pemilik program');
        return {
          step: s.step,
          label,
          explanation,
          at: new Date(s.occurredAt).toISOString(),
          ownerCode: s.ownerCode,
          reasonCode: s.reasonCode,
          reasonText: s.reasonText,
        };
      }),
      ...(r.arrivedAt ? { arrivedAt: new Date(r.arrivedAt).toISOString() } : {}),
      ...(r.serviceMinutes !== null ? { serviceMinutes: r.serviceMinutes } : {}),
      priorityGroups: r.priorityGroups,
      household: visibleHousehold(r.household, visible),
      // The registry's flags are national programmes: the seed's aliases (KIP → PIP) suffice, no round trip to referral.
      programmeParticipation: programmeParticipation(r, SEED_PROGRAMMES),
      answer: answerView(await this.contacts.answerOf(m, r.id)),
    };
  }
}

function personView(p: PersonRecord, reveal: boolean): PersonViewV1 {
  return {
    role: p.role,
    name: p.name,
    nik: revealOrMask(p.nik, reveal, maskNik),
    noKk: revealOrMask(p.noKk, reveal, maskKk),
    // Day and month beside the desa and the last 4 NIK digits would rebuild the NIK: the year only unless revealed.
    birthDate: maskBirthDate(p.birthDate, reveal),
    birthPlace: p.birthPlace,
    sex: p.sex,
    street: p.street,
    rt: p.rt,
    rw: p.rw,
    desaCode: p.desaCode,
    phone: revealOrMask(p.phone, reveal, maskPhone),
    consent: p.consent,
    revealed: reveal && Boolean(p.nik || p.noKk || p.phone),
    ...(p.vulnerableGroups?.length ? { vulnerableGroups: p.vulnerableGroups } : {}),
  };
}

/** Whether a contact of this type is answered directly by FO or SPV, without the review chain. */
export function isDirectAnswer(contactType: string): boolean {
  return (DIRECT_ANSWER_CONTACT_TYPES as readonly string[]).includes(contactType);
}

/** The household as recorded; members' names only to who may see the complaint's persons. */
function visibleHousehold(h: HouseholdInputV1, visible: boolean): HouseholdInputV1 {
  if (visible || !h.members) return h;
  const { needsNote: _note, ...rest } = h;
  return { ...rest, members: h.members.map((x) => ({ ...x, name: '(rahasia)' })) };
}

function answerView(a: ContactAnswerRecord | null): ContactAnswerViewV1 | null {
  return a
    ? {
        answer: a.answer,
        channel: a.channel as ContactAnswerViewV1['channel'],
        answeredBy: a.answeredBy,
        answeredByRole: a.answeredByRole,
        answeredAt: new Date(a.answeredAt).toISOString(),
      }
    : null;
}
