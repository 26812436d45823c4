import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  publicVerifyUrl,
  type Actor,
  type CreateMusdesMeetingRequestV1,
  type ListMusdesMeetingsRequestV1,
  type ListMusdesMeetingsResponseV1,
  type MusdesMeetingV1,
  type MusdesMinutesFileV1,
  type RecordMusdesAttendanceRequestV1,
} from '@slrt/contracts';
import { findRegion, kecamatanOf, localDate } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { RegistryEnv } from '../config/registry.env.js';
import { hasRole, requireRole, scopeAllows, scopePatterns } from '@slrt/auth';
import { regionName } from '../lookups/household-view.js';
import { PROPOSAL_ROLES, requireDesa } from '../proposals/proposal-access.js';
import { FieldErrors } from '../proposals/person-checks.js';
import { verificationCode } from '../statements/statements.service.js';
import { renderMusdesMinutes } from './musdes-minutes.js';
import { MusdesRepository, type MeetingRow } from './musdes.repository.js';

/** How far ahead a meeting may be planned. */
const MAX_DAYS_AHEAD = 90;

export const MEETING_NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Musyawarah tidak ditemukan di wilayah kerja Anda.', { reason: 'MEETING_NOT_FOUND' });
export const MEETING_FINAL = () =>
  new DomainError(
    'CONFLICT',
    'Berita Acara bertanda tangan sudah diunggah: musyawarah ini sudah final dan tidak dapat diubah.',
    { reason: 'MEETING_FINAL' },
  );

/** `musdes` for a desa (or desa adat), `muskel` for a kelurahan (first digit of the desa part is 1). */
export function meetingKind(desaCode: string): 'musdes' | 'muskel' {
  return desaCode.split('.')[3]?.startsWith('1') ? 'muskel' : 'musdes';
}

/** *Nomor Berita Acara*: one meeting per desa and date, so desa and date make it unique. */
export function minutesNumber(desaCode: string, date: string): string {
  return `BA-${meetingKind(desaCode).toUpperCase()}/${desaCode.replace(/\./g, '')}/${date.replace(/-/g, '')}`;
}

/** Whether the meeting of `desaCode` may be acted on by the actor (operators within scope; the registry itself). */
export function meetingInScope(actor: Actor, desaCode: string): boolean {
  return scopeAllows(actor, desaCode);
}

/** Optimistic concurrency of a meeting. */
export function requireMeetingVersion(stored: number, expected: number): void {
  if (stored !== expected)
    throw new DomainError(
      'CONFLICT',
      `Musyawarah sudah diubah orang lain (versi ${stored}). Muat ulang lalu coba lagi.`,
      { reason: 'VERSION_CONFLICT' },
    );
}

/**
 * The musdes/muskel as a meeting: created once per desa/kelurahan and date, its attendance, its
 * reading (with the households decided and those still to decide) and its Berita Acara, generated
 * once per meeting version and stored, so every download of a version is the same bytes.
 * Decisions: `MusdesDecisionsService`; the signed scan: `MusdesSignedService`.
 */
@Injectable()
export class MusdesMeetingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly repo: MusdesRepository,
    private readonly env: RegistryEnv,
  ) {}

  async create(req: CreateMusdesMeetingRequestV1, actor: Actor): Promise<MusdesMeetingV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    requireDesa(actor, req.desaCode);
    const errors = new FieldErrors();
    const today = localDate(new Date(), this.env.SLRT_TIME_ZONE);
    const date = new Date(`${req.date}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== req.date)
      errors.add('date', 'Tanggal tidak ada dalam kalender.');
    else if ((date.getTime() - new Date(`${today}T00:00:00Z`).getTime()) / 86_400_000 > MAX_DAYS_AHEAD)
      errors.add('date', `Tanggal musyawarah paling lambat ${MAX_DAYS_AHEAD} hari dari hari ini.`);
    else if (req.date < '2015-01-01') errors.add('date', 'Tanggal musyawarah terlalu lampau.');
    for (const f of ['agenda', 'place', 'chairName'] as const) if (!req[f].trim()) errors.add(f, 'Wajib diisi.');
    errors.throwIfAny('Data musyawarah belum benar; periksa kolom yang ditandai.');
    const id = uuidv7();
    const inserted = await this.repo.insertMeeting(this.ds.manager, {
      id,
      desaCode: req.desaCode,
      date: req.date,
      number: minutesNumber(req.desaCode, req.date),
      code: verificationCode(),
      agenda: req.agenda.trim(),
      place: req.place.trim(),
      chairName: req.chairName.trim(),
      chairRole: req.chairRole,
      createdBy: actor.id,
    });
    if (inserted) return this.view(this.ds.manager, id, actor);
    // One meeting per desa and date: asking again (a retry, a second officer) gives the same meeting.
    const existing = (await this.repo.meetingIdAt(this.ds.manager, req.desaCode, req.date))!;
    return { ...(await this.view(this.ds.manager, existing, actor)), replayed: true };
  }

  async get(meetingId: string, actor: Actor): Promise<MusdesMeetingV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    const view = await this.view(this.ds.manager, meetingId, actor);
    // The households' heads by name (NIK masked): the read is audited like a proposal read.
    await this.repo.auditRead(this.ds.manager, actor.id, meetingId, view.decisions.length + view.candidates.length);
    return view;
  }

  async list(req: ListMusdesMeetingsRequestV1, actor: Actor): Promise<ListMusdesMeetingsResponseV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    const { rows, total } = await this.repo.page(
      this.ds.manager,
      { patterns: scopePatterns(actor), regionCode: req.regionCode, status: req.status },
      req.pageSize,
      (req.page - 1) * req.pageSize,
    );
    return {
      items: rows.map((r) => ({
        meetingId: r.id,
        desaCode: r.desaCode,
        desaName: regionName(r.desaCode),
        date: r.date,
        number: r.number,
        status: r.status,
        decidedCount: r.decided,
        agreedCount: r.agreed,
      })),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }

  /**
   * Who attended, replacing the list: while open and before any household is agreed or not agreed
   * (the proposals decided carry the attendance as it was when they were decided).
   */
  async recordAttendance(req: RecordMusdesAttendanceRequestV1, actor: Actor): Promise<MusdesMeetingV1> {
    requireRole(actor, PROPOSAL_ROLES.field);
    const errors = new FieldErrors();
    const kind = (id: string) => meetingKind(id);
    req.officials.forEach((o, i) => {
      if (!o.name.trim()) errors.add(`officials.${i}.name`, 'Wajib diisi.');
    });
    await this.ds.transaction(async (m) => {
      const meeting = await this.repo.meeting(m, req.meetingId, true);
      if (!meeting || !meetingInScope(actor, meeting.desaCode)) throw MEETING_NOT_FOUND();
      if (meeting.status === 'final') throw MEETING_FINAL();
      requireMeetingVersion(meeting.version, req.expectedVersion);
      if ((await this.repo.counts(m, meeting.id)).decided > 0) {
        throw new DomainError(
          'CONFLICT',
          'Daftar hadir tidak dapat diubah setelah ada usulan yang diputuskan dalam musyawarah ini.',
          { reason: 'ATTENDANCE_LOCKED' },
        );
      }
      const head = kind(meeting.desaCode) === 'muskel' ? 'lurah' : 'kepala-desa';
      if (req.officials.filter((o) => o.role === head).length > 1)
        errors.add('officials', `Hanya satu ${head === 'lurah' ? 'lurah' : 'kepala desa'} yang menandatangani.`);
      errors.throwIfAny('Daftar hadir belum benar; periksa kolom yang ditandai.');
      const officials = req.officials.map((o) => ({ name: o.name.trim(), role: o.role, witness: o.witness ?? false }));
      await this.repo.saveAttendance(m, meeting.id, officials, req.citizenCount);
    });
    return this.view(this.ds.manager, req.meetingId, actor);
  }

  /**
   * The Berita Acara of the meeting's current version: generated the first time it is asked for
   * (and stored with the version), the stored bytes every later time. Needs the attendance and at
   * least one decision.
   */
  async minutes(meetingId: string, actor: Actor): Promise<MusdesMinutesFileV1> {
    requireRole(actor, PROPOSAL_ROLES.read);
    const m = this.ds.manager;
    const meeting = await this.repo.meeting(m, meetingId);
    if (!meeting || !meetingInScope(actor, meeting.desaCode)) throw MEETING_NOT_FOUND();
    const file = (pdf: Buffer, version: number): MusdesMinutesFileV1 => ({
      fileName: `berita-acara-${meeting.number.replace(/\//g, '-').toLowerCase()}.pdf`,
      contentType: 'application/pdf',
      contentBase64: Buffer.from(pdf).toString('base64'),
      number: meeting.number,
      version,
    });
    // The minutes carry the households' names: every download is audited (who, which meeting and version).
    await this.repo.auditMinutes(m, actor.id, meetingId, meeting.version);
    if (meeting.minutesVersion === meeting.version) {
      const stored = await this.repo.storedMinutes(m, meetingId, meeting.version);
      if (stored) return file(stored.pdf, meeting.version);
    }
    const households = await this.repo.decided(m, meetingId);
    if (!meeting.officials.length)
      throw new DomainError('CONFLICT', 'Catat daftar hadir musyawarah sebelum mencetak Berita Acara.', {
        reason: 'ATTENDANCE_MISSING',
      });
    if (!households.length)
      throw new DomainError(
        'CONFLICT',
        'Belum ada keputusan atas usulan rumah tangga: Berita Acara belum dapat dicetak.',
        { reason: 'NO_DECISIONS' },
      );
    const kabKotaName = findRegion(this.env.KAB_KOTA_CODE)?.name ?? this.env.KAB_KOTA_CODE;
    const pdf = await renderMusdesMinutes({
      letterhead: {
        kabKotaName,
        kecamatanName: regionName(kecamatanOf(meeting.desaCode)),
        desaName: regionName(meeting.desaCode),
      },
      kind: meetingKind(meeting.desaCode),
      number: meeting.number,
      date: meeting.date,
      createdAt: new Date(Math.floor(new Date(meeting.updatedAt).getTime() / 1000) * 1000),
      agenda: meeting.agenda,
      place: meeting.place,
      chair: { name: meeting.chairName, role: meeting.chairRole },
      officials: meeting.officials.map((o) => ({ name: o.name, role: o.role, witness: o.witness ?? false })),
      citizenCount: meeting.citizenCount,
      households: households.map((h) => ({
        headName: h.headName,
        maskedNik: h.maskedNik,
        rt: h.rt,
        rw: h.rw,
        memberCount: h.memberCount,
        decision: h.decision!,
        reason: h.reason,
      })),
      verificationUrl: publicVerifyUrl(this.env.SLRT_PUBLIC_VERIFY_URL, meeting.code),
    });
    // Stored only for the version it states: a decision recorded meanwhile leaves this one unstored.
    await this.repo.storeMinutes(m, meetingId, meeting.version, pdf);
    return file(pdf, meeting.version);
  }

  /** The meeting as the actor may see it (head-of-household NIKs masked). */
  async view(m: EntityManager, id: string, actor: Actor): Promise<MusdesMeetingV1> {
    const meeting = await this.repo.meeting(m, id);
    if (!meeting || !meetingInScope(actor, meeting.desaCode)) throw MEETING_NOT_FOUND();
    const decisions = await this.repo.decided(m, id);
    const candidates = meeting.status === 'open' ? await this.repo.candidates(m, id, meeting.desaCode) : [];
    return meetingView(meeting, decisions, candidates, allowedMeetingActions(meeting, decisions.length > 0, actor));
  }
}

/** What the actor may do with the meeting now. */
export function allowedMeetingActions(meeting: MeetingRow, hasDecisions: boolean, actor: Actor): string[] {
  const out: string[] = [];
  const field = actor.kind === 'user' && hasRole(actor, PROPOSAL_ROLES.field);
  if (meeting.status === 'open' && field) {
    if (!hasDecisions || meeting.officials.length === 0) out.push('record-attendance');
    if (meeting.officials.length > 0) out.push('record-decisions');
  }
  if (hasDecisions && meeting.officials.length > 0) out.push('download-minutes');
  if (meeting.status === 'open' && field && meeting.minutesVersion === meeting.version) out.push('upload-signed');
  return out;
}

function meetingView(
  r: MeetingRow,
  decisions: MusdesMeetingV1['decisions'],
  candidates: MusdesMeetingV1['candidates'],
  allowedActions: string[],
): MusdesMeetingV1 {
  return {
    meetingId: r.id,
    desaCode: r.desaCode,
    desaName: regionName(r.desaCode),
    kind: meetingKind(r.desaCode),
    date: r.date,
    number: r.number,
    agenda: r.agenda,
    place: r.place,
    chairName: r.chairName,
    chairRole: r.chairRole,
    officials: r.officials.map((o) => ({ name: o.name, role: o.role, witness: o.witness ?? false })),
    citizenCount: r.citizenCount,
    status: r.status,
    version: r.version,
    decisions,
    candidates,
    minutesGenerated: r.minutesVersion === r.version,
    signed:
      r.status === 'final' && r.signedFileName
        ? {
            fileName: r.signedFileName,
            contentType: r.signedContentType!,
            size: r.signedSize!,
            sha256: r.signedSha256!,
            uploadedAt: new Date(r.finalisedAt!).toISOString(),
            uploadedBy: r.finalisedBy!,
          }
        : null,
    allowedActions,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
