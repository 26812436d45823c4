import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, CreateDataChangeRequestV1, DataChangeField, DataChangeItemV1, DataChangeV1, DecideDataChangeRequestV1, ListDataChangesRequestV1, ListProposalsResponseV1, ProposalStatus } from '@slrt/contracts';
import { FAMILY_RELATIONSHIPS } from '@slrt/contracts';
import { identifierHashKey } from '@slrt/config';
import { householdRefKey, maskBirthDate, maskKk, maskNik, opaqueHouseholdId, regionExists, regionLevel } from '@slrt/domain';
import { RegistryEnv } from '../config/registry.env.js';
import { DomainError } from '@slrt/messaging';
import { requireReveal, requireRole, scopeAllows } from '@slrt/auth';
import { PROPOSAL_ROLES, requireVersion } from './proposal-access.js';
import { actorRoles, movedBy, ProposalLifecycle } from './proposal-lifecycle.js';
import { allowedProposalActions, proposalTransitionFor } from './proposal-state-machine.js';
import { FieldErrors, checkKk, checkPastDate } from './person-checks.js';
import { ProposalsRepository } from './proposals.repository.js';

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'Usulan perubahan data tidak ditemukan di wilayah kerja Anda.', { reason: 'PROPOSAL_NOT_FOUND' });

/** A person of the current snapshot, as a data change reads them. */
interface SnapshotPerson {
  householdId: string;
  name: string;
  birthDate: string | null;
  sex: string | null;
  relationship: string | null;
  address: string | null;
  desaCode: string;
  noKk: string;
  dataPeriod: string | null;
  /** Programme flags of the person in the snapshot (PKH, BPNT, PBI, KIP). */
  flags: string[];
}

interface DataChangeRow {
  id: string;
  complaintId: string | null;
  desaCode: string;
  nik: string;
  householdId: string;
  personName: string;
  dataPeriod: string | null;
  changes: DataChangeItemV1[];
  reason: string;
  status: ProposalStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  statusReason: string | null;
  batchId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const ROW = `id, complaint_id AS "complaintId", desa_code AS "desaCode", nik, household_id AS "householdId", person_name AS "personName", data_period AS "dataPeriod",
  changes, reason, status, decided_by AS "decidedBy", decided_at AS "decidedAt", status_reason AS "statusReason", batch_id AS "batchId", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** A change as a reader who may not reveal sees it: No. KK masked, birth dates reduced to the year (beside the masked NIK). */
function maskChange<C extends { field: DataChangeField; current: string | null; proposed: string }>(c: C): C {
  if (c.field === 'no_kk') return { ...c, current: c.current ? maskKk(c.current) : null, proposed: maskKk(c.proposed) };
  if (c.field === 'birth_date') return { ...c, current: maskBirthDate(c.current), proposed: maskBirthDate(c.proposed) ?? '' };
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

/** The snapshot columns a data change reads of a person. */
export const PERSON_SQL = `SELECT household_id AS "householdId", name, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex, relationship, address, desa_code AS "desaCode",
   no_kk AS "noKk", data_period AS "dataPeriod", COALESCE(flags, ARRAY[]::text[]) AS flags
 FROM member_current WHERE nik = $1 LIMIT 1`;

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
    private readonly lifecycle: ProposalLifecycle,
    private readonly env: RegistryEnv,
  ) {}

  async create(req: CreateDataChangeRequestV1, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.createDataChange);
    const m0 = this.dataSource.manager;
    const previous = await this.repo.idByKey(m0, 'data-change', actor.id, req.idempotencyKey);
    if (previous) return { ...(await this.view(m0, previous, actor, false)), replayed: true };
    const [person] = (await m0.query(PERSON_SQL, [req.nik])) as SnapshotPerson[];
    if (!person || !scopeAllows(actor, person.desaCode)) {
      throw new DomainError('NOT_FOUND', 'NIK ini tidak ada dalam data terpadu periode berjalan di wilayah kerja Anda.', { reason: 'PERSON_NOT_IN_SNAPSHOT' });
    }
    const changes = this.checkChanges(req, person);
    const id = await this.dataSource.transaction(async (m) => {
      const newId = uuidv7();
      const rows: unknown[] = await m.query(
        `INSERT INTO data_change (id, complaint_id, idempotency_key, desa_code, nik, household_id, person_name, data_period, changes, reason, status, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11) ON CONFLICT DO NOTHING RETURNING id`,
        [newId, req.complaintId ?? null, req.idempotencyKey, person.desaCode, req.nik, person.householdId, person.name, person.dataPeriod, JSON.stringify(changes), req.reason.trim(), actor.id],
      );
      if (rows.length !== 1) return null;
      const t = proposalTransitionFor('data-change', 'create', null)!;
      await this.lifecycle.created(m, { id: newId, kind: 'data-change', status: 'draft', complaintId: req.complaintId ?? null, desaCode: person.desaCode }, movedBy(actor, t), actor);
      // The officer saw the person's registry values: audited like any read.
      await this.repo.auditRead(m, actor.id, 'data-change', newId, false);
      return newId;
    });
    if (!id) return { ...(await this.view(m0, (await this.repo.idByKey(m0, 'data-change', actor.id, req.idempotencyKey))!, actor, false)), replayed: true };
    return this.view(m0, id, actor, false);
  }

  async get(id: string, reveal: boolean, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    requireReveal(actor, reveal);
    const m = this.dataSource.manager;
    const view = await this.view(m, id, actor, reveal);
    await this.repo.auditRead(m, actor.id, 'data-change', id, view.revealed);
    return view;
  }

  async list(req: ListDataChangesRequestV1, actor: Actor): Promise<ListProposalsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    return this.repo.listProposals(this.dataSource.manager, 'data-change', req, actor);
  }

  async decide(req: DecideDataChangeRequestV1, actor: Actor): Promise<DataChangeV1> {
    requireRole(actor, PROPOSAL_ROLES.decide);
    const note = req.note?.trim() || null;
    await this.dataSource.transaction(async (m) => {
      const p = await this.lifecycle.head(m, 'data-change', req.dataChangeId, true);
      if (!p || !scopeAllows(actor, p.desaCode)) throw NOT_FOUND();
      const t = this.lifecycle.check(p, req.decision, actor);
      requireVersion(p.version, req.expectedVersion, allowedProposalActions('data-change', p.status, actorRoles(actor)));
      if (t.requires.includes('note') && !note) {
        throw new DomainError('VALIDATION_FAILED', 'Penolakan memerlukan catatan alasan.', { fieldErrors: [{ field: 'note', messages: ['Wajib diisi untuk menolak.'] }] });
      }
      await this.lifecycle.move(m, p, req.decision, req.decision === 'approve' ? 'approved' : 'declined', movedBy(actor, t), {
        reason: note,
        actor,
        extraSet: 'decided_by = $5, decided_at = now(), decision_note = $6',
        extraParams: [actor.id, note],
      });
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
          if (!(FAMILY_RELATIONSHIPS as readonly string[]).includes(proposed)) errors.add(path, `Hubungan keluarga salah satu dari: ${FAMILY_RELATIONSHIPS.join(', ')}.`);
          break;
        case 'address':
          if (proposed.length < 3) errors.add(path, 'Alamat paling sedikit 3 karakter.');
          break;
        case 'desa_code':
          if (regionLevel(proposed) !== 'desa' || !regionExists(proposed)) errors.add(path, 'Kode desa/kelurahan tidak terdaftar dalam daftar wilayah Kemendagri.');
          break;
        case 'no_kk':
          checkKk(errors, path, proposed, now);
          break;
        case 'member_status':
          if (proposed !== 'deceased' && proposed !== 'moved') errors.add(path, 'Status anggota: deceased (meninggal) atau moved (pindah).');
          break;
        case 'programme_participation':
          if (!/^[A-Z][A-Z0-9_-]{1,30}(,[A-Z][A-Z0-9_-]{1,30})*$/.test(proposed)) errors.add(path, 'Kode program dipisah koma tanpa spasi, mis. PKH,PBI.');
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
    const [r] = (await m.query(`SELECT ${ROW} FROM data_change WHERE id = $1`, [id])) as DataChangeRow[];
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
