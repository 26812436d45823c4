import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  HouseholdProfileV1,
  ListProposalsRequestBaseV1,
  ListProposalsResponseV1,
  PrelistMemberInputV1,
  ProposalHistoryItemV1,
  ProposalKind,
  ProposalStatus,
  UpdatePrelistEntryRequestV1,
} from '@slrt/contracts';
import { scopePatterns } from '@slrt/auth';
import { PROPOSAL_TABLES } from './proposal-lifecycle.js';

/** A prelist entry row with its profile gathered. */
export interface PrelistEntryRow {
  id: string;
  complaintId: string | null;
  source: 'intake' | 'direct';
  desaCode: string;
  rt: string | null;
  rw: string | null;
  address: string | null;
  contactPhone: string | null;
  status: ProposalStatus;
  profile: HouseholdProfileV1;
  memberCount: number | null;
  disabledMemberCount: number | null;
  musdesDate: string | null;
  musdesMinutesNumber: string | null;
  musdesAttendance: number | null;
  musdesDecision: 'agreed' | 'not-agreed' | null;
  musdesNote: string | null;
  musdesAttachmentRef: string | null;
  /** The musdes/muskel meeting that decided it (null when recorded per household). */
  musdesMeetingId: string | null;
  verifiedBy: string | null;
  verifiedAt: string | null;
  statusReason: string | null;
  batchId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface PrelistMemberRow {
  id: string;
  nik: string | null;
  noKk: string | null;
  name: string;
  birthDate: string | null;
  sex: 'F' | 'M' | null;
  relationship: string;
  disability: string;
  verificationOutcome: PrelistMemberRowOutcome;
  verificationNote: string | null;
  dukcapilStatus: 'padan' | 'tidak-padan' | 'dalam-perbaikan' | null;
}
type PrelistMemberRowOutcome =
  'confirmed' | 'not-confirmed' | 'duplicate' | 'deceased' | 'moved' | 'no-civil-documents' | null;

/** Profile field ↔ column (declared once; the SIKS-NG export reads the columns). */
export const PROFILE_COLUMNS: ReadonlyArray<readonly [keyof HouseholdProfileV1, string]> = [
  ['houseOwnership', 'house_ownership'],
  ['floorAreaM2', 'floor_area_m2'],
  ['floorMaterial', 'floor_material'],
  ['wallMaterial', 'wall_material'],
  ['roofMaterial', 'roof_material'],
  ['drinkingWater', 'drinking_water'],
  ['lightingSource', 'lighting_source'],
  ['electricityPower', 'electricity_power'],
  ['toiletFacility', 'toilet_facility'],
  ['assets', 'assets'],
  ['proposalReason', 'proposal_reason'],
  ['proposalReasonNote', 'proposal_reason_note'],
];

const ENTRY = `id, complaint_id AS "complaintId", source, desa_code AS "desaCode", rt, rw, address, contact_phone AS "contactPhone", status,
  ${PROFILE_COLUMNS.map(([f, c]) => `${c} AS "${f}"`).join(', ')},
  member_count AS "memberCount", disabled_member_count AS "disabledMemberCount",
  to_char(musdes_date, 'YYYY-MM-DD') AS "musdesDate", musdes_minutes_number AS "musdesMinutesNumber", musdes_attendance AS "musdesAttendance",
  musdes_decision AS "musdesDecision", musdes_note AS "musdesNote", musdes_attachment_ref AS "musdesAttachmentRef", musdes_meeting_id AS "musdesMeetingId",
  verified_by AS "verifiedBy", to_char(verified_at, 'YYYY-MM-DD') AS "verifiedAt", status_reason AS "statusReason", batch_id AS "batchId", version,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
const MEMBER = `id, nik, no_kk AS "noKk", name, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex, relationship, disability,
  verification_outcome AS "verificationOutcome", verification_note AS "verificationNote", dukcapil_status AS "dukcapilStatus"`;

/** The name and one-line detail of each kind in lists. */
const LIST_COLUMNS: Record<ProposalKind, { name: string; detail: string }> = {
  prelist: {
    name: `COALESCE((SELECT name FROM prelist_member pm WHERE pm.entry_id = t.id ORDER BY (pm.relationship = 'kepala-keluarga') DESC, pm.position LIMIT 1), '-')`,
    detail: `COALESCE(t.member_count, 0) || ' anggota'`,
  },
  'data-change': {
    name: 't.person_name',
    detail: `(SELECT string_agg(c->>'field', ', ') FROM jsonb_array_elements(t.changes) c)`,
  },
  ppks: { name: 't.name', detail: 't.category_code' },
};

/** SQL of the proposals, always in the caller's transaction or manager. */
@Injectable()
export class ProposalsRepository {
  // ── prelist ─────────────────────────────────────────────────────────────────────────────────

  async prelistIdByComplaint(m: EntityManager, complaintId: string): Promise<string | null> {
    const [row] = await m.query(`SELECT id FROM prelist_entry WHERE complaint_id = $1`, [complaintId]);
    return (row as { id: string } | undefined)?.id ?? null;
  }

  /** The proposal of a kind its creator already made with this idempotency key, if any. */
  async idByKey(m: EntityManager, kind: ProposalKind, createdBy: string, key: string): Promise<string | null> {
    const [row] = await m.query(
      `SELECT id FROM ${PROPOSAL_TABLES[kind]} WHERE created_by = $1 AND idempotency_key = $2`,
      [createdBy, key],
    );
    return (row as { id: string } | undefined)?.id ?? null;
  }

  /** Inserts a draft entry; false when its complaint or idempotency key already has one. */
  async insertPrelist(
    m: EntityManager,
    e: {
      id: string;
      complaintId: string | null;
      source: 'intake' | 'direct';
      idempotencyKey: string | null;
      desaCode: string;
      rt: string | null;
      rw: string | null;
      address: string | null;
      contactPhone: string | null;
      profile: HouseholdProfileV1;
      createdBy: string;
    },
  ): Promise<boolean> {
    const cols = PROFILE_COLUMNS.map(([, c]) => c);
    const values = PROFILE_COLUMNS.map(([f]) => (f === 'assets' ? (e.profile.assets ?? []) : (e.profile[f] ?? null)));
    const rows: unknown[] = await m.query(
      `INSERT INTO prelist_entry (id, complaint_id, source, idempotency_key, desa_code, rt, rw, address, contact_phone, status, created_by, ${cols.join(', ')})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'draft', $10, ${cols.map((_, i) => `$${i + 11}`).join(', ')})
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        e.id,
        e.complaintId,
        e.source,
        e.idempotencyKey,
        e.desaCode,
        e.rt,
        e.rw,
        e.address,
        e.contactPhone,
        e.createdBy,
        ...values,
      ],
    );
    return rows.length === 1;
  }

  async updatePrelist(m: EntityManager, id: string, req: UpdatePrelistEntryRequestV1): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (req.desaCode !== undefined) set('desa_code', req.desaCode);
    if (req.rt !== undefined) set('rt', req.rt);
    if (req.rw !== undefined) set('rw', req.rw);
    if (req.address !== undefined) set('address', req.address);
    if (req.contactPhone !== undefined) set('contact_phone', req.contactPhone);
    for (const [f, c] of PROFILE_COLUMNS)
      if (req.profile && req.profile[f] !== undefined)
        set(c, f === 'assets' ? (req.profile.assets ?? []) : req.profile[f]);
    if (sets.length) await m.query(`UPDATE prelist_entry SET ${sets.join(', ')} WHERE id = $1`, params);
  }

  async insertMembers(m: EntityManager, entryId: string, members: PrelistMemberInputV1[]): Promise<void> {
    for (const [i, x] of members.entries()) {
      await m.query(
        `INSERT INTO prelist_member (id, entry_id, position, nik, no_kk, name, birth_date, sex, relationship, disability) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          uuidv7(),
          entryId,
          i + 1,
          x.nik ?? null,
          x.noKk ?? null,
          x.name.trim(),
          x.birthDate ?? null,
          x.sex ?? null,
          x.relationship,
          x.disability ?? 'tidak-ada',
        ],
      );
    }
  }

  async replaceMembers(m: EntityManager, entryId: string, members: PrelistMemberInputV1[]): Promise<void> {
    await m.query(`DELETE FROM prelist_member WHERE entry_id = $1`, [entryId]);
    await this.insertMembers(m, entryId, members);
  }

  /** Number of members and members with a disability, kept on the entry for the export. */
  async refreshCounts(m: EntityManager, entryId: string): Promise<void> {
    await m.query(
      `UPDATE prelist_entry e SET member_count = c.n, disabled_member_count = c.d
       FROM (SELECT count(*)::int AS n, count(*) FILTER (WHERE disability <> 'tidak-ada')::int AS d FROM prelist_member WHERE entry_id = $1) c
       WHERE e.id = $1`,
      [entryId],
    );
  }

  async prelistRow(m: EntityManager, id: string): Promise<PrelistEntryRow | null> {
    const [row] = await m.query(`SELECT ${ENTRY} FROM prelist_entry WHERE id = $1`, [id]);
    if (!row) return null;
    const r = row as Record<string, unknown>;
    const profile = Object.fromEntries(
      PROFILE_COLUMNS.map(([f]) => [f, f === 'floorAreaM2' && r[f] !== null ? Number(r[f]) : r[f]]),
    ) as HouseholdProfileV1;
    return { ...(r as unknown as PrelistEntryRow), profile };
  }

  async members(m: EntityManager, entryId: string): Promise<PrelistMemberRow[]> {
    return m.query(`SELECT ${MEMBER} FROM prelist_member WHERE entry_id = $1 ORDER BY position`, [entryId]);
  }

  async setMemberOutcome(
    m: EntityManager,
    entryId: string,
    memberId: string,
    outcome: string,
    note: string | null,
  ): Promise<void> {
    await m.query(
      `UPDATE prelist_member SET verification_outcome = $3, verification_note = $4 WHERE entry_id = $1 AND id = $2`,
      [entryId, memberId, outcome, note],
    );
  }

  async setMemberDukcapil(m: EntityManager, entryId: string, memberId: string, status: string): Promise<void> {
    await m.query(
      `UPDATE prelist_member SET dukcapil_status = $3, dukcapil_checked_at = now() WHERE entry_id = $1 AND id = $2`,
      [entryId, memberId, status],
    );
  }

  // ── shared by every kind ────────────────────────────────────────────────────────────────────

  async history(m: EntityManager, proposalId: string): Promise<ProposalHistoryItemV1[]> {
    const rows: Array<Omit<ProposalHistoryItemV1, 'at'> & { at: Date }> = await m.query(
      `SELECT action, from_status AS "fromStatus", to_status AS "toStatus", actor_id AS "actorId", actor_role AS "actorRole", reason, batch_id AS "batchId", at
       FROM proposal_history WHERE proposal_id = $1 ORDER BY id`,
      [proposalId],
    );
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /** Every read of a proposal's personal data is audited (who, what, whether revealed). */
  async auditRead(
    m: EntityManager,
    actorId: string,
    kind: ProposalKind,
    proposalId: string,
    revealed: boolean,
  ): Promise<void> {
    await m.query(`INSERT INTO proposal_read_audit (actor_id, kind, proposal_id, revealed) VALUES ($1, $2, $3, $4)`, [
      actorId,
      kind,
      proposalId,
      revealed,
    ]);
  }

  /** A page of proposals of one kind within the actor's scope, newest first. */
  async listProposals(
    m: EntityManager,
    kind: ProposalKind,
    req: ListProposalsRequestBaseV1 & { categoryCode?: string },
    actor: Actor,
  ): Promise<ListProposalsResponseV1> {
    const params: unknown[] = [scopePatterns(actor)];
    const where = [`t.desa_code LIKE ANY($1::text[])`];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (req.status) add((n) => `t.status = $${n}`, req.status);
    if (req.regionCode) add((n) => `(t.desa_code = $${n} OR t.desa_code LIKE $${n} || '.%')`, req.regionCode);
    if (req.complaintId) add((n) => `t.complaint_id = $${n}`, req.complaintId);
    if (req.from) add((n) => `t.created_at >= $${n}`, req.from);
    if (req.to) add((n) => `t.created_at < $${n}`, req.to);
    if (kind === 'ppks' && req.categoryCode) add((n) => `t.category_code = $${n}`, req.categoryCode);
    const table = PROPOSAL_TABLES[kind];
    const [{ total }] = (await m.query(
      `SELECT count(*)::int AS total FROM ${table} t WHERE ${where.join(' AND ')}`,
      params,
    )) as [{ total: number }];
    const cols = LIST_COLUMNS[kind];
    const rows: Array<{
      proposalId: string;
      status: ProposalStatus;
      version: number;
      complaintId: string | null;
      desaCode: string;
      name: string;
      detail: string;
      batchId: string | null;
      createdAt: Date;
      updatedAt: Date;
    }> = await m.query(
      `SELECT t.id AS "proposalId", t.status, t.version, t.complaint_id AS "complaintId", t.desa_code AS "desaCode", ${cols.name} AS name, COALESCE(${cols.detail}, '') AS detail,
         t.batch_id AS "batchId", t.created_at AS "createdAt", t.updated_at AS "updatedAt"
       FROM ${table} t WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${req.pageSize} OFFSET ${(req.page - 1) * req.pageSize}`,
      params,
    );
    return {
      items: rows.map((r) => ({
        ...r,
        kind,
        createdAt: new Date(r.createdAt).toISOString(),
        updatedAt: new Date(r.updatedAt).toISOString(),
      })),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }
}
