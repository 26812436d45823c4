import { randomInt } from 'node:crypto';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  validatePayload,
  ComplaintInputV1,
  type Actor,
  type ComplaintDetailV1,
  type ComplaintListItemV1,
  type ComplaintSummaryV1,
  type CorrectComplaintRequestV1,
  type FieldComplaintResultV1,
  type InputWarningV1,
  type ListComplaintsRequestV1,
  type PersonInputV1,
  type PersonViewV1,
  type RecordSubjectIdentityRequestV1,
  type RegisterComplaintRequestV1,
  type RegisterComplaintResponseV1,
  type SyncFieldComplaintsRequestV1,
  type ContactAnswerViewV1,
  type HouseholdInputV1,
  DIRECT_ANSWER_CONTACT_TYPES,
} from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, maskPhone, revealOrMask, toUndottedRegionCode } from '@slrt/domain';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import { hasRole, inScope, requireRole, scopePatterns } from '@slrt/auth';
import { INTAKE_ROLES, isSystemReader, seesConfidential } from './access.js';
import { changedPaths, checkComplaintInput, contentHash, nikHash, type CheckedComplaint } from './complaint-validation.js';
import type { ComplaintRecord, PersonRecord, Triage } from './complaint.records.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { publishRegistered } from './complaint-registered.js';
import { holdForFieldCheck } from '../field-checks/field-check-gate.js';
import { ContactsRepository, type ContactAnswerRecord } from './contacts.repository.js';
import { ProgrammeCatalogue, SEED_PROGRAMMES } from './programme-catalogue.js';
import { programmeParticipation } from './programme-participation.js';
import { PENDING, RegistryCheck, publishRegistryChecked } from './registry-check.js';
import { enterStep, statusHistory } from '../status/status-history.js';
import { stepText } from '../status/public-status.js';
import { FieldNumbers } from '../field/field-numbers.js';

/** Tracking-code alphabet: no 0/O, 1/I/L, so codes read aloud or typed from paper survive. */
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', { reason: 'COMPLAINT_NOT_FOUND' });

/**
 * The rules of intake: registration (idempotent, triaged against the registry, duplicates
 * flagged), the Fasilitator's offline batches, reads with masking and audit, corrections and
 * withdrawal. Every state change and its events commit in one transaction (outbox).
 */
@Injectable()
export class ComplaintsService implements OnApplicationBootstrap {
  private periodFormat: Intl.DateTimeFormat | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly registry: RegistryCheck,
    private readonly outbox: OutboxPublisher,
    private readonly env: IntakeEnv,
    private readonly programmes: ProgrammeCatalogue,
    private readonly contacts: ContactsRepository,
    private readonly fieldNumbers: FieldNumbers,
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
      await this.dataSource.query(`UPDATE complaint SET subject_nik_hmac = $2 WHERE id = $1 AND subject_nik_hmac IS NULL`, [r.id, nikHash(this.env, r.nik)]);
    }
    return rows.length;
  }

  // ── registration ──────────────────────────────────────────────────────────────────────────

  async register(req: RegisterComplaintRequestV1, actor: Actor): Promise<RegisterComplaintResponseV1> {
    requireRole(actor, INTAKE_ROLES.register);
    const { idempotencyKey, ...raw } = req;
    const { input, warnings } = checkComplaintInput(raw as ComplaintInputV1, new Date(), await this.programmes.lookup());
    this.requireScope(actor, input.subject.address.desaCode);
    const requestHash = contentHash(input);

    const earlier = await this.repo.findIdempotencyKey(this.dataSource.manager, actor.id, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash, warnings);

    const complaintId = uuidv7();
    const triage = await this.registry.check(input.subject.nik, complaintId, actor.id);
    const receiptNumber = await this.nextReceiptNumber();
    const lostRace = Symbol('idempotency race lost');
    const outcome = await this.dataSource
      .transaction(async (m) => {
        const record = await this.create(m, complaintId, receiptNumber, input, triage, actor, null);
        // Written last, so a concurrent request with the same key waits here for this one to commit,
        // then finds the key taken and rolls its own complaint back.
        if (!(await this.repo.recordIdempotencyKey(m, actor.id, idempotencyKey, requestHash, record.id))) throw lostRace;
        return record;
      })
      .catch((err: unknown) => {
        if (err === lostRace) return null;
        throw err;
      });
    if (!outcome) {
      const winner = await this.repo.findIdempotencyKey(this.dataSource.manager, actor.id, idempotencyKey);
      return this.replay(winner!, requestHash, warnings);
    }
    return { ...this.summary(outcome, warnings), replayed: false };
  }

  private async replay(earlier: { requestHash: string; complaintId: string | null }, requestHash: string, warnings: InputWarningV1[]): Promise<RegisterComplaintResponseV1> {
    if (earlier.requestHash !== requestHash) {
      throw new DomainError('CONFLICT', 'Idempotency-Key ini sudah dipakai untuk pengaduan lain. Gunakan kunci baru untuk pengaduan baru.', { reason: 'IDEMPOTENCY_KEY_REUSED' });
    }
    const record = earlier.complaintId ? await this.repo.findById(this.dataSource.manager, earlier.complaintId) : null;
    if (!record) throw new DomainError('UNAVAILABLE', 'Pengaduan dengan kunci ini sedang diproses. Coba lagi sebentar.', { reason: 'IDEMPOTENCY_IN_PROGRESS' });
    return { ...this.summary(record, warnings), replayed: true };
  }

  /** `6271-2611-000123`: kab/kota, YYMM in the deployment's time zone, sequence per kab/kota and month. */
  private async nextReceiptNumber(): Promise<string> {
    const period = this.periodOf(new Date());
    const sequence = await this.repo.nextReceiptSequence(this.dataSource.manager, this.env.KAB_KOTA_CODE, period);
    return `${toUndottedRegionCode(this.env.KAB_KOTA_CODE)!}-${period}-${String(sequence).padStart(6, '0')}`;
  }

  /** Inserts a complaint, flags a possible duplicate and writes its events, in `m`'s transaction. */
  private async create(m: EntityManager, id: string, receiptNumber: string, input: CheckedComplaint, triage: Triage, actor: Actor, clientId: string | null): Promise<ComplaintRecord> {
    const subjectNikHash = nikHash(this.env, input.subject.nik);
    const possibleDuplicateOf = await this.repo.findPossibleDuplicate(m, input.subject, subjectNikHash, input.complaint.programmeCodes);
    const record = await this.repo.insertComplaint(m, {
      id,
      receiptNumber,
      trackingCode: this.trackingCode(),
      kabKotaCode: this.env.KAB_KOTA_CODE,
      officerId: actor.id,
      officerRole: actor.roles.find((r) => (INTAKE_ROLES.register as readonly string[]).includes(r)) ?? actor.roles[0] ?? 'FO',
      input,
      triage,
      subjectNikHash,
      possibleDuplicateOf,
      clientId,
      contentHash: contentHash(input),
      registryRetryMs: this.env.INTAKE_REGISTRY_RETRY_MS,
    });
    // An FS submission the kab/kota has its SPV check first is held (field-checks/): registered when approved.
    if (!(await holdForFieldCheck(this.outbox, m, record, actor))) {
      await publishRegistered(this.outbox, m, record, Boolean(input.subject.nik), actor);
      await enterStep(this.outbox, m, record.id, { step: 'received', occurredAt: new Date(record.registeredAt), source: 'intake:registered' }, actor);
    }
    await publishRegistryChecked(this.outbox, m, record, actor);
    return record;
  }

  /** `YYMM` of a moment in the deployment's time zone (receipt numbers restart each month). */
  private periodOf(at: Date): string {
    this.periodFormat ??= new Intl.DateTimeFormat('en-GB', { timeZone: this.env.SLRT_TIME_ZONE, year: '2-digit', month: '2-digit' });
    const parts = this.periodFormat.formatToParts(at);
    return `${parts.find((p) => p.type === 'year')!.value}${parts.find((p) => p.type === 'month')!.value}`;
  }

  private trackingCode(): string {
    let s = '';
    for (let i = 0; i < 8; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  }

  // ── the Fasilitator's offline batch ───────────────────────────────────────────────────────

  /**
   * Each item is answered on its own: created, unchanged (already synced: a replayed batch
   * changes nothing), updated (an edit based on the current version), conflict (an edit based on
   * an older version: never silently overwritten) or rejected (with field errors).
   */
  async syncFieldComplaints(req: SyncFieldComplaintsRequestV1, actor: Actor): Promise<{ results: FieldComplaintResultV1[] }> {
    requireRole(actor, INTAKE_ROLES.sync);
    // Offline receipt numbers (field app): a revoked device refuses the whole batch.
    const devices = await this.fieldNumbers.checkBatch(req, actor);
    const results: FieldComplaintResultV1[] = [];
    let registryAnswering = true;
    for (const item of req.items) {
      const base = { clientId: item.clientId, complaintId: null, receiptNumber: null, version: null, detail: null, fieldErrors: [] };
      try {
        const parsed = validatePayload(ComplaintInputV1, JSON.parse(JSON.stringify({ ...item.complaint, recordedAt: item.recordedAt })));
        if (!parsed.ok) {
          results.push({ ...base, outcome: 'rejected', detail: 'Data pengaduan belum benar.', fieldErrors: parsed.fieldErrors });
          continue;
        }
        const { input } = checkComplaintInput(parsed.value, new Date(), await this.programmes.lookup());
        this.requireScope(actor, input.subject.address.desaCode);
        const provisional = this.fieldNumbers.checkItem(item, devices, actor);
        const existing = await this.repo.findByClientId(this.dataSource.manager, item.clientId);
        if (!existing) {
          if (provisional && (await this.fieldNumbers.takenByOther(provisional.number, item.clientId))) this.fieldNumbers.refuseTaken(provisional);
          const id = uuidv7();
          // One silent registry is enough: the rest of the batch registers as pending at once.
          const triage = registryAnswering ? await this.registry.check(input.subject.nik, id, actor.id) : PENDING;
          if (triage.outcome === 'pending' && input.subject.nik) registryAnswering = false;
          const receiptNumber = await this.nextReceiptNumber();
          const record = await this.dataSource
            .transaction(async (m) => {
              // A concurrent sync of the same item may have created it meanwhile.
              const again = await this.repo.findByClientId(m, item.clientId);
              if (again) return again;
              const created = await this.create(m, id, receiptNumber, input, triage, actor, item.clientId);
              if (provisional) await this.fieldNumbers.attach(m, created.id, provisional);
              return created;
            })
            .catch(async (err: unknown) => {
              // ... or may commit it while this one inserts: the unique client_id refuses the second
              // (rolled back with its events), which then answers with the one that won.
              const winner = isClientIdTaken(err) ? await this.repo.findByClientId(this.dataSource.manager, item.clientId) : null;
              if (!winner) throw err;
              return winner;
            });
          results.push({ ...base, outcome: record.id === id ? 'created' : 'unchanged', complaintId: record.id, receiptNumber: record.receiptNumber, version: record.version });
          continue;
        }
        if (!inScope(actor, existing.desaCode)) throw NOT_FOUND();
        if (existing.contentHash === contentHash(input)) {
          results.push({ ...base, outcome: 'unchanged', complaintId: existing.id, receiptNumber: existing.receiptNumber, version: existing.version });
          continue;
        }
        if (item.baseVersion !== existing.version) {
          results.push({
            ...base,
            outcome: 'conflict',
            complaintId: existing.id,
            receiptNumber: existing.receiptNumber,
            version: existing.version,
            detail: `Pengaduan ini sudah diubah di server (versi ${existing.version}) sejak perangkat terakhir sinkron${item.baseVersion ? ` (versi ${item.baseVersion})` : ''}. Muat versi terbaru, periksa perbedaannya, lalu kirim ulang.`,
          });
          continue;
        }
        const updated = await this.applyCorrection(existing.id, existing.version, input, actor, 'Perubahan dari perangkat Fasilitator (sinkronisasi luring)', 'field-sync');
        results.push({ ...base, outcome: 'updated', complaintId: updated.id, receiptNumber: updated.receiptNumber, version: updated.version });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({ ...base, outcome: err.rpcError.code === 'CONFLICT' ? 'conflict' : 'rejected', detail: err.rpcError.detail, fieldErrors: err.rpcError.fieldErrors ?? [] });
      }
    }
    return { results: await this.fieldNumbers.finish(results, devices, actor) };
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  async get(complaintId: string, reveal: boolean, actor: Actor, onBehalfOf?: string, revealReason?: string): Promise<ComplaintDetailV1> {
    const system = isSystemReader(actor);
    if (!system) requireRole(actor, INTAKE_ROLES.read);
    if (onBehalfOf && !system) throw new DomainError('FORBIDDEN', 'Hanya layanan yang dapat membaca pengaduan atas nama petugas lain.', { reason: 'ON_BEHALF_NOT_ALLOWED' });
    if (reveal && !system && !hasRole(actor, INTAKE_ROLES.reveal)) {
      throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang melihat NIK, KK dan nomor telepon secara lengkap.', { reason: 'REVEAL_NOT_ALLOWED' });
    }
    if (reveal && !system && !revealReason?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'Tuliskan alasan membuka data lengkap; alasan ini dicatat.', {
        reason: 'REVEAL_REASON_REQUIRED',
        fieldErrors: [{ field: 'revealReason', messages: ['wajib diisi saat membuka NIK, KK dan nomor telepon secara lengkap (10–300 karakter)'] }],
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
    const { rows } = await this.repo.list(m, { scopePatterns: scopePatterns(actor), subjectNikHash: nikHash(this.env, nik)! }, 1, 50);
    await this.repo.audit(m, { actorId: actor.id, roles: actor.roles, action: 'person.complaints.read', complaintId: null, revealed: false, correlationId: RequestContext.current()?.correlationId ?? null });
    return { items: rows.map((r) => this.listItem(r, actor)) };
  }

  // ── corrections and withdrawal ────────────────────────────────────────────────────────────

  async correct(req: CorrectComplaintRequestV1, actor: Actor): Promise<ComplaintDetailV1> {
    requireRole(actor, INTAKE_ROLES.correct);
    // A correction may keep a programme the kab/kota has since retired from its catalogue.
    const { input } = checkComplaintInput(req.complaint, new Date(), await this.programmes.lookup(), { inactiveToo: true });
    this.requireScope(actor, input.subject.address.desaCode);
    // A correction form that does not send the recording time keeps the original one.
    const record = await this.applyCorrection(req.complaintId, req.expectedVersion, input, actor, req.reason.trim(), 'operator', !req.complaint.recordedAt);
    return this.detail(this.dataSource.manager, record, actor, false);
  }

  /** Applies a new version of the recorded content with before/after kept, and publishes `corrected`. */
  private async applyCorrection(id: string, expectedVersion: number, given: CheckedComplaint, actor: Actor, reason: string, source: string, keepRecordedAt = false): Promise<ComplaintRecord> {
    return this.dataSource.transaction(async (m) => {
      const current = await this.repo.findById(m, id, true);
      const input = keepRecordedAt && current ? { ...given, recordedAt: new Date(current.recordedAt).toISOString() } : given;
      if (!current || !inScope(actor, current.desaCode)) throw NOT_FOUND();
      if (current.status === 'withdrawn') throw new DomainError('CONFLICT', 'Pengaduan sudah ditarik dan tidak dapat dikoreksi.', { reason: 'COMPLAINT_WITHDRAWN' });
      if (current.version !== expectedVersion) {
        throw new DomainError('CONFLICT', `Pengaduan sudah diubah orang lain (versi ${current.version}). Muat ulang, lalu koreksi lagi.`, { reason: 'VERSION_CONFLICT' });
      }
      // An answered question stays what it was: a complaint about the same matter is registered anew.
      if (input.complaint.contactType !== current.contactType && isDirectAnswer(current.contactType) && (await this.contacts.answerOf(m, id))) {
        throw new DomainError('CONFLICT', 'Pertanyaan atau saran ini sudah dijawab; jenisnya tidak dapat diubah. Catat pengaduan baru bila perlu.', { reason: 'CONTACT_ANSWERED' });
      }
      const before = this.snapshot(current, await this.repo.persons(m, id));
      const hash = contentHash(input);
      if (hash === current.contentHash) return current;
      const oldNik = before.subject.nik;
      const newNik = input.subject.nik ?? null;
      const updated = await this.repo.updateContent(m, id, input, hash, nikHash(this.env, newNik), { noIdentity: !newNik, recheck: Boolean(newNik) && newNik !== oldNik });
      const after = this.snapshot(updated, await this.repo.persons(m, id));
      const changedFields = changedPaths(before, after).filter((f) => !f.startsWith('version'));
      await this.repo.insertCorrection(m, { id: uuidv7(), complaintId: id, version: updated.version, actorId: actor.id, reason, source, before, after, changedFields });
      await this.outbox.publish(
        m,
        'slrt.evt.intake.complaint.corrected.v1',
        { complaintId: id, receiptNumber: updated.receiptNumber, desaCode: updated.desaCode, version: updated.version, changedFields, programmeCodes: updated.programmeCodes, category: updated.category as 'kepesertaan' | 'non-kepesertaan', ...(Object.keys(updated.attributes ?? {}).length ? { attributes: updated.attributes } : {}), ...(updated.priorityGroups.length ? { priorityGroups: updated.priorityGroups } : {}), correctedAt: new Date().toISOString() },
        { actor },
      );
      if (updated.registryCheck === 'no-identity' && current.registryCheck !== 'no-identity') await publishRegistryChecked(this.outbox, m, { ...updated, registryCheckedAt: new Date() }, actor);
      // A question or suggestion turned into a complaint: the review chain (or prelist) starts now.
      else if (isDirectAnswer(current.contactType) && !isDirectAnswer(updated.contactType) && updated.registryCheck !== 'pending') await publishRegistryChecked(this.outbox, m, updated, actor);
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
      throw new DomainError('CONFLICT', 'Subjek pengaduan ini sudah memiliki NIK; gunakan koreksi bila NIK-nya salah.', { reason: 'SUBJECT_HAS_IDENTITY' });
    }
    const persons = await this.repo.persons(m, current.id);
    const raw = inputOf(current, persons);
    raw.subject = { ...raw.subject, nik: req.nik, ...(req.noKk ? { noKk: req.noKk } : {}) };
    const { input } = checkComplaintInput(raw, new Date(), await this.programmes.lookup(), { inactiveToo: true });
    const note = req.note?.trim();
    const updated = await this.applyCorrection(current.id, req.expectedVersion, input, actor, `NIK dari Disdukcapil dicatat${note ? `: ${note}` : ''}`, 'civil-registration', true);
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
    return this.detail(m, record, actor, false);
  }

  async withdraw(complaintId: string, reason: string, actor: Actor): Promise<ComplaintSummaryV1> {
    requireRole(actor, INTAKE_ROLES.withdraw);
    const record = await this.dataSource.transaction(async (m) => {
      const current = await this.repo.findById(m, complaintId, true);
      if (!current || !inScope(actor, current.desaCode)) throw NOT_FOUND();
      if (current.status === 'withdrawn') return current;
      const updated = await this.repo.withdraw(m, complaintId, reason.trim());
      await this.outbox.publish(m, 'slrt.evt.intake.complaint.withdrawn.v1', { complaintId, receiptNumber: updated.receiptNumber, reason: reason.trim(), withdrawnAt: new Date(updated.withdrawnAt!).toISOString() }, { actor });
      // The public timeline gets a fixed text: the officer's reason may name people.
      await enterStep(this.outbox, m, complaintId, { step: 'withdrawn', reasonCode: 'WITHDRAWN_BY_CITIZEN', reasonText: 'Dicabut atas permintaan pelapor.', occurredAt: new Date(updated.withdrawnAt!), source: 'intake:withdrawn' }, actor);
      return updated;
    });
    return this.summary(record, []);
  }

  // ── mapping ───────────────────────────────────────────────────────────────────────────────

  private requireScope(actor: Actor, desaCode: string): void {
    if (!inScope(actor, desaCode)) {
      throw new DomainError('FORBIDDEN', 'Desa/kelurahan subjek berada di luar wilayah kerja Anda.', { reason: 'OUT_OF_SCOPE', fieldErrors: [{ field: 'subject.address.desaCode', messages: ['Di luar wilayah kerja Anda.'] }] });
    }
  }

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

  private listItem(r: ComplaintRecord & { subjectName: string; answeredAt?: Date | null }, actor: Actor): ComplaintListItemV1 {
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

  private async detail(m: EntityManager, r: ComplaintRecord, actor: Actor, reveal: boolean): Promise<ComplaintDetailV1> {
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
      persons: persons.filter((p) => visible && !(p.role === 'complainant' && r.anonymous && !hasRole(actor, ['FO', 'FS']))).map((p) => personView(p, reveal && visible)),
      linkedComplaints: await this.repo.linked(m, r.id),
      // The citizen-facing timeline, so staff see what the citizen sees (owners by code).
      statusHistory: (await statusHistory(m, r.id)).map((s) => {
        const [label, explanation] = stepText(s, r, (code) => code ?? 'pemilik program');
        return { step: s.step, label, explanation, at: new Date(s.occurredAt).toISOString(), ownerCode: s.ownerCode, reasonCode: s.reasonCode, reasonText: s.reasonText };
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

  /** What a correction compares: the content an officer can change. */
  private snapshot(r: ComplaintRecord, persons: PersonRecord[]) {
    const person = (p: PersonRecord | undefined) =>
      p ? { nik: p.nik, noKk: p.noKk, name: p.name, birthDate: p.birthDate, birthPlace: p.birthPlace, sex: p.sex, street: p.street, rt: p.rt, rw: p.rw, desaCode: p.desaCode, phone: p.phone, consent: p.consent, ...(p.vulnerableGroups?.length ? { vulnerableGroups: p.vulnerableGroups } : {}) } : null;
    return {
      channel: r.channel,
      place: r.place,
      recordedAt: new Date(r.recordedAt).toISOString(),
      relationship: r.relationship,
      anonymous: r.anonymous,
      confidential: r.confidential,
      complaint: { category: r.category, contactType: r.contactType, programmeCodes: r.programmeCodes, sector: r.sector, description: r.description, documentsReceived: r.documentsReceived, ...(Object.keys(r.attributes ?? {}).length ? { attributes: r.attributes } : {}) },
      subject: person(persons.find((p) => p.role === 'subject'))!,
      complainant: person(persons.find((p) => p.role === 'complainant')),
      ...(r.arrivedAt ? { arrivedAt: new Date(r.arrivedAt).toISOString() } : {}),
      ...(Object.keys(r.household ?? {}).length ? { household: r.household } : {}),
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

/** A stored complaint as the input that would record it again (for a correction built by intake). */
function inputOf(r: ComplaintRecord, persons: PersonRecord[]): ComplaintInputV1 {
  const person = (p: PersonRecord): PersonInputV1 => ({
    ...(p.nik ? { nik: p.nik } : {}),
    ...(p.noKk ? { noKk: p.noKk } : {}),
    name: p.name,
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.birthPlace ? { birthPlace: p.birthPlace } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    address: { ...(p.street ? { street: p.street } : {}), ...(p.rt ? { rt: p.rt } : {}), ...(p.rw ? { rw: p.rw } : {}), desaCode: p.desaCode },
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
  return a ? { answer: a.answer, channel: a.channel as ContactAnswerViewV1['channel'], answeredBy: a.answeredBy, answeredByRole: a.answeredByRole, answeredAt: new Date(a.answeredAt).toISOString() } : null;
}

/** The unique violation of `complaint.client_id`: a concurrent sync of the same item committed first. */
function isClientIdTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && constraint === 'complaint_client_id_key';
}
