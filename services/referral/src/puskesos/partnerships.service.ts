import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  FieldError,
  ListPartnersRequestV1,
  ListPartnersResponseV1,
  PartnershipDocumentV1,
  PartnershipViewV1,
  SavePartnershipRequestV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { ReferralEnv } from '../config/referral.env.js';
import { localDate } from '@slrt/domain';
import { requireRole } from '@slrt/auth';

/** The signed agreement, at most this many bytes (one NATS message carries it base64). */
export const PARTNERSHIP_DOCUMENT_MAX_BYTES = 512 * 1024;

type Row = {
  id: string;
  owner_code: string;
  agreement_number: string;
  programme_codes: string[];
  period_start: string;
  period_end: string;
  active: boolean;
  document_name: string;
  document_size: number;
  document_sha256: string;
  note: string | null;
  version: number;
  updated_by: string;
  updated_at: Date;
};
const COLUMNS = `id::text, owner_code, agreement_number, programme_codes, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end,
  active, document_name, octet_length(document) AS document_size, document_sha256, note, version, updated_by, updated_at`;

const invalid = (
  fieldErrors: FieldError[],
  detail = 'Data perjanjian kerja sama belum benar: periksa kolom yang ditandai.',
) => new DomainError('VALIDATION_FAILED', detail, { fieldErrors });

/** A real calendar date `YYYY-MM-DD`. */
function isDate(d: string): boolean {
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

/**
 * Partnerships with non-government partners (seed 001: the SLRT and the Puskesos "membangun dan
 * menindaklanjuti kemitraan dengan Lembaga NonPemerintah seperti … CSR"; BAZNAS, hospitals):
 * agreement number, programmes, period and the signed PDF, managed by a kab/kota-wide ADMIN.
 * A partner is a directory owner with `nonGovernment: true` and its own PO users; referrals to it
 * are refused outside an agreement in force for the case's programme (referral-targets.ts).
 */
@Injectable()
export class PartnershipsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly env: ReferralEnv,
  ) {}

  async save(req: SavePartnershipRequestV1, actor: Actor): Promise<PartnershipViewV1> {
    requireRole(actor, ['ADMIN'], 'Hanya admin yang dapat mengelola perjanjian kemitraan.');
    if (!actor.regionScope.includes(this.env.KAB_KOTA_CODE)) {
      throw new DomainError(
        'FORBIDDEN',
        'Perjanjian kemitraan berlaku untuk seluruh kab/kota: hanya ADMIN dengan wilayah kerja seluruh kab/kota yang dapat mengelolanya.',
        { reason: 'KAB_KOTA_ADMIN_REQUIRED' },
      );
    }
    return this.dataSource.transaction(async (m) => {
      const errors: FieldError[] = [];
      const [owner] = (await m.query(`SELECT code, non_government FROM programme_owner WHERE code = $1`, [
        req.ownerCode,
      ])) as Array<{ code: string; non_government: boolean }>;
      if (!owner)
        errors.push({
          field: 'ownerCode',
          messages: [`"${req.ownerCode}" tidak ada dalam direktori pengelola program.`],
        });
      else if (!owner.non_government)
        errors.push({
          field: 'ownerCode',
          messages: ['Perjanjian kemitraan hanya untuk mitra non-pemerintah (CSR, BAZNAS, rumah sakit swasta, LKS).'],
        });
      const known = (
        (await m.query(`SELECT code FROM programme WHERE code = ANY($1::text[])`, [req.programmeCodes])) as Array<{
          code: string;
        }>
      ).map((r) => r.code);
      const unknown = req.programmeCodes.filter((p) => !known.includes(p));
      if (unknown.length)
        errors.push({
          field: 'programmeCodes',
          messages: unknown.map((p) => `Program "${p}" tidak ada dalam katalog program.`),
        });
      if (!isDate(req.periodStart))
        errors.push({ field: 'periodStart', messages: ['Tanggal mulai tidak ada di kalender.'] });
      if (!isDate(req.periodEnd))
        errors.push({ field: 'periodEnd', messages: ['Tanggal berakhir tidak ada di kalender.'] });
      else if (isDate(req.periodStart) && req.periodEnd < req.periodStart)
        errors.push({ field: 'periodEnd', messages: ['Tanggal berakhir tidak boleh sebelum tanggal mulai.'] });
      let document: Buffer | null = null;
      if (req.documentBase64 !== undefined) {
        document = /^[A-Za-z0-9+/]*={0,2}$/.test(req.documentBase64)
          ? Buffer.from(req.documentBase64, 'base64')
          : Buffer.alloc(0);
        if (document.length === 0)
          errors.push({ field: 'documentBase64', messages: ['Berkas perjanjian kosong atau bukan base64.'] });
        else if (document.length > PARTNERSHIP_DOCUMENT_MAX_BYTES)
          errors.push({ field: 'documentBase64', messages: ['Berkas perjanjian paling besar 512 KB.'] });
        else if (document.subarray(0, 5).toString('latin1') !== '%PDF-')
          errors.push({
            field: 'documentBase64',
            messages: ['Berkas perjanjian harus PDF (hasil pindai dokumen yang sudah ditandatangani).'],
          });
      } else if (!req.partnershipId)
        errors.push({
          field: 'documentBase64',
          messages: ['Unggah dokumen perjanjian yang sudah ditandatangani (PDF).'],
        });
      if (errors.length) throw invalid(errors);

      const sha = document ? createHash('sha256').update(document).digest('hex') : null;
      const name = (req.documentName?.trim() || `perjanjian-${req.agreementNumber}`)
        .replace(/[^\w .()-]+/g, '_')
        .slice(0, 120)
        .replace(/(\.pdf)?$/i, '.pdf');
      try {
        if (!req.partnershipId) {
          const id = uuidv7();
          await m.query(
            `INSERT INTO partnership (id, owner_code, agreement_number, programme_codes, period_start, period_end, document, document_name, document_sha256, note, active, created_by, updated_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
            [
              id,
              req.ownerCode,
              req.agreementNumber.trim(),
              req.programmeCodes,
              req.periodStart,
              req.periodEnd,
              document,
              name,
              sha,
              req.note?.trim() || null,
              req.active,
              actor.id,
            ],
          );
          return this.one(m, id);
        }
        const [current] = (await m.query(`SELECT version, owner_code FROM partnership WHERE id = $1 FOR UPDATE`, [
          req.partnershipId,
        ])) as Array<{ version: number; owner_code: string }>;
        if (!current)
          throw new DomainError('NOT_FOUND', 'Perjanjian kemitraan tidak ditemukan.', {
            reason: 'PARTNERSHIP_NOT_FOUND',
          });
        if (current.version !== req.expectedVersion)
          throw new DomainError(
            'CONFLICT',
            `Perjanjian sudah diubah orang lain (versi ${current.version}). Muat ulang lalu coba lagi.`,
            { reason: 'VERSION_CONFLICT' },
          );
        if (current.owner_code !== req.ownerCode)
          throw invalid([
            { field: 'ownerCode', messages: ['Mitra sebuah perjanjian tidak dapat diganti: buat perjanjian baru.'] },
          ]);
        await m.query(
          `UPDATE partnership SET agreement_number = $2, programme_codes = $3, period_start = $4, period_end = $5, note = $6, active = $7, updated_by = $8, updated_at = now(), version = version + 1,
             document = COALESCE($9, document), document_name = CASE WHEN $9::bytea IS NULL THEN document_name ELSE $10 END, document_sha256 = COALESCE($11, document_sha256)
           WHERE id = $1`,
          [
            req.partnershipId,
            req.agreementNumber.trim(),
            req.programmeCodes,
            req.periodStart,
            req.periodEnd,
            req.note?.trim() || null,
            req.active,
            actor.id,
            document,
            name,
            sha,
          ],
        );
        return this.one(m, req.partnershipId);
      } catch (err) {
        if ((err as { code?: string }).code === '23505')
          throw invalid([
            { field: 'agreementNumber', messages: ['Nomor perjanjian ini sudah tercatat untuk mitra yang sama.'] },
          ]);
        throw err;
      }
    });
  }

  /** Non-government owners with their agreements (newest period first) and the programmes they may receive today. */
  async list(req: ListPartnersRequestV1, actor: Actor): Promise<ListPartnersResponseV1> {
    this.requireStaff(actor);
    const m = this.dataSource.manager;
    const owners = (await m.query(
      `SELECT code, name, level, active FROM programme_owner WHERE non_government ORDER BY name`,
    )) as Array<{ code: string; name: string; level: string; active: boolean }>;
    const rows = (await m.query(
      `SELECT ${COLUMNS} FROM partnership ORDER BY period_end DESC, agreement_number`,
    )) as Row[];
    const today = localDate(new Date(), this.env.SLRT_TIME_ZONE);
    const items = owners.map((o) => {
      const partnerships = rows
        .filter((r) => r.owner_code === o.code)
        .map((r) => this.view(r, today))
        .filter((p) => !req.inForceOnly || p.inForce);
      return {
        code: o.code,
        name: o.name,
        level: o.level,
        active: o.active,
        programmesInForce: [...new Set(partnerships.filter((p) => p.inForce).flatMap((p) => p.programmeCodes))].sort(),
        partnerships,
      };
    });
    return { items: req.inForceOnly ? items.filter((i) => i.partnerships.length > 0) : items };
  }

  async document(partnershipId: string, actor: Actor): Promise<PartnershipDocumentV1> {
    this.requireStaff(actor);
    const [row] = (await this.dataSource.manager.query(
      `SELECT document, document_name, document_sha256 FROM partnership WHERE id = $1`,
      [partnershipId],
    )) as Array<{ document: Buffer; document_name: string; document_sha256: string }>;
    if (!row)
      throw new DomainError('NOT_FOUND', 'Perjanjian kemitraan tidak ditemukan.', { reason: 'PARTNERSHIP_NOT_FOUND' });
    return {
      fileName: row.document_name,
      contentType: 'application/pdf',
      contentBase64: row.document.toString('base64'),
      sha256: row.document_sha256,
      size: row.document.length,
    };
  }

  private async one(m: EntityManager, id: string): Promise<PartnershipViewV1> {
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM partnership WHERE id = $1`, [id])) as Row[];
    return this.view(row!, localDate(new Date(), this.env.SLRT_TIME_ZONE));
  }

  private view(r: Row, today: string): PartnershipViewV1 {
    return {
      partnershipId: r.id,
      ownerCode: r.owner_code,
      agreementNumber: r.agreement_number,
      programmeCodes: r.programme_codes,
      periodStart: r.period_start,
      periodEnd: r.period_end,
      active: r.active,
      inForce: r.active && r.period_start <= today && today <= r.period_end,
      documentName: r.document_name,
      documentSize: Number(r.document_size),
      documentSha256: r.document_sha256,
      note: r.note,
      version: r.version,
      updatedBy: r.updated_by,
      updatedAt: new Date(r.updated_at).toISOString(),
    };
  }

  private requireStaff(actor: Actor): void {
    requireRole(
      actor,
      ['ADMIN', 'SEKRETARIAT', 'MJ', 'BO', 'SPV'],
      'Peran Anda tidak berwenang melihat perjanjian kemitraan.',
    );
  }
}
