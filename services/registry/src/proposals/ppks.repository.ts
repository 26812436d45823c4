import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  CreatePpksRecordRequestV1,
  PpksCategoryV1,
  ProposalStatus,
  SavePpksCategoryRequestV1,
} from '@slrt/contracts';

/** A PPKS record as stored, with the name of the category version it was recorded under. */
export interface PpksRow {
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

/** The SQL of PPKS records and their versioned categories (the proposal tables they share are `ProposalsRepository`'s). */
@Injectable()
export class PpksRepository {
  async categories(m: EntityManager, includeInactive: boolean): Promise<PpksCategoryV1[]> {
    return m.query(
      `SELECT ${CATEGORY} FROM ppks_category ${includeInactive ? '' : 'WHERE active'} ORDER BY code, version`,
    );
  }

  /** A new version of a category (max + 1), retiring the code's earlier versions; in the caller's transaction. */
  async saveCategoryVersion(
    m: EntityManager,
    req: SavePpksCategoryRequestV1,
    updatedBy: string,
  ): Promise<PpksCategoryV1> {
    // Serialises saves of one code (the version number is max + 1).
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('ppks_category:' || $1))`, [req.code]);
    const [{ next }] = (await m.query(
      `SELECT COALESCE(max(version), 0) + 1 AS next FROM ppks_category WHERE code = $1`,
      [req.code],
    )) as [{ next: number }];
    // The new version replaces the earlier ones; saving it inactive retires the category.
    await m.query(
      `UPDATE ppks_category SET active = false, updated_by = $2, updated_at = now() WHERE code = $1 AND active`,
      [req.code, updatedBy],
    );
    const [row] = (await m.query(
      `INSERT INTO ppks_category (code, version, name, valid_from, active, updated_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${CATEGORY}`,
      [req.code, next, req.name.trim(), req.validFrom, req.active, updatedBy],
    )) as PpksCategoryV1[];
    return row!;
  }

  /** The active version of a category, if any. */
  async activeCategory(m: EntityManager, code: string): Promise<{ code: string; version: number } | undefined> {
    const [category] = (await m.query(`SELECT code, version FROM ppks_category WHERE code = $1 AND active`, [
      code,
    ])) as Array<{ code: string; version: number }>;
    return category;
  }

  /** Inserts a recorded PPKS record; false when its idempotency key already has one. */
  async insertRecord(
    m: EntityManager,
    id: string,
    req: CreatePpksRecordRequestV1,
    category: { code: string; version: number },
    createdBy: string,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO ppks_record (id, complaint_id, idempotency_key, desa_code, nik, no_kk, name, birth_date, sex, address, category_code, category_version, condition_note, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'recorded', $14) ON CONFLICT DO NOTHING RETURNING id`,
      [
        id,
        req.complaintId ?? null,
        req.idempotencyKey,
        req.desaCode,
        req.nik ?? null,
        req.noKk ?? null,
        req.name.trim(),
        req.birthDate ?? null,
        req.sex ?? null,
        req.address ?? null,
        category.code,
        category.version,
        req.conditionNote.trim(),
        createdBy,
      ],
    );
    return rows.length === 1;
  }

  async record(m: EntityManager, id: string): Promise<PpksRow | undefined> {
    const [r] = (await m.query(
      `SELECT r.id, r.complaint_id AS "complaintId", r.desa_code AS "desaCode", r.nik, r.no_kk AS "noKk", r.name, to_char(r.birth_date, 'YYYY-MM-DD') AS "birthDate", r.sex, r.address,
         r.category_code AS "categoryCode", r.category_version AS "categoryVersion", c.name AS "categoryName", r.condition_note AS "conditionNote", r.status,
         r.status_reason AS "statusReason", r.batch_id AS "batchId", r.version, r.created_at AS "createdAt", r.updated_at AS "updatedAt"
       FROM ppks_record r JOIN ppks_category c ON c.code = r.category_code AND c.version = r.category_version WHERE r.id = $1`,
      [id],
    )) as PpksRow[];
    return r;
  }
}
