import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, CreatePpksRecordRequestV1, ListPpksRecordsRequestV1, ListProposalsResponseV1, PpksCategoryV1, PpksRecordV1, ProposalStatus, SavePpksCategoryRequestV1 } from '@slrt/contracts';
import { maskBirthDate, maskKk, maskNik, revealOrMask } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireDesa } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkKk, checkNik, checkPastDate } from './person-checks.js';
import { ProposalsRepository } from './proposals.repository.js';

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'Data PPKS tidak ditemukan di wilayah kerja Anda.', { reason: 'PROPOSAL_NOT_FOUND' });

interface PpksRow {
  id: string;
  complaintId: string | null;
  desaCode: string;
  nik: string | null;
  noKk: string | null;
  name: string;
  birthDate: string | null;
  sex: 'F' | 'M' | null;
  address: string | null;
  categoryCode: string;
  categoryVersion: number;
  categoryName: string;
  conditionNote: string;
  status: ProposalStatus;
  statusReason: string | null;
  batchId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const CATEGORY = `code, version, name, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", active`;

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
    private readonly lifecycle: ProposalLifecycle,
  ) {}

  async listCategories(includeInactive: boolean, actor: Actor): Promise<{ items: PpksCategoryV1[] }> {
    requireRole(actor, PROPOSAL_ROLES.readCategories);
    const items: PpksCategoryV1[] = await this.dataSource.query(`SELECT ${CATEGORY} FROM ppks_category ${includeInactive ? '' : 'WHERE active'} ORDER BY code, version`);
    return { items };
  }

  /** ADMIN saves a new version of a category, which retires the code's earlier versions (an inactive one retires the category). */
  async saveCategory(req: SavePpksCategoryRequestV1, actor: Actor): Promise<PpksCategoryV1> {
    requireRole(actor, PROPOSAL_ROLES.editCategories);
    return this.dataSource.transaction(async (m) => {
      // Serialises saves of one code (the version number is max + 1).
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('ppks_category:' || $1))`, [req.code]);
      const [{ next }] = (await m.query(`SELECT COALESCE(max(version), 0) + 1 AS next FROM ppks_category WHERE code = $1`, [req.code])) as [{ next: number }];
      // The new version replaces the earlier ones; saving it inactive retires the category.
      await m.query(`UPDATE ppks_category SET active = false, updated_by = $2, updated_at = now() WHERE code = $1 AND active`, [req.code, actor.id]);
      const [row] = (await m.query(`INSERT INTO ppks_category (code, version, name, valid_from, active, updated_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CATEGORY}`, [
        req.code,
        next,
        req.name.trim(),
        req.validFrom,
        req.active,
        actor.id,
      ])) as PpksCategoryV1[];
      return row!;
    });
  }

  async create(req: CreatePpksRecordRequestV1, actor: Actor): Promise<PpksRecordV1> {
    requireRole(actor, PROPOSAL_ROLES.createPpks);
    const m0 = this.dataSource.manager;
    const previous = await this.repo.idByKey(m0, 'ppks', actor.id, req.idempotencyKey);
    if (previous) return { ...(await this.view(m0, previous, actor, false)), replayed: true };
    requireDesa(actor, req.desaCode);
    const errors = new FieldErrors();
    const now = new Date();
    checkNik(errors, 'nik', req.nik, now);
    checkKk(errors, 'noKk', req.noKk, now);
    checkPastDate(errors, 'birthDate', req.birthDate, now, 'Tanggal lahir');
    const [category] = (await m0.query(`SELECT code, version FROM ppks_category WHERE code = $1 AND active`, [req.categoryCode])) as Array<{ code: string; version: number }>;
    if (!category) errors.add('categoryCode', 'Kategori PPKS tidak dikenal atau tidak aktif.');
    errors.throwIfAny('Data PPKS belum benar; periksa kolom yang ditandai.');
    const id = await this.dataSource.transaction(async (m) => {
      const newId = uuidv7();
      const rows: unknown[] = await m.query(
        `INSERT INTO ppks_record (id, complaint_id, idempotency_key, desa_code, nik, no_kk, name, birth_date, sex, address, category_code, category_version, condition_note, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'recorded', $14) ON CONFLICT DO NOTHING RETURNING id`,
        [newId, req.complaintId ?? null, req.idempotencyKey, req.desaCode, req.nik ?? null, req.noKk ?? null, req.name.trim(), req.birthDate ?? null, req.sex ?? null, req.address ?? null, category!.code, category!.version, req.conditionNote.trim(), actor.id],
      );
      if (rows.length !== 1) return null;
      const t = proposalTransitionFor('ppks', 'create', null)!;
      await this.lifecycle.created(m, { id: newId, kind: 'ppks', status: 'recorded', complaintId: req.complaintId ?? null, desaCode: req.desaCode }, movedBy(actor, t), actor);
      return newId;
    });
    if (!id) return { ...(await this.view(m0, (await this.repo.idByKey(m0, 'ppks', actor.id, req.idempotencyKey))!, actor, false)), replayed: true };
    return this.view(m0, id, actor, false);
  }

  async get(id: string, reveal: boolean, actor: Actor): Promise<PpksRecordV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    const m = this.dataSource.manager;
    const view = await this.view(m, id, actor, reveal);
    await this.repo.auditRead(m, actor.id, 'ppks', id, view.revealed);
    return view;
  }

  async list(req: ListPpksRecordsRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.repo.listProposals(this.dataSource.manager, 'ppks', req, actor);
  }

  private async view(m: EntityManager, id: string, actor: Actor, reveal: boolean): Promise<PpksRecordV1> {
    const [r] = (await m.query(
      `SELECT r.id, r.complaint_id AS "complaintId", r.desa_code AS "desaCode", r.nik, r.no_kk AS "noKk", r.name, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate", r.sex, r.address,
         r.category_code AS "categoryCode", r.category_version AS "categoryVersion", c.name AS "categoryName", r.condition_note AS "conditionNote", r.status,
         r.status_reason AS "statusReason", r.batch_id AS "batchId", r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"
       FROM ppks_record r JOIN ppks_category c ON c.code = r.category_code AND c.version = r.category_version WHERE r.id = $1`,
      [id],
    )) as PpksRow[];
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
