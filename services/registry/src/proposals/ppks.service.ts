import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  CreatePpksRecordRequestV1,
  ListPpksRecordsRequestV1,
  ListProposalsResponseV1,
  PpksCategoryV1,
  PpksRecordV1,
  SavePpksCategoryRequestV1,
} from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, revealOrMask } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireDesa } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkKk, checkNik, checkPastDate } from './person-checks.js';
import { PpksRepository } from './ppks.repository.js';
import { ProposalRecords } from './proposal-records.js';
import { ProposalsRepository } from './proposals.repository.js';

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Data PPKS tidak ditemukan di wilayah kerja Anda.', { reason: 'PROPOSAL_NOT_FOUND' });

/**
 * PPKS records (persons needing social welfare services, Permensos 08/2012 as revised by
 * Permensos 3/2021) and their categories as versioned reference data: a record keeps the
 * category version it was recorded under; only active versions may be chosen.
 */
@Injectable()
export class PpksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProposalsRepository,
    private readonly records: ProposalRecords,
    private readonly ppks: PpksRepository,
    private readonly lifecycle: ProposalLifecycle,
  ) {}

  async listCategories(includeInactive: boolean, actor: Actor): Promise<{ items: PpksCategoryV1[] }> {
    requireRole(actor, PROPOSAL_ROLES.readCategories);
    return { items: await this.ppks.categories(this.dataSource.manager, includeInactive) };
  }

  /** ADMIN saves a new version of a category, which retires the code's earlier versions (an inactive one retires the category). */
  async saveCategory(req: SavePpksCategoryRequestV1, actor: Actor): Promise<PpksCategoryV1> {
    requireRole(actor, PROPOSAL_ROLES.editCategories);
    return this.dataSource.transaction((m) => this.ppks.saveCategoryVersion(m, req, actor.id));
  }

  async create(req: CreatePpksRecordRequestV1, actor: Actor): Promise<PpksRecordV1> {
    requireRole(actor, PROPOSAL_ROLES.createPpks);
    const check = async () => {
      requireDesa(actor, req.desaCode);
      const errors = new FieldErrors();
      const now = new Date();
      checkNik(errors, 'nik', req.nik, now);
      checkKk(errors, 'noKk', req.noKk, now);
      checkPastDate(errors, 'birthDate', req.birthDate, now, 'Tanggal lahir');
      const category = await this.ppks.activeCategory(this.dataSource.manager, req.categoryCode);
      if (!category) errors.add('categoryCode', 'Kategori PPKS tidak dikenal atau tidak aktif.');
      errors.throwIfAny('Data PPKS belum benar; periksa kolom yang ditandai.');
      return category!;
    };
    return this.records.createOnce(
      'ppks',
      actor,
      req.idempotencyKey,
      (m, id) => this.view(m, id, actor, false),
      check,
      async (m, category) => {
        const newId = uuidv7();
        if (!(await this.ppks.insertRecord(m, newId, req, category, actor.id))) return null;
        const t = proposalTransitionFor('ppks', 'create', null)!;
        await this.lifecycle.created(
          m,
          { id: newId, kind: 'ppks', status: 'recorded', complaintId: req.complaintId ?? null, desaCode: req.desaCode },
          movedBy(actor, t),
          actor,
        );
        return newId;
      },
    );
  }

  async get(id: string, reveal: boolean, actor: Actor): Promise<PpksRecordV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    return this.records.getAudited('ppks', id, actor, (m) => this.view(m, id, actor, reveal));
  }

  async list(req: ListPpksRecordsRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.records.list('ppks', req, actor);
  }

  private async view(m: EntityManager, id: string, actor: Actor, reveal: boolean): Promise<PpksRecordV1> {
    const r = await this.ppks.record(m, id);
    if (!r || !scopeAllows(actor, r.desaCode)) throw NOT_FOUND();
    return {
      ppksRecordId: r.id,
      status: r.status,
      version: r.version,
      complaintId: r.complaintId,
      desaCode: r.desaCode,
      nik: revealOrMask(r.nik, reveal, maskNik),
      noKk: revealOrMask(r.noKk, reveal, maskKk),
      name: r.name,
      birthDate: maskBirthDate(r.birthDate, reveal),
      sex: r.sex,
      address: r.address,
      categoryCode: r.categoryCode,
      categoryVersion: r.categoryVersion,
      categoryName: r.categoryName,
      conditionNote: r.conditionNote,
      statusReason: r.statusReason,
      batchId: r.batchId,
      allowedActions: allowedProposalActions('ppks', r.status, actorRoles(actor)),
      history: await this.repo.history(m, r.id),
      revealed: reveal && Boolean(r.nik || r.noKk),
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }
}
