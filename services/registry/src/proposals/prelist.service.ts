import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  systemActor,
  type Actor,
  type ComplaintRegistryCheckedV1,
  type CreatePrelistEntryRequestV1,
  type HouseholdProfileV1,
  type ListPrelistEntriesRequestV1,
  type ListProposalsResponseV1,
  type PrelistEntryV1,
  type PrelistMemberInputV1,
  type ProposalStatus,
  type RecordDukcapilMatchRequestV1,
  type RecordFieldVerificationRequestV1,
  type RecordMusdesRequestV1,
  type UpdatePrelistEntryRequestV1,
} from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, maskPhone, revealOrMask } from '@slrt/domain';
import { DomainError, PermanentError, RpcCallError, RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireDesa, requireVersion } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle, type ProposalHead } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkKk, checkNik, checkPastDate } from './person-checks.js';
import { ProposalsRepository, type PrelistEntryRow, type PrelistMemberRow } from './proposals.repository.js';

/** How long the consumer waits for intake's `get-complaint` before nak'ing the event for a retry. */
export const INTAKE_TIMEOUT_MS = 5_000;

/** Profile fields required before the musdes (the rest are optional or derived). */
export const REQUIRED_PROFILE: Array<keyof HouseholdProfileV1> = ['houseOwnership', 'floorAreaM2', 'floorMaterial', 'wallMaterial', 'roofMaterial', 'drinkingWater', 'lightingSource', 'toiletFacility', 'proposalReason'];

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'Usulan prelist tidak ditemukan di wilayah kerja Anda.', { reason: 'PROPOSAL_NOT_FOUND' });

/**
 * Prelist entries (*daftar awal*): households not in DTKS/DTSEN, proposed from intake's triage or
 * directly by FO/FS, deliberated in the musdes/muskel, verified in the field and matched with
 * Dukcapil before the SIKS-NG export. Every status change goes through `ProposalLifecycle`.
 */
@Injectable()
export class PrelistService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProposalsRepository,
    private readonly lifecycle: ProposalLifecycle,
    private readonly rpc: RpcClient,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ── from intake's events ────────────────────────────────────────────────────────────────────

  /**
   * A complaint's triage found the subject outside the registry (`nextStep` `prelist`): a draft
   * entry with the subject as its first member. One entry per complaint (a redelivery or a second
   * event changes nothing). The subject's data comes from intake; when intake does not answer the
   * error propagates, the event is nak'ed and retried, and nothing is written.
   */
  async createFromComplaint(m: EntityManager, c: ComplaintRegistryCheckedV1, eventActor: Actor | null): Promise<string | null> {
    if (c.nextStep !== 'prelist') return null;
    if (await this.repo.prelistIdByComplaint(m, c.complaintId)) return null;
    const me = systemActor('registry');
    let complaint;
    try {
      complaint = await this.rpc.request('slrt.rpc.intake.get-complaint.v1', { complaintId: c.complaintId, reveal: true }, { actor: me, timeoutMs: INTAKE_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof RpcCallError && (err.error.code === 'NOT_FOUND' || err.error.code === 'FORBIDDEN')) {
        throw new PermanentError(`intake answered ${err.error.code} for the complaint of a registry-checked event`);
      }
      throw err; // UNAVAILABLE, TIMEOUT, …: retried with backoff
    }
    const subject = complaint.persons.find((p) => p.role === 'subject');
    if (!subject) throw new PermanentError('the complaint has no subject visible to the registry');
    const id = uuidv7();
    const inserted = await this.repo.insertPrelist(m, {
      id,
      complaintId: c.complaintId,
      source: 'intake',
      idempotencyKey: null,
      desaCode: subject.desaCode || c.desaCode,
      rt: subject.rt,
      rw: subject.rw,
      address: subject.street,
      contactPhone: subject.phone,
      profile: {},
      createdBy: me.id,
    });
    if (!inserted) return null; // a concurrent delivery won the unique index on complaint_id
    await this.repo.insertMembers(m, id, [
      { nik: subject.nik ?? undefined, noKk: subject.noKk ?? undefined, name: subject.name, birthDate: subject.birthDate ?? undefined, sex: subject.sex ?? undefined, relationship: 'lainnya', disability: 'tidak-ada' },
    ]);
    await this.repo.refreshCounts(m, id);
    await this.lifecycle.created(m, { id, kind: 'prelist', status: 'draft', complaintId: c.complaintId, desaCode: subject.desaCode || c.desaCode }, { id: me.id, role: 'SYSTEM' }, eventActor);
    this.logger.info({ proposalId: id, complaintId: c.complaintId }, 'prelist entry drafted from a complaint');
    return id;
  }

  // ── operators' requests ─────────────────────────────────────────────────────────────────────

  async create(req: CreatePrelistEntryRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.createPrelist);
    const previous = await this.repo.idByKey(this.dataSource.manager, 'prelist', actor.id, req.idempotencyKey);
    if (previous) return { ...(await this.view(this.dataSource.manager, previous, actor, false)), replayed: true };
    requireDesa(actor, req.desaCode);
    this.checkProfile(req.profile);
    this.checkMembers(req.members);
    const id = await this.dataSource.transaction(async (m) => {
      if (req.complaintId && (await this.repo.prelistIdByComplaint(m, req.complaintId))) {
        throw new DomainError('CONFLICT', 'Pengaduan ini sudah memiliki usulan prelist.', { reason: 'COMPLAINT_HAS_PRELIST' });
      }
      const newId = uuidv7();
      const inserted = await this.repo.insertPrelist(m, {
        id: newId,
        complaintId: req.complaintId ?? null,
        source: 'direct',
        idempotencyKey: req.idempotencyKey,
        desaCode: req.desaCode,
        rt: req.rt ?? null,
        rw: req.rw ?? null,
        address: req.address ?? null,
        contactPhone: req.contactPhone ?? null,
        profile: req.profile,
        createdBy: actor.id,
      });
      if (!inserted) return null; // the same key raced in: answer with the first
      await this.repo.insertMembers(m, newId, req.members);
      await this.repo.refreshCounts(m, newId);
      const t = proposalTransitionFor('prelist', 'create', null)!;
      await this.lifecycle.created(m, { id: newId, kind: 'prelist', status: 'draft', complaintId: req.complaintId ?? null, desaCode: req.desaCode }, movedBy(actor, t), actor);
      return newId;
    });
    if (!id) {
      const first = await this.repo.idByKey(this.dataSource.manager, 'prelist', actor.id, req.idempotencyKey);
      return { ...(await this.view(this.dataSource.manager, first!, actor, false)), replayed: true };
    }
    return this.view(this.dataSource.manager, id, actor, false);
  }

  async get(entryId: string, reveal: boolean, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    const m = this.dataSource.manager;
    const view = await this.view(m, entryId, actor, reveal);
    await this.repo.auditRead(m, actor.id, 'prelist', entryId, view.revealed);
    return view;
  }

  async list(req: ListPrelistEntriesRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.repo.listProposals(this.dataSource.manager, 'prelist', req, actor);
  }

  async update(req: UpdatePrelistEntryRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.updatePrelist);
    if (req.desaCode) requireDesa(actor, req.desaCode);
    if (req.profile) this.checkProfile(req.profile);
    if (req.members) this.checkMembers(req.members);
    await this.act(req.entryId, req.expectedVersion, 'update', actor, async (m, p, t) => {
      await this.repo.updatePrelist(m, p.id, req);
      if (req.members) {
        await this.repo.replaceMembers(m, p.id, req.members);
      }
      await this.repo.refreshCounts(m, p.id);
      await this.lifecycle.move(m, p, 'update', p.status, movedBy(actor, t), { actor });
    });
    return this.view(this.dataSource.manager, req.entryId, actor, false);
  }

  async recordMusdes(req: RecordMusdesRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    const errors = new FieldErrors();
    checkPastDate(errors, 'date', req.date, new Date(), 'Tanggal musdes');
    errors.throwIfAny();
    await this.act(req.entryId, req.expectedVersion, 'record-musdes', actor, async (m, p, t) => {
      const entry = (await this.repo.prelistRow(m, p.id))!;
      const members = await this.repo.members(m, p.id);
      const missing = new FieldErrors();
      for (const f of REQUIRED_PROFILE) if (entry.profile[f] === null || entry.profile[f] === undefined) missing.add(`profile.${f}`, 'Wajib diisi sebelum musdes.');
      if (!members.length) missing.add('members', 'Paling sedikit satu anggota keluarga.');
      missing.throwIfAny('Profil rumah tangga belum lengkap untuk dibahas dalam musdes.');
      const to: ProposalStatus = req.decision === 'agreed' ? 'deliberated' : 'declined';
      const reason = req.decision === 'agreed' ? `Disetujui musdes (BA ${req.minutesNumber})` : `Tidak disetujui musdes (BA ${req.minutesNumber})${req.note ? `: ${req.note}` : ''}`;
      await this.lifecycle.move(m, p, 'record-musdes', to, movedBy(actor, t), {
        reason,
        actor,
        extraSet: 'musdes_date = $5, musdes_minutes_number = $6, musdes_attendance = $7, musdes_decision = $8, musdes_note = $9, musdes_attachment_ref = $10',
        extraParams: [req.date, req.minutesNumber.trim(), req.attendance, req.decision, req.note ?? null, req.attachmentRef ?? null],
      });
    });
    return this.view(this.dataSource.manager, req.entryId, actor, false);
  }

  async recordFieldVerification(req: RecordFieldVerificationRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    const errors = new FieldErrors();
    checkPastDate(errors, 'verifiedAt', req.verifiedAt, new Date(), 'Tanggal verifikasi');
    errors.throwIfAny();
    await this.act(req.entryId, req.expectedVersion, 'record-verification', actor, async (m, p, t) => {
      const members = await this.repo.members(m, p.id);
      this.requireSameMembers(members, req.members.map((x) => x.memberId), true);
      for (const x of req.members) await this.repo.setMemberOutcome(m, p.id, x.memberId, x.outcome, x.note ?? null);
      const confirmed = req.members.filter((x) => x.outcome === 'confirmed').length;
      await this.lifecycle.move(m, p, 'record-verification', 'verified', movedBy(actor, t), {
        reason: `Verifikasi lapangan: ${confirmed} dari ${members.length} anggota terkonfirmasi`,
        actor,
        extraSet: 'verified_by = $5, verified_at = $6',
        extraParams: [req.verifier.trim(), req.verifiedAt],
      });
    });
    return this.view(this.dataSource.manager, req.entryId, actor, false);
  }

  async recordDukcapilMatch(req: RecordDukcapilMatchRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    await this.act(req.entryId, req.expectedVersion, 'record-dukcapil-match', actor, async (m, p, t) => {
      const members = await this.repo.members(m, p.id);
      this.requireSameMembers(members, req.members.map((x) => x.memberId), false);
      for (const x of req.members) await this.repo.setMemberDukcapil(m, p.id, x.memberId, x.status);
      await this.lifecycle.move(m, p, 'record-dukcapil-match', p.status, movedBy(actor, t), { actor });
    });
    return this.view(this.dataSource.manager, req.entryId, actor, false);
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  /** Locks the entry, checks scope, state machine, role and version, then runs `body` in the transaction. */
  private async act(id: string, expectedVersion: number, action: Parameters<ProposalLifecycle['check']>[1], actor: Actor, body: (m: EntityManager, p: ProposalHead, t: ReturnType<ProposalLifecycle['check']>) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const p = await this.lifecycle.head(m, 'prelist', id, true);
      if (!p || !scopeAllows(actor, p.desaCode)) throw NOT_FOUND();
      const t = this.lifecycle.check(p, action, actor);
      requireVersion(p.version, expectedVersion, allowedProposalActions('prelist', p.status, actorRoles(actor)));
      await body(m, p, t);
    });
  }

  private requireSameMembers(members: PrelistMemberRow[], ids: string[], all: boolean): void {
    const errors = new FieldErrors();
    if (new Set(ids).size !== ids.length) errors.add('members', 'Setiap anggota hanya boleh disebut sekali.');
    ids.forEach((id, i) => {
      if (!members.some((x) => x.id === id)) errors.add(`members.${i}.memberId`, 'Bukan anggota usulan ini.');
    });
    if (all) for (const x of members) if (!ids.includes(x.id)) errors.add('members', `Hasil verifikasi anggota "${x.name}" belum diisi.`);
    errors.throwIfAny('Daftar anggota tidak sesuai dengan usulan.');
  }

  private checkProfile(p: HouseholdProfileV1): void {
    const errors = new FieldErrors();
    if (p.electricityPower && p.lightingSource && !p.lightingSource.startsWith('listrik-pln')) errors.add('profile.electricityPower', 'Daya listrik hanya diisi untuk listrik PLN.');
    errors.throwIfAny();
  }

  private checkMembers(members: PrelistMemberInputV1[]): void {
    const errors = new FieldErrors();
    const now = new Date();
    members.forEach((x, i) => {
      checkNik(errors, `members.${i}.nik`, x.nik, now);
      checkKk(errors, `members.${i}.noKk`, x.noKk, now);
      checkPastDate(errors, `members.${i}.birthDate`, x.birthDate, now, 'Tanggal lahir');
    });
    if (members.filter((x) => x.relationship === 'kepala-keluarga').length > 1) errors.add('members', 'Hanya satu kepala keluarga.');
    const niks = members.map((x) => x.nik).filter(Boolean);
    if (new Set(niks).size !== niks.length) errors.add('members', 'NIK yang sama tercatat lebih dari sekali.');
    errors.throwIfAny();
  }

  /** The entry as the actor may see it: NIK/KK/phone masked unless revealed. */
  async view(m: EntityManager, id: string, actor: Actor, reveal: boolean): Promise<PrelistEntryV1> {
    const e = await this.repo.prelistRow(m, id);
    if (!e || !scopeAllows(actor, e.desaCode)) throw NOT_FOUND();
    const members = await this.repo.members(m, id);
    return prelistView(e, members, await this.repo.history(m, id), allowedProposalActions('prelist', e.status, actorRoles(actor)), reveal);
  }
}

function prelistView(e: PrelistEntryRow, members: PrelistMemberRow[], history: PrelistEntryV1['history'], allowedActions: string[], reveal: boolean): PrelistEntryV1 {
  const revealed = reveal && (Boolean(e.contactPhone) || members.some((x) => x.nik || x.noKk));
  return {
    entryId: e.id,
    source: e.source,
    status: e.status,
    version: e.version,
    complaintId: e.complaintId,
    desaCode: e.desaCode,
    rt: e.rt,
    rw: e.rw,
    address: e.address,
    contactPhone: revealOrMask(e.contactPhone, reveal, maskPhone),
    profile: e.profile,
    memberCount: e.memberCount ?? members.length,
    disabledMemberCount: e.disabledMemberCount ?? 0,
    members: members.map((x) => ({
      memberId: x.id,
      nik: revealOrMask(x.nik, reveal, maskNik),
      noKk: revealOrMask(x.noKk, reveal, maskKk),
      name: x.name,
      birthDate: maskBirthDate(x.birthDate, reveal),
      sex: x.sex,
      relationship: x.relationship,
      disability: x.disability,
      verificationOutcome: x.verificationOutcome,
      verificationNote: x.verificationNote,
      dukcapilStatus: x.dukcapilStatus,
    })),
    musdes: e.musdesDate
      ? { date: e.musdesDate, minutesNumber: e.musdesMinutesNumber!, attendance: e.musdesAttendance!, decision: e.musdesDecision!, note: e.musdesNote, attachmentRef: e.musdesAttachmentRef, meetingId: e.musdesMeetingId }
      : null,
    verifier: e.verifiedBy,
    verifiedAt: e.verifiedAt,
    statusReason: e.statusReason,
    batchId: e.batchId,
    allowedActions,
    history,
    revealed,
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}
