/* eslint-disable max-lines -- the three ways a registered complaint changes: corrections, the NIK after Dukcapil, withdrawal */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  ComplaintDetailV1,
  ComplaintInputV1,
  ComplaintSummaryV1,
  CorrectComplaintRequestV1,
  PersonInputV1,
  RecordSubjectIdentityRequestV1,
} from '@slrt/contracts';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { IntakeEnv } from '../config/intake.env.js';
import { inScope, requireRole } from '@slrt/auth';
import { INTAKE_ROLES } from './access.js';
import {
  changedPaths,
  checkComplaintInput,
  contentHash,
  nikHash,
  type CheckedComplaint,
} from './complaint-validation.js';
import type { ComplaintRecord, PersonRecord } from './complaint.records.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ComplaintsService, NOT_FOUND, isDirectAnswer, requireScope } from './complaints.service.js';
import { ContactsRepository } from './contacts.repository.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { RegistryCheck, publishRegistryChecked } from './registry-check.js';
import { enterStep } from '../status/status-history.js';

/**
 * Changes to a recorded complaint: an officer's correction (a new version, before and after kept,
 * `corrected` published), the NIK the citizen got from Dukcapil, and withdrawal.
 */
@Injectable()
export class ComplaintCorrections {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly registry: RegistryCheck,
    private readonly outbox: OutboxPublisher,
    private readonly env: IntakeEnv,
    private readonly programmes: ProgrammeCatalogue,
    private readonly contacts: ContactsRepository,
    private readonly complaints: ComplaintsService,
  ) {}

  async correct(req: CorrectComplaintRequestV1, actor: Actor): Promise<ComplaintDetailV1> {
    requireRole(actor, INTAKE_ROLES.correct);
    // A correction may keep a programme the kab/kota has since retired from its catalogue.
    const { input } = checkComplaintInput(req.complaint, new Date(), await this.programmes.lookup(), {
      inactiveToo: true,
    });
    requireScope(actor, input.subject.address.desaCode);
    // A correction form that does not send the recording time keeps the original one.
    const record = await this.applyCorrection(
      req.complaintId,
      req.expectedVersion,
      input,
      actor,
      req.reason.trim(),
      'operator',
      !req.complaint.recordedAt,
    );
    return this.complaints.detail(this.dataSource.manager, record, actor, false);
  }

  /** Applies a new version of the recorded content with before/after kept, and publishes `corrected`. */
  async applyCorrection(
    id: string,
    expectedVersion: number,
    given: CheckedComplaint,
    actor: Actor,
    reason: string,
    source: string,
    keepRecordedAt = false,
  ): Promise<ComplaintRecord> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.repo.findById(m, id, true);
      const input =
        keepRecordedAt && current ? { ...given, recordedAt: new Date(current.recordedAt).toISOString() } : given;
      if (!current || !inScope(actor, current.desaCode)) throw NOT_FOUND();
      if (current.status === 'withdrawn')
        throw new DomainError('CONFLICT', 'Pengaduan sudah ditarik dan tidak dapat dikoreksi.', {
          reason: 'COMPLAINT_WITHDRAWN',
        });
      if (current.version !== expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `Pengaduan sudah diubah orang lain (versi ${current.version}). Muat ulang, lalu koreksi lagi.`,
          { reason: 'VERSION_CONFLICT' },
        );
      }
      // An answered question stays what it was: a complaint about the same matter is registered anew.
      if (
        input.complaint.contactType !== current.contactType &&
        isDirectAnswer(current.contactType) &&
        (await this.contacts.answerOf(m, id))
      ) {
        throw new DomainError(
          'CONFLICT',
          'Pertanyaan atau saran ini sudah dijawab; jenisnya tidak dapat diubah. Catat pengaduan baru bila perlu.',
          { reason: 'CONTACT_ANSWERED' },
        );
      }
      const before = this.snapshot(current, await this.repo.persons(m, id));
      const hash = contentHash(input);
      if (hash === current.contentHash) return current;
      const oldNik = before.subject.nik;
      const newNik = input.subject.nik ?? null;
      const updated = await this.repo.updateContent(m, id, input, hash, nikHash(this.env, newNik), {
        noIdentity: !newNik,
        recheck: Boolean(newNik) && newNik !== oldNik,
      });
      const after = this.snapshot(updated, await this.repo.persons(m, id));
      const changedFields = changedPaths(before, after).filter((f) => !f.startsWith('version'));
      await this.repo.insertCorrection(m, {
        id: uuidv7(),
        complaintId: id,
        version: updated.version,
        actorId: actor.id,
        reason,
        source,
        before,
        after,
        changedFields,
      });
      await this.outbox.publish(
        m,
        'slrt.evt.intake.complaint.corrected.v1',
        {
          complaintId: id,
          receiptNumber: updated.receiptNumber,
          desaCode: updated.desaCode,
          version: updated.version,
          changedFields,
          programmeCodes: updated.programmeCodes,
          category: updated.category as 'kepesertaan' | 'non-kepesertaan',
          ...(Object.keys(updated.attributes ?? {}).length ? { attributes: updated.attributes } : {}),
          ...(updated.priorityGroups.length ? { priorityGroups: updated.priorityGroups } : {}),
          correctedAt: new Date().toISOString(),
        },
        { actor },
      );
      if (updated.registryCheck === 'no-identity' && current.registryCheck !== 'no-identity')
        await publishRegistryChecked(this.outbox, m, { ...updated, registryCheckedAt: new Date() }, actor);
      // A question or suggestion turned into a complaint: the review chain (or prelist) starts now.
      else if (
        isDirectAnswer(current.contactType) &&
        !isDirectAnswer(updated.contactType) &&
        updated.registryCheck !== 'pending'
      )
        await publishRegistryChecked(this.outbox, m, updated, actor);
      return updated;
    });
  }

  /**
   * The Dukcapil path completed: a complaint registered without NIK gets the NIK (and KK) the
   * citizen now has. Kept as a correction (before/after, reason); the registry is asked at once (a
   * silent registry leaves it pending for the background check) and the complaint continues as if
   * registered with the NIK: `registry-checked` with review or prelist.
   */
  async recordSubjectIdentity(req: RecordSubjectIdentityRequestV1, actor: Actor): Promise<ComplaintDetailV1> {
    requireRole(actor, INTAKE_ROLES.correct);
    const m = this.dataSource.manager;
    const current = await this.repo.findById(m, req.complaintId);
    if (!current || !inScope(actor, current.desaCode)) throw NOT_FOUND();
    if (current.registryCheck !== 'no-identity') {
      throw new DomainError(
        'CONFLICT',
        'Subjek pengaduan ini sudah memiliki NIK; gunakan koreksi bila NIK-nya salah.',
        { reason: 'SUBJECT_HAS_IDENTITY' },
      );
    }
    const persons = await this.repo.persons(m, current.id);
    const raw = inputOf(current, persons);
    raw.subject = { ...raw.subject, nik: req.nik, ...(req.noKk ? { noKk: req.noKk } : {}) };
    const { input } = checkComplaintInput(raw, new Date(), await this.programmes.lookup(), { inactiveToo: true });
    const note = req.note?.trim();
    const updated = await this.applyCorrection(
      current.id,
      req.expectedVersion,
      input,
      actor,
      `NIK dari Disdukcapil dicatat${note ? `: ${note}` : ''}`,
      'civil-registration',
      true,
    );
    // Ask the registry now (the operator waits briefly); the background job covers a silent registry.
    const triage = await this.registry.check(req.nik, updated.id, actor.id);
    let record = updated;
    if (triage.outcome !== 'pending') {
      record = await this.dataSource.transaction(async (tx) => {
        const done = await this.repo.completeRegistryCheck(tx, updated.id, triage);
        if (done) await publishRegistryChecked(this.outbox, tx, done, actor);
        return done ?? (await this.repo.findById(tx, updated.id))!;
      });
    }
    return this.complaints.detail(m, record, actor, false);
  }

  async withdraw(complaintId: string, reason: string, actor: Actor): Promise<ComplaintSummaryV1> {
    requireRole(actor, INTAKE_ROLES.withdraw);
    const record = await this.dataSource.transaction(async (m) => {
      const current = await this.repo.findById(m, complaintId, true);
      if (!current || !inScope(actor, current.desaCode)) throw NOT_FOUND();
      if (current.status === 'withdrawn') return current;
      const updated = await this.repo.withdraw(m, complaintId, reason.trim());
      await this.outbox.publish(
        m,
        'slrt.evt.intake.complaint.withdrawn.v1',
        {
          complaintId,
          receiptNumber: updated.receiptNumber,
          reason: reason.trim(),
          withdrawnAt: new Date(updated.withdrawnAt!).toISOString(),
        },
        { actor },
      );
      // The public timeline gets a fixed text: the officer's reason may name people.
      await enterStep(
        this.outbox,
        m,
        complaintId,
        {
          step: 'withdrawn',
          reasonCode: 'WITHDRAWN_BY_CITIZEN',
          reasonText: 'Dicabut atas permintaan pelapor.',
          occurredAt: new Date(updated.withdrawnAt!),
          source: 'intake:withdrawn',
        },
        actor,
      );
      return updated;
    });
    return this.complaints.summary(record, []);
  }

  /** What a correction compares: the content an officer can change. */
  private snapshot(r: ComplaintRecord, persons: PersonRecord[]) {
    const person = (p: PersonRecord | undefined) =>
      p
        ? {
            nik: p.nik,
            noKk: p.noKk,
            name: p.name,
            birthDate: p.birthDate,
            birthPlace: p.birthPlace,
            sex: p.sex,
            street: p.street,
            rt: p.rt,
            rw: p.rw,
            desaCode: p.desaCode,
            phone: p.phone,
            consent: p.consent,
            ...(p.vulnerableGroups?.length ? { vulnerableGroups: p.vulnerableGroups } : {}),
          }
        : null;
    return {
      channel: r.channel,
      place: r.place,
      recordedAt: new Date(r.recordedAt).toISOString(),
      relationship: r.relationship,
      anonymous: r.anonymous,
      confidential: r.confidential,
      complaint: {
        category: r.category,
        contactType: r.contactType,
        programmeCodes: r.programmeCodes,
        sector: r.sector,
        description: r.description,
        documentsReceived: r.documentsReceived,
        ...(Object.keys(r.attributes ?? {}).length ? { attributes: r.attributes } : {}),
      },
      subject: person(persons.find((p) => p.role === 'subject'))!,
      complainant: person(persons.find((p) => p.role === 'complainant')),
      ...(r.arrivedAt ? { arrivedAt: new Date(r.arrivedAt).toISOString() } : {}),
      ...(Object.keys(r.household ?? {}).length ? { household: r.household } : {}),
    };
  }
}

/** A stored complaint as the input that would record it again (for a correction built by intake). */
function inputOf(r: ComplaintRecord, persons: PersonRecord[]): ComplaintInputV1 {
  const person = (p: PersonRecord): PersonInputV1 => ({
    ...(p.nik ? { nik: p.nik } : {}),
    ...(p.noKk ? { noKk: p.noKk } : {}),
    name: p.name,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.birthPlace ? { birthPlace: p.birthPlace } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    address: {
      ...(p.street ? { street: p.street } : {}),
      ...(p.rt ? { rt: p.rt } : {}),
      ...(p.rw ? { rw: p.rw } : {}),
      desaCode: p.desaCode,
    },
    ...(p.phone ? { phone: p.phone } : {}),
    consent: p.consent,
    ...(p.vulnerableGroups?.length ? { vulnerableGroups: p.vulnerableGroups } : {}),
  });
  const subject = persons.find((p) => p.role === 'subject')!;
  const complainant = persons.find((p) => p.role === 'complainant');
  return {
    channel: r.channel as ComplaintInputV1['channel'],
    ...(r.place ? { place: r.place } : {}),
    recordedAt: new Date(r.recordedAt).toISOString(),
    subject: person(subject),
    complainant: complainant ? person(complainant) : null,
    relationship: r.relationship as ComplaintInputV1['relationship'],
    anonymous: r.anonymous,
    confidential: r.confidential,
    complaint: {
      category: r.category as ComplaintInputV1['complaint']['category'],
      contactType: r.contactType as ComplaintInputV1['complaint']['contactType'],
      programmeCodes: r.programmeCodes,
      sector: r.sector as ComplaintInputV1['complaint']['sector'],
      description: r.description,
      documentsReceived: r.documentsReceived as ComplaintInputV1['complaint']['documentsReceived'],
      ...(Object.keys(r.attributes ?? {}).length ? { attributes: r.attributes } : {}),
    },
    ...(r.arrivedAt ? { arrivedAt: new Date(r.arrivedAt).toISOString() } : {}),
    ...(Object.keys(r.household ?? {}).length ? { household: r.household } : {}),
  };
}
