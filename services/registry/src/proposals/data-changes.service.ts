import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  CreateDataChangeRequestV1,
  DataChangeField,
  DataChangeItemV1,
  DataChangeV1,
  DecideDataChangeRequestV1,
  ListDataChangesRequestV1,
  ListProposalsResponseV1,
} from '@slrt/contracts';
import { FAMILY_RELATIONSHIPS } from '@slrt/contracts';
import { identifierHashKey } from '@slrt/config';
import {
  householdRefKey,
  maskBirthDate,
  maskKk,
  maskNik,
  opaqueHouseholdId,
  regionExists,
  regionLevel,
} from '@slrt/domain';
import { RegistryEnv } from '../config/registry.env.js';
import { DomainError } from '@slrt/messaging';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireVersion } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkKk, checkPastDate } from './person-checks.js';
import { DataChangesRepository, type SnapshotPerson } from './data-changes.repository.js';
import { ProposalRecords } from './proposal-records.js';
import { ProposalsRepository } from './proposals.repository.js';

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Usulan perubahan data tidak ditemukan di wilayah kerja Anda.', {
    reason: 'PROPOSAL_NOT_FOUND',
  });

/** A change as a reader who may not reveal sees it: No. KK masked, birth dates reduced to the year (beside the masked NIK). */
function maskChange<C extends { field: DataChangeField; current: string | null; proposed: string }>(c: C): C {
  if (c.field === 'no_kk') return { ...c, current: c.current ? maskKk(c.current) : null, proposed: maskKk(c.proposed) };
  if (c.field === 'birth_date')
    return { ...c, current: maskBirthDate(c.current), proposed: maskBirthDate(c.proposed) ?? '' };
  return c;
}

/** The current value of each changeable field (a person in the snapshot is `active`). */
function currentValue(p: SnapshotPerson, field: DataChangeField): string | null {
  switch (field) {
    case 'name':
      return p.name;
    case 'birth_date':
      return p.birthDate;
    case 'sex':
      return p.sex;
    case 'relationship':
      return p.relationship;
    case 'address':
      return p.address;
    case 'desa_code':
      return p.desaCode;
    case 'no_kk':
      return p.noKk;
    case 'member_status':
      return 'active';
    case 'programme_participation':
      return programmeList(p.flags);
  }
}

/** Programme codes as a data change stores them: sorted, comma-separated; null when none. */
export function programmeList(codes: Iterable<string>): string | null {
  const list = [...new Set(codes)].sort();
  return list.length ? list.join(',') : null;
}

/**
 * Data-change proposals (*perubahan data*) for people of the current snapshot: the current values
 * are read from `member_current` when proposed and kept beside the proposed ones; MJ or
 * SEKRETARIAT approves before the SIKS-NG export.
 */
@Injectable()
export class DataChangesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProposalsRepository,
    private readonly records: ProposalRecords,
    private readonly dataChanges: DataChangesRepository,
    private readonly lifecycle: ProposalLifecycle,
    private readonly env: RegistryEnv,
  ) {}

  async create(req: CreateDataChangeRequestV1, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.createDataChange);
    const check = async () => {
      const person = await this.dataChanges.snapshotPerson(this.dataSource.manager, req.nik);
      if (!person || !scopeAllows(actor, person.desaCode)) {
        throw new DomainError(
          'NOT_FOUND',
          'NIK ini tidak ada dalam data terpadu periode berjalan di wilayah kerja Anda.',
          { reason: 'PERSON_NOT_IN_SNAPSHOT' },
        );
      }
      return { person, changes: this.checkChanges(req, person) };
    };
    return this.records.createOnce(
      'data-change',
      actor,
      req.idempotencyKey,
      (m, id) => this.view(m, id, actor, false),
      check,
      async (m, { person, changes }) => {
        const newId = uuidv7();
        const inserted = await this.dataChanges.insert(m, {
          id: newId,
          complaintId: req.complaintId ?? null,
          idempotencyKey: req.idempotencyKey,
          person,
          nik: req.nik,
          changes,
          reason: req.reason.trim(),
          createdBy: actor.id,
        });
        if (!inserted) return null;
        const t = proposalTransitionFor('data-change', 'create', null)!;
        await this.lifecycle.created(
          m,
          {
            id: newId,
            kind: 'data-change',
            status: 'draft',
            complaintId: req.complaintId ?? null,
            desaCode: person.desaCode,
          },
          movedBy(actor, t),
          actor,
        );
        // The officer saw the person's registry values: audited like any read.
        await this.repo.auditRead(m, actor.id, 'data-change', newId, false);
        return newId;
      },
    );
  }

  async get(id: string, reveal: boolean, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    return this.records.getAudited('data-change', id, actor, (m) => this.view(m, id, actor, reveal));
  }

  async list(req: ListDataChangesRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.records.list('data-change', req, actor);
  }

  async decide(req: DecideDataChangeRequestV1, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.decide);
    const note = req.note?.trim() || null;
    await this.dataSource.transaction(async (m) => {
      const p = await this.lifecycle.head(m, 'data-change', req.dataChangeId, true);
      if (!p || !scopeAllows(actor, p.desaCode)) throw NOT_FOUND();
      const t = this.lifecycle.check(p, req.decision, actor);
      requireVersion(
        p.version,
        req.expectedVersion,
        allowedProposalActions('data-change', p.status, actorRoles(actor)),
      );
      if (t.requires.includes('note') && !note) {
        throw new DomainError('VALIDATION_FAILED', 'Penolakan memerlukan catatan alasan.', {
          fieldErrors: [{ field: 'note', messages: ['Wajib diisi untuk menolak.'] }],
        });
      }
      await this.lifecycle.move(
        m,
        p,
        req.decision,
        req.decision === 'approve' ? 'approved' : 'declined',
        movedBy(actor, t),
        {
          reason: note,
          actor,
          extraSet: 'decided_by = $5, decided_at = now(), decision_note = $6',
          extraParams: [actor.id, note],
        },
      );
    });
    return this.view(this.dataSource.manager, req.dataChangeId, actor, false);
  }

  /** Checks every proposed value by its field's rules; returns current vs proposed per field. */
  private checkChanges(req: CreateDataChangeRequestV1, person: SnapshotPerson): DataChangeItemV1[] {
    const errors = new FieldErrors();
    const now = new Date();
    const seen = new Set<string>();
    const items = req.changes.map((c, i) => {
      const path = `changes.${i}.proposed`;
      const proposed = c.proposed.trim();
      if (seen.has(c.field)) errors.add(`changes.${i}.field`, 'Setiap kolom hanya boleh diusulkan sekali.');
      seen.add(c.field);
      switch (c.field) {
        case 'name':
          if (proposed.length < 2) errors.add(path, 'Nama paling sedikit 2 huruf.');
          break;
        case 'birth_date':
          if (!/^\d{4}-\d{2}-\d{2}$/.test(proposed)) errors.add(path, 'Tanggal lahir berformat YYYY-MM-DD.');
          else checkPastDate(errors, path, proposed, now, 'Tanggal lahir');
          break;
        case 'sex':
          if (proposed !== 'F' && proposed !== 'M') errors.add(path, 'Jenis kelamin F atau M.');
          break;
        case 'relationship':
          if (!(FAMILY_RELATIONSHIPS as readonly string[]).includes(proposed))
            errors.add(path, `Hubungan keluarga salah satu dari: ${FAMILY_RELATIONSHIPS.join(', ')}.`);
          break;
        case 'address':
          if (proposed.length < 3) errors.add(path, 'Alamat paling sedikit 3 karakter.');
          break;
        case 'desa_code':
          if (regionLevel(proposed) !== 'desa' || !regionExists(proposed))
            errors.add(path, 'Kode desa/kelurahan tidak terdaftar dalam daftar wilayah Kemendagri.');
          break;
        case 'no_kk':
          checkKk(errors, path, proposed, now);
          break;
        case 'member_status':
          if (proposed !== 'deceased' && proposed !== 'moved')
            errors.add(path, 'Status anggota: deceased (meninggal) atau moved (pindah).');
          break;
        case 'programme_participation':
          if (!/^[A-Z][A-Z0-9_-]{1,30}(,[A-Z][A-Z0-9_-]{1,30})*$/.test(proposed))
            errors.add(path, 'Kode program dipisah koma tanpa spasi, mis. PKH,PBI.');
          break;
      }
      const current = currentValue(person, c.field);
      if (current === proposed) errors.add(path, 'Nilai usulan sama dengan data sekarang.');
      return { field: c.field, current, proposed };
    });
    errors.throwIfAny('Usulan perubahan data belum benar; periksa kolom yang ditandai.');
    return items;
  }

  private async view(m: EntityManager, id: string, actor: Actor, reveal: boolean): Promise<DataChangeV1> {
    const r = await this.dataChanges.dataChange(m, id);
    if (!r || !scopeAllows(actor, r.desaCode)) throw NOT_FOUND();
    return {
      dataChangeId: r.id,
      status: r.status,
      version: r.version,
      complaintId: r.complaintId,
      desaCode: r.desaCode,
      nik: reveal ? r.nik : maskNik(r.nik),
      name: r.personName,
      householdId: opaqueHouseholdId(householdRefKey(identifierHashKey(this.env)), r.householdId),
      dataPeriod: r.dataPeriod,
      changes: r.changes.map((c) => (reveal ? c : maskChange(c))),
      reason: r.reason,
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt ? new Date(r.decidedAt).toISOString() : null,
      statusReason: r.statusReason,
      batchId: r.batchId,
      allowedActions: allowedProposalActions('data-change', r.status, actorRoles(actor)),
      history: await this.repo.history(m, r.id),
      revealed: reveal,
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
    };
  }
}
