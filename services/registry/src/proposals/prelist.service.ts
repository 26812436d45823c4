import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  systemActor,
  type Actor,
  type ComplaintDetailV1,
  type ComplaintRegistryCheckedV1,
  type CreatePrelistEntryRequestV1,
  type HouseholdProfileV1,
  type ListPrelistEntriesRequestV1,
  type ListProposalsResponseV1,
  type PrelistEntryV1,
  type ProposalStatus,
  type RecordDukcapilMatchRequestV1,
  type RecordFieldVerificationRequestV1,
  type RecordMusdesRequestV1,
  type UpdatePrelistEntryRequestV1,
} from '@slrt/contracts';
import { DomainError, PermanentError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireDesa, requireVersion } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle, type ProposalHead } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkPastDate } from './person-checks.js';
import { checkMembers, checkProfile, requireSameMembers } from './prelist-checks.js';
import { prelistView } from './prelist-view.js';
import { ProposalRecords } from './proposal-records.js';
import { ProposalsRepository } from './proposals.repository.js';

/** Profile fields required before the musdes (the rest are optional or derived). */
export const REQUIRED_PROFILE: Array<keyof HouseholdProfileV1> = [
  'houseOwnership',
  'floorAreaM2',
  'floorMaterial',
  'wallMaterial',
  'roofMaterial',
  'drinkingWater',
  'lightingSource',
  'toiletFacility',
  'proposalReason',
];

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Usulan prelist tidak ditemukan di wilayah kerja Anda.', {
    reason: 'PROPOSAL_NOT_FOUND',
  });

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
    private readonly records: ProposalRecords,
    private readonly lifecycle: ProposalLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ── from intake's events ────────────────────────────────────────────────────────────────────

  /**
   * A complaint's triage found the subject outside the registry (`nextStep` `prelist`): a draft
   * entry with the subject as its first member. One entry per complaint (a redelivery or a second
   * event changes nothing). The subject's data is `complaint`, fetched from intake by the consumer
   * before its transaction (`ComplaintEventsConsumer.complaintOf`).
   */
  async createFromComplaint(
    m: EntityManager,
    c: ComplaintRegistryCheckedV1,
    eventActor: Actor | null,
    complaint: ComplaintDetailV1 | null,
  ): Promise<string | null> {
    if (c.nextStep !== 'prelist' || !complaint) return null;
    if (await this.repo.prelistIdByComplaint(m, c.complaintId)) return null;
    const me = systemActor('registry');
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
      {
        nik: subject.nik ?? undefined,
        noKk: subject.noKk ?? undefined,
        name: subject.name,
        birthDate: subject.birthDate ?? undefined,
        sex: subject.sex ?? undefined,
        relationship: 'lainnya',
        disability: 'tidak-ada',
      },
    ]);
    await this.repo.refreshCounts(m, id);
    await this.lifecycle.created(
      m,
      { id, kind: 'prelist', status: 'draft', complaintId: c.complaintId, desaCode: subject.desaCode || c.desaCode },
      { id: me.id, role: 'SYSTEM' },
      eventActor,
    );
    this.logger.info({ proposalId: id, complaintId: c.complaintId }, 'prelist entry drafted from a complaint');
    return id;
  }

  // ── operators' requests ─────────────────────────────────────────────────────────────────────

  async create(req: CreatePrelistEntryRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.createPrelist);
    const check = () => {
      requireDesa(actor, req.desaCode);
      checkProfile(req.profile);
      checkMembers(req.members);
    };
    return this.records.createOnce(
      'prelist',
      actor,
      req.idempotencyKey,
      (m, id) => this.view(m, id, actor, false),
      check,
      async (m) => {
        if (req.complaintId && (await this.repo.prelistIdByComplaint(m, req.complaintId))) {
          throw new DomainError('CONFLICT', 'Pengaduan ini sudah memiliki usulan prelist.', {
            reason: 'COMPLAINT_HAS_PRELIST',
          });
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
        await this.lifecycle.created(
          m,
          { id: newId, kind: 'prelist', status: 'draft', complaintId: req.complaintId ?? null, desaCode: req.desaCode },
          movedBy(actor, t),
          actor,
        );
        return newId;
      },
    );
  }

  async get(entryId: string, reveal: boolean, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    return this.records.getAudited('prelist', entryId, actor, (m) => this.view(m, entryId, actor, reveal));
  }

  async list(req: ListPrelistEntriesRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.records.list('prelist', req, actor);
  }

  async update(req: UpdatePrelistEntryRequestV1, actor: Actor): Promise<PrelistEntryV1> {
    requireRole(actor, PROPOSAL_ROLES.updatePrelist);
    if (req.desaCode) requireDesa(actor, req.desaCode);
    if (req.profile) checkProfile(req.profile);
    if (req.members) checkMembers(req.members);
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
      for (const f of REQUIRED_PROFILE)
        if (entry.profile[f] === null || entry.profile[f] === undefined)
          missing.add(`profile.${f}`, 'Wajib diisi sebelum musdes.');
      if (!members.length) missing.add('members', 'Paling sedikit satu anggota keluarga.');
      missing.throwIfAny('Profil rumah tangga belum lengkap untuk dibahas dalam musdes.');
      const to: ProposalStatus = req.decision === 'agreed' ? 'deliberated' : 'declined';
      const reason =
        req.decision === 'agreed'
          ? `Disetujui musdes (BA ${req.minutesNumber})`
          : `Tidak disetujui musdes (BA ${req.minutesNumber})${req.note ? `: ${req.note}` : ''}`;
      await this.lifecycle.move(m, p, 'record-musdes', to, movedBy(actor, t), {
        reason,
        actor,
        extraSet:
          'musdes_date = $5, musdes_minutes_number = $6, musdes_attendance = $7, musdes_decision = $8, musdes_note = $9, musdes_attachment_ref = $10',
        extraParams: [
          req.date,
          req.minutesNumber.trim(),
          req.attendance,
          req.decision,
          req.note ?? null,
          req.attachmentRef ?? null,
        ],
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
      requireSameMembers(
        members,
        req.members.map((x) => x.memberId),
        true,
      );
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
      requireSameMembers(
        members,
        req.members.map((x) => x.memberId),
        false,
      );
      for (const x of req.members) await this.repo.setMemberDukcapil(m, p.id, x.memberId, x.status);
      await this.lifecycle.move(m, p, 'record-dukcapil-match', p.status, movedBy(actor, t), { actor });
    });
    return this.view(this.dataSource.manager, req.entryId, actor, false);
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────────────

  /** Locks the entry, checks scope, state machine, role and version, then runs `body` in the transaction. */
  private async act(
    id: string,
    expectedVersion: number,
    action: Parameters<ProposalLifecycle['check']>[1],
    actor: Actor,
    body: (m: EntityManager, p: ProposalHead, t: ReturnType<ProposalLifecycle['check']>) => Promise<void>,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const p = await this.lifecycle.head(m, 'prelist', id, true);
      if (!p || !scopeAllows(actor, p.desaCode)) throw NOT_FOUND();
      const t = this.lifecycle.check(p, action, actor);
      requireVersion(p.version, expectedVersion, allowedProposalActions('prelist', p.status, actorRoles(actor)));
      await body(m, p, t);
    });
  }

  /** The entry as the actor may see it: NIK/KK/phone masked unless revealed. */
  async view(m: EntityManager, id: string, actor: Actor, reveal: boolean): Promise<PrelistEntryV1> {
    const e = await this.repo.prelistRow(m, id);
    if (!e || !scopeAllows(actor, e.desaCode)) throw NOT_FOUND();
    const members = await this.repo.members(m, id);
    return prelistView(
      e,
      members,
      await this.repo.history(m, id),
      allowedProposalActions('prelist', e.status, actorRoles(actor)),
      reveal,
    );
  }
}
