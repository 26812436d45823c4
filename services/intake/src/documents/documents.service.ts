import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, DocumentFileV1 } from '@slrt/contracts';
import { findRegion, kecamatanOf, maskBirthDate, maskKk, maskNik } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import { inScope, requireRole } from '@slrt/auth';
import { INTAKE_ROLES, requireSeesConfidential } from '../complaints/access.js';
import type { ComplaintRecord, PersonRecord } from '../complaints/complaint.records.js';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { ProgrammeCatalogue } from '../complaints/programme-catalogue.js';
import { renderCivilRegistrationLetter } from './civil-registration-letter.js';
import { receiptStatusUrl, renderComplaintReceipt, type ReceiptLayout } from './complaint-receipt.js';
import { assertIndonesianTimeZone } from './format.js';

const ROMAN_MONTHS = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const ROLE_LABELS: Record<string, string> = {
  FO: 'Petugas Front Office',
  FS: 'Fasilitator SLRT',
  BO: 'Petugas Back Office',
};
const lines = (value: string) =>
  value
    .split('|')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The documents intake issues: the complaint receipt (A4, A5, 80 mm thermal) and the
 * recommendation letter to Dukcapil. Personal identifiers are masked before they reach the
 * renderers; a reprint gives the same bytes; every issue is audited.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly env: IntakeEnv,
    private readonly programmes: ProgrammeCatalogue,
  ) {
    assertIndonesianTimeZone(env.SLRT_TIME_ZONE);
  }

  async receipt(complaintId: string, layout: ReceiptLayout, actor: Actor): Promise<DocumentFileV1> {
    requireRole(actor, INTAKE_ROLES.documents);
    const { complaint: c, persons } = await this.load(complaintId, actor, 'document.receipt');
    const subject = persons.find((p) => p.role === 'subject')!;
    const complainant = persons.find((p) => p.role === 'complainant');
    // Names from the kab/kota's catalogue (local programmes included; the national seed when referral is silent).
    const catalogue = await this.programmes.lookup();
    const pdf = await renderComplaintReceipt(
      {
        office: {
          name: this.env.SLRT_OFFICE_NAME,
          parentName: `${this.env.SLRT_AGENCY_NAME} ${this.env.SLRT_GOVERNMENT_NAME.replace(/^Pemerintah\s+/i, '')}`,
          addressLines: lines(this.env.SLRT_OFFICE_ADDRESS),
        },
        receiptNumber: c.receiptNumber,
        trackingCode: c.trackingCode,
        registeredAt: new Date(c.recordedAt),
        // A reprint is the same document: printed as of the registration.
        issuedAt: new Date(c.registeredAt),
        timeZone: this.env.SLRT_TIME_ZONE as Parameters<typeof renderComplaintReceipt>[0]['timeZone'],
        channel: c.channel as Parameters<typeof renderComplaintReceipt>[0]['channel'],
        place: c.place,
        complainantName: c.anonymous ? null : (complainant ?? subject).name,
        subject: { name: subject.name, maskedNik: subject.nik ? maskNik(subject.nik) : null },
        relationship: c.relationship as Parameters<typeof renderComplaintReceipt>[0]['relationship'],
        category: c.category as Parameters<typeof renderComplaintReceipt>[0]['category'],
        contactType: c.contactType as Parameters<typeof renderComplaintReceipt>[0]['contactType'],
        programmeNames: c.programmeCodes.map((code) => {
          const name = catalogue.name(code);
          return name ? `${name} (${code})` : code;
        }),
        summary: c.description,
        documentsReceived: c.documentsReceived as Parameters<typeof renderComplaintReceipt>[0]['documentsReceived'],
        officer: {
          name: c.officerId === actor.id ? 'Petugas yang melayani' : 'Petugas SLRT',
          role: ROLE_LABELS[c.officerRole] ?? c.officerRole,
        },
        expectedHandling: `${this.env.INTAKE_HANDLING_DAYS} hari kerja`,
        publicStatusUrl: this.env.SLRT_PUBLIC_STATUS_URL,
        notes: lines(this.env.SLRT_RECEIPT_NOTES),
        counterService: {
          standardMinutes: this.env.INTAKE_COUNTER_STANDARD_MINUTES,
          fee: this.env.INTAKE_COUNTER_FEE,
          requirements: lines(this.env.INTAKE_COUNTER_REQUIREMENTS),
          arrivedAt: c.arrivedAt ? new Date(c.arrivedAt) : null,
          minutes: c.serviceMinutes,
        },
      },
      layout,
    );
    return {
      fileName: `resi-${c.receiptNumber}${layout === 'thermal-80' ? '-thermal' : `-${layout}`}.pdf`,
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    };
  }

  async civilRegistrationLetter(complaintId: string, actor: Actor): Promise<DocumentFileV1> {
    requireRole(actor, INTAKE_ROLES.documents);
    const { complaint: c, persons } = await this.load(complaintId, actor, 'document.civil-registration-letter');
    const subject = persons.find((p) => p.role === 'subject')!;
    if (subject.nik && subject.noKk && c.registryCheck !== 'no-identity') {
      throw new DomainError(
        'UNPROCESSABLE',
        'Subjek sudah memiliki NIK dan KK: surat rekomendasi ke Dukcapil tidak diperlukan.',
        { reason: 'LETTER_NOT_NEEDED' },
      );
    }
    const letter = await this.numberLetter(c, actor);
    const desa = findRegion(subject.desaCode);
    const kecamatan = findRegion(kecamatanOf(subject.desaCode) ?? '');
    const city = this.env.SLRT_CITY;
    const kabKota = this.env.SLRT_GOVERNMENT_NAME.replace(/^Pemerintah\s+/i, '');
    const pdf = await renderCivilRegistrationLetter({
      letterhead: {
        government: this.env.SLRT_GOVERNMENT_NAME,
        agency: this.env.SLRT_AGENCY_NAME,
        unit: 'Sekretariat Sistem Layanan Rujukan Terpadu (SLRT)',
        addressLines: lines(this.env.SLRT_OFFICE_ADDRESS),
      },
      issuerName: this.env.SLRT_OFFICE_NAME,
      number: letter.number,
      issuedAt: letter.issuedAt,
      place: city,
      timeZone: this.env.SLRT_TIME_ZONE as Parameters<typeof renderCivilRegistrationLetter>[0]['timeZone'],
      recipient: { title: `Kepala Dinas Kependudukan dan Pencatatan Sipil ${kabKota}`, place: city },
      person: {
        name: subject.name,
        sex: subject.sex,
        birthPlace: subject.birthPlace,
        // Beside a printed (masked) NIK the year only; without a NIK Dukcapil needs the whole date to find the person.
        birthDate: subject.nik ? maskBirthDate(subject.birthDate) : subject.birthDate,
        address: {
          street: subject.street,
          rt: subject.rt,
          rw: subject.rw,
          desaName: desa?.name ?? subject.desaCode,
          kecamatanName: kecamatan?.name ?? '',
        },
        maskedNik: subject.nik ? maskNik(subject.nik) : null,
        maskedNoKk: subject.noKk ? maskKk(subject.noKk) : null,
      },
      complaint: { receiptNumber: c.receiptNumber, registeredAt: new Date(c.registeredAt) },
      signatory: {
        onBehalfOf: null,
        position: this.env.SLRT_SIGNATORY_POSITION,
        name: this.env.SLRT_SIGNATORY_NAME,
        rank: this.env.SLRT_SIGNATORY_RANK || null,
        nip: this.env.SLRT_SIGNATORY_NIP || null,
      },
      // The same public status page as the receipt's QR code, with the tracking code: without it the page can confirm nothing.
      verificationUrl: receiptStatusUrl(this.env.SLRT_PUBLIC_STATUS_URL, c.receiptNumber, c.trackingCode),
      carbonCopies: [`Kepala ${this.env.SLRT_AGENCY_NAME} ${kabKota} (sebagai laporan)`, 'Arsip'],
    });
    return {
      fileName: `surat-rekomendasi-dukcapil-${c.receiptNumber}.pdf`,
      contentType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    };
  }

  private async load(
    complaintId: string,
    actor: Actor,
    action: string,
  ): Promise<{ complaint: ComplaintRecord; persons: PersonRecord[] }> {
    const m = this.dataSource.manager;
    const complaint = await this.repo.findById(m, complaintId);
    if (!complaint || !inScope(actor, complaint.desaCode))
      throw new DomainError('NOT_FOUND', 'Pengaduan tidak ditemukan di wilayah kerja Anda.', {
        reason: 'COMPLAINT_NOT_FOUND',
      });
    // Both documents name the persons: a confidential complaint's only to who may see them.
    requireSeesConfidential(complaint, actor);
    await this.repo.audit(m, {
      actorId: actor.id,
      roles: actor.roles,
      action,
      complaintId,
      revealed: false,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
    return { complaint, persons: await this.repo.persons(m, complaintId) };
  }

  /** The letter's number and date, given once per complaint (a reprint repeats them). */
  private async numberLetter(c: ComplaintRecord, actor: Actor): Promise<{ number: string; issuedAt: Date }> {
    const m = this.dataSource.manager;
    const issued = async () => {
      const [row] = await m.query(
        `SELECT number, issued_at AS "issuedAt" FROM civil_registration_letter WHERE complaint_id = $1`,
        [c.id],
      );
      return row ? { number: row.number as string, issuedAt: new Date(row.issuedAt) } : null;
    };
    const existing = await issued();
    if (existing) return existing;
    const now = new Date();
    const year = now.getUTCFullYear();
    const sequence = await this.repo.nextSequence(m, `letter_seq_${year}`);
    const number = `${this.env.SLRT_LETTER_CODE}/${String(sequence).padStart(3, '0')}/SLRT/${ROMAN_MONTHS[now.getUTCMonth()]}/${year}`;
    // Two concurrent first prints: one number wins, the other is a gap in the register.
    await m.query(
      `INSERT INTO civil_registration_letter (complaint_id, number, issued_by) VALUES ($1, $2, $3) ON CONFLICT (complaint_id) DO NOTHING`,
      [c.id, number, actor.id],
    );
    return (await issued())!;
  }
}
