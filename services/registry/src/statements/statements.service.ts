import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  publicVerifyUrl,
  type Actor,
  type DtksStatementFileV1,
  type GetDtksStatementRequestV1,
  type VerifyDocumentResponseV1,
} from '@slrt/contracts';
import { findRegion, kecamatanOf, localDate, maskBirthDate, maskKk, maskNik, provinsiOf } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { auditRole, requireRole, scopePatterns } from '@slrt/auth';
import { REGISTRY_LOOKUP_ROLES } from '../lookups/access.js';
import { memberOrder, regionName } from '../lookups/household-view.js';
import { registryIdentifierHash, type MemberRow } from '../lookups/registry-sql.js';
import { renderDtksStatement } from './dtks-statement.js';
import { StatementsRepository, type StatementRow } from './statements.repository.js';

/** Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Registered-in-DTKS statements: issued once per person and snapshot (number sequential per
 * kab/kota and year, unguessable verification code), stored with their PDF so that asking again
 * returns the same bytes, and verifiable publicly by code without revealing personal data.
 */
@Injectable()
export class StatementsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: StatementsRepository,
    private readonly env: RegistryEnv,
  ) {}

  async getDtksStatement(req: GetDtksStatementRequestV1, actor: Actor): Promise<DtksStatementFileV1> {
    requireRole(actor, REGISTRY_LOOKUP_ROLES.statement);
    const nikHash = registryIdentifierHash(this.env, 'nik', req.nik);
    const rows = await this.repo.personHousehold(this.ds.manager, {
      nik: req.nik,
      patterns: scopePatterns(actor),
      actorId: actor.id,
      actorRole: auditRole(actor),
      purpose: req.purpose.kind,
      reference: req.purpose.reference ?? null,
      nikHash,
    });
    const first = rows[0];
    if (!first)
      throw new DomainError('NOT_FOUND', 'Data DTKS belum dimuat: surat keterangan belum dapat diterbitkan.', {
        reason: 'NO_SNAPSHOT',
      });
    const person = rows.find((r) => r.is_person);
    if (!person || first.job_id === null) {
      throw new DomainError(
        'NOT_FOUND',
        `NIK ini tidak terdaftar dalam DTKS periode ${first.data_period} di wilayah kerja Anda: surat keterangan terdaftar tidak dapat diterbitkan.`,
        { reason: 'PERSON_NOT_IN_REGISTRY' },
      );
    }
    const existing = await this.repo.find(this.ds.manager, nikHash, first.job_id);
    if (existing) return this.file(existing, false);
    const issued = await this.ds
      .transaction(async (m) => {
        const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
        const issuedOn = localDate(issuedAt, this.env.SLRT_TIME_ZONE);
        const year = Number(issuedOn.slice(0, 4));
        const kabKota = this.env.KAB_KOTA_CODE;
        const serial = await this.repo.nextSerial(m, kabKota, year);
        const number = `DTKS-${kabKota.replace('.', '')}-${year}-${String(serial).padStart(6, '0')}`;
        const code = verificationCode();
        const pdf = await this.render(rows, person, {
          number,
          code,
          issuedAt,
          issuedOn,
          dataPeriod: first.data_period!,
        });
        const inserted = await this.repo.insert(m, {
          id: uuidv7(),
          code,
          number,
          kabKota,
          householdId: person.household_id,
          desaCode: person.desa_code,
          dataPeriod: first.data_period,
          jobId: first.job_id!,
          nikHash,
          issuedAt,
          issuedBy: actor.id,
          pdf,
        });
        // Two first requests at once: the other one won; this number is given back with the rollback.
        if (!inserted) throw new ConcurrentIssue();
        return { number, issued_at: issuedAt, pdf } satisfies StatementRow;
      })
      .catch(async (e: unknown) => {
        if (!(e instanceof ConcurrentIssue)) throw e;
        return (await this.repo.find(this.ds.manager, nikHash, first.job_id!))!;
      });
    return this.file(issued, true);
  }

  /** What the public may learn from a verification code: never a name, NIK or No. KK. */
  async verifyDocument(code: string): Promise<VerifyDocumentResponseV1> {
    const row = await this.repo.byCode(this.ds.manager, normaliseCode(code));
    if (!row) {
      // The Berita Acara of a musdes/muskel meeting carries a code of the same shape.
      const meeting = await this.repo.meetingByCode(this.ds.manager, normaliseCode(code));
      if (meeting)
        return {
          valid: true,
          documentType: 'musdes-minutes',
          number: meeting.number,
          issuedAt: new Date(meeting.issued_at).toISOString(),
          dataPeriod: null,
          desaName: regionName(meeting.desa_code),
        };
      return { valid: false, documentType: null, number: null, issuedAt: null, dataPeriod: null, desaName: null };
    }
    return {
      valid: true,
      documentType: 'dtks-statement',
      number: row.number,
      issuedAt: new Date(row.issued_at).toISOString(),
      dataPeriod: row.data_period,
      desaName: regionName(row.desa_code),
    };
  }

  private file(row: StatementRow, issued: boolean): DtksStatementFileV1 {
    return {
      fileName: `keterangan-dtks-${row.number}.pdf`,
      contentType: 'application/pdf',
      contentBase64: Buffer.from(row.pdf).toString('base64'),
      number: row.number,
      issuedAt: new Date(row.issued_at).toISOString(),
      issued,
    };
  }

  private render(
    rows: MemberRow[],
    person: MemberRow,
    s: { number: string; code: string; issuedAt: Date; issuedOn: string; dataPeriod: string },
  ): Promise<Buffer> {
    const household = rows.filter((r) => r.no_kk === person.no_kk);
    household.sort(memberOrder);
    const flags = new Set(person.flags ?? []);
    const kabKotaName = findRegion(this.env.KAB_KOTA_CODE)?.name ?? this.env.KAB_KOTA_CODE;
    const idbdt = person.household_id !== null && person.household_id !== person.no_kk ? person.household_id : null;
    return renderDtksStatement({
      letterhead: {
        government: `Pemerintah ${kabKotaName}`,
        agency: this.env.SLRT_AGENCY_NAME,
        addressLines: this.env.SLRT_OFFICE_ADDRESS.split('|')
          .map((l) => l.trim())
          .filter(Boolean),
      },
      number: s.number,
      issuedOn: s.issuedOn,
      issuedAt: s.issuedAt,
      place: this.env.SLRT_CITY,
      region: {
        desaName: regionName(person.desa_code),
        kecamatanName: regionName(kecamatanOf(person.desa_code)),
        kabKotaName,
        provinsiName: regionName(provinsiOf(person.desa_code)),
      },
      idbdt,
      idartbdt: person.member_id,
      person: {
        name: person.name,
        maskedNik: maskNik(person.nik ?? ''),
        maskedNoKk: maskKk(person.no_kk ?? ''),
        sex: person.sex,
        birthDate: maskBirthDate(person.birth_date),
        address: person.address,
      },
      desil: household.find((m) => m.desil !== null)?.desil ?? null,
      programmes: { PKH: flags.has('PKH'), BPNT: flags.has('BPNT'), PBI: flags.has('PBI'), KIP: flags.has('KIP') },
      dataPeriod: s.dataPeriod,
      members: household.map((m) => ({
        name: m.name,
        maskedNik: maskNik(m.nik ?? ''),
        relationship: m.relationship,
        sex: m.sex,
        birthDate: maskBirthDate(m.birth_date),
      })),
      signatory: {
        position: `Kepala ${this.env.SLRT_AGENCY_NAME} ${kabKotaName}`,
        name: this.env.REGISTRY_STATEMENT_SIGNATORY_NAME,
        rank: this.env.REGISTRY_STATEMENT_SIGNATORY_RANK || null,
        nip: this.env.REGISTRY_STATEMENT_SIGNATORY_NIP,
      },
      verificationUrl: publicVerifyUrl(this.env.SLRT_PUBLIC_VERIFY_URL, s.code),
    });
  }
}

class ConcurrentIssue extends Error {}

/** 12 random base32 characters (60 bits) as `XXXX-XXXX-XXXX`. */
export function verificationCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) out += CODE_ALPHABET[bytes[i]! & 31];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/** A code as typed from paper: case and the confusable letters (O→0, I/L→1) folded, dashes restored. */
export function normaliseCode(code: string): string {
  const plain = code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return plain.length === 12 ? `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}` : plain;
}
