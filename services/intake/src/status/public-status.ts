import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  systemActor,
  type ComplaintStep,
  type GetComplaintDisclosuresResponseV1,
  type PublicAccessEntryV1,
  type PublicStatusV1,
  type PublicTimelineEntryV1,
} from '@slrt/contracts';
import { localDate } from '@slrt/domain';
import { DomainError, RpcCallError, RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import type { ComplaintRecord } from '../complaints/complaint.records.js';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { statusHistory, type StatusRow } from './status-history.js';
import { complaintIdForNumber } from '../field/field-numbers.js';
import { heldPublicStatus } from '../field-checks/field-check-status.js';

/** Staff roles as the citizen reads them (never a name). */
const ROLE_LABELS: Array<[role: string, label: string]> = [
  ['BO', 'Back office'],
  ['FO', 'Front office'],
  ['FS', 'Fasilitator'],
  ['SPV', 'Supervisor kecamatan'],
  ['MJ', 'Manajer SLRT'],
  ['SEKRETARIAT', 'Sekretariat SLRT'],
  ['ADMIN', 'Administrator sistem SLRT'],
];

/** What an audited action of intake was for, in plain words. */
const ACTION_PURPOSES: Record<string, string> = {
  'complaint.read': 'menangani pengaduan',
  'document.receipt': 'mencetak resi pengaduan',
  'document.civil-registration-letter': 'mencetak surat rekomendasi ke Disdukcapil',
  'attachment.read': 'membuka lampiran pengaduan',
};

const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Nomor pengaduan atau kode pelacakan tidak cocok. Periksa kembali resi Anda.', {
    reason: 'STATUS_NOT_FOUND',
  });

/**
 * The citizen's view of a complaint, for a receipt number + tracking code: the current stage, the
 * timeline with dates, and who read or received the person's data (role and office, programme
 * owners by name; never a staff name, never personal data). A wrong code and an unknown number
 * answer identically.
 *
 * The owners' part of the access log comes from referral, which holds the referrals sent and the
 * owners' audited reads (`slrt.rpc.referral.get-complaint-disclosures.v1`, asked as
 * `system:intake`, only once the complaint was referred): the audit stays where it is written, and
 * a citizen's rare look costs one request instead of an event for every owner read. When referral
 * does not answer in time the log shows intake's part and says it is incomplete.
 */
@Injectable()
export class PublicStatusService {
  private readonly actor = systemActor('intake');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly rpc: RpcClient,
    private readonly env: IntakeEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async publicStatus(receiptNumber: string, trackingCode: string): Promise<PublicStatusV1> {
    const m = this.dataSource.manager;
    // The official number, or the provisional one a Fasilitator gave offline (field app).
    const numbers = await complaintIdForNumber(m, receiptNumber);
    const record = numbers ? await this.repo.findById(m, numbers.complaintId) : null;
    const given = Buffer.from(trackingCode.toUpperCase().replace('-', ''));
    const actual = Buffer.from((record?.trackingCode ?? 'XXXXXXXX-').replace('-', ''));
    const matches = given.length === actual.length && timingSafeEqual(given, actual);
    if (!record || !matches) throw NOT_FOUND();
    // An FS submission still under the supervisor's check (or merged into another) has its own page.
    const held = await heldPublicStatus(m, record);
    if (held)
      return {
        ...held,
        ...(numbers?.provisionalNumber ? { provisionalNumber: numbers.provisionalNumber } : {}),
        accessLog: await this.accessLog(record, [], { owners: [], sends: [], reads: [] }, () => 'pemilik program'),
      };

    const rows = await statusHistory(m, record.id);
    const disclosures = rows.some((r) => r.step === 'referred')
      ? await this.disclosures(record.id)
      : { owners: [], sends: [], reads: [] };
    // Owners by their directory name (referral's); while referral does not answer, just "pemilik program".
    const ownerName = (code: string | null) =>
      (code ? disclosures?.owners.find((o) => o.code === code)?.name : undefined) ?? 'pemilik program';
    const timeline = rows.map((r) => this.timelineEntry(r, record, ownerName));
    const current = rows.at(-1);
    const [stage, stageLabel, explanation] = current
      ? currentStage(current, record, timeline.at(-1)!)
      : ['diterima', 'Diterima', 'Pengaduan Anda sudah diterima dan tercatat.'];
    const lastAt = Math.max(new Date(record.updatedAt).getTime(), ...rows.map((r) => new Date(r.occurredAt).getTime()));
    return {
      receiptNumber: record.receiptNumber,
      ...(numbers?.provisionalNumber ? { provisionalNumber: numbers.provisionalNumber } : {}),
      stage,
      stageLabel,
      explanation,
      registeredAt: new Date(record.registeredAt).toISOString(),
      updatedAt: new Date(lastAt).toISOString(),
      timeline,
      accessLog: await this.accessLog(record, rows, disclosures, ownerName),
      accessLogComplete: disclosures !== null,
    };
  }

  /** Referral's record of sends and owners' reads; null when it did not answer (the page says so). */
  private async disclosures(complaintId: string): Promise<GetComplaintDisclosuresResponseV1 | null> {
    try {
      return await this.rpc.request(
        'slrt.rpc.referral.get-complaint-disclosures.v1',
        { complaintId },
        { actor: this.actor, timeoutMs: this.env.INTAKE_REFERRAL_TIMEOUT_MS },
      );
    } catch (err) {
      this.logger.warn(
        { complaintId, code: err instanceof RpcCallError ? err.error.code : 'INTERNAL' },
        'owner disclosures not answered; access log shown without them',
      );
      return null;
    }
  }

  private timelineEntry(
    r: StatusRow,
    c: ComplaintRecord,
    ownerName: (code: string | null) => string,
  ): PublicTimelineEntryV1 {
    const [label, explanation] = stepText(r, c, ownerName);
    return { step: r.step, label, explanation, at: new Date(r.occurredAt).toISOString() };
  }

  /** The office as the citizen knows it, e.g. `Dinas Sosial Kota Palangka Raya`. */
  private office(): string {
    return `${this.env.SLRT_AGENCY_NAME} ${this.env.SLRT_GOVERNMENT_NAME.replace(/^Pemerintah\s+/i, '')}`;
  }

  private async accessLog(
    c: ComplaintRecord,
    rows: StatusRow[],
    d: GetComplaintDisclosuresResponseV1 | null,
    ownerName: (code: string | null) => string,
  ): Promise<PublicAccessEntryV1[]> {
    const audited: Array<{ actorId: string; roles: string[]; action: string; at: Date }> =
      await this.dataSource.manager.query(
        `SELECT actor_id AS "actorId", actor_roles AS roles, action, at FROM access_audit WHERE complaint_id = $1 ORDER BY at DESC, id DESC LIMIT 2000`,
        [c.id],
      );
    const entries: Array<Omit<PublicAccessEntryV1, 'count'>> = [];
    for (const a of audited) {
      const who = this.reader(a.actorId, a.roles);
      if (who)
        entries.push({
          who: who[0],
          what: 'membaca',
          purpose: who[1] ?? ACTION_PURPOSES[a.action] ?? 'menangani pengaduan',
          at: new Date(a.at).toISOString(),
        });
    }
    // Sends: referral's record when it answered, else the timeline's "referred" steps.
    const sends = d
      ? d.sends
      : rows
          .filter((r) => r.step === 'referred' && r.ownerCode)
          .map((r) => ({ ownerCode: r.ownerCode!, at: new Date(r.occurredAt).toISOString() }));
    const ownerWho = (code: string) =>
      ownerName(code) === 'pemilik program' ? 'Pemilik program' : `${ownerName(code)} (pemilik program)`;
    for (const s of sends)
      entries.push({ who: ownerWho(s.ownerCode), what: 'menerima', purpose: 'rujukan untuk ditangani', at: s.at });
    const grouped = new Map<string, PublicAccessEntryV1>();
    for (const e of entries) {
      const key = `${e.who}|${e.what}|${e.purpose}|${this.day(e.at)}`;
      const g = grouped.get(key);
      if (!g) grouped.set(key, { ...e, count: 1 });
      else {
        g.count++;
        if (e.at > g.at) g.at = e.at;
      }
    }
    const log = [...grouped.values()];
    for (const r of d?.reads ?? []) {
      log.push({
        who: ownerWho(r.ownerCode),
        what: 'membaca',
        purpose:
          r.actorKind === 'user'
            ? 'menangani rujukan (petugas pemilik program)'
            : 'menangani rujukan (aplikasi pemilik program)',
        at: r.at,
        count: r.count,
      });
    }
    return log.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, 200);
  }

  /** Role and office of an audited reader, and what a service read for; null for readers the citizen need not see. */
  private reader(actorId: string, roles: string[]): [who: string, purpose?: string] | null {
    const office = this.office();
    if (actorId === 'system:registry')
      return [`Pengelola Data Terpadu (DTKS) ${office}`, 'menyiapkan usulan masuk Data Terpadu'];
    if (actorId === 'system:referral') return [`Back office ${office}`, 'menyiapkan rujukan ke pemilik program'];
    if (actorId.startsWith('system:')) return [`Sistem SLRT ${office}`];
    const role = ROLE_LABELS.find(([r]) => roles.includes(r));
    return [`${role?.[1] ?? 'Petugas'} ${office}`];
  }

  /** The calendar day of an instant in the deployment's time zone. */
  private day(iso: string): string {
    return localDate(new Date(iso), this.env.SLRT_TIME_ZONE);
  }
}

/** A step as the citizen reads it: label and explanation in plain Bahasa Indonesia. */
export function stepText(
  r: Pick<StatusRow, 'step' | 'ownerCode' | 'reasonText' | 'detail'> & Partial<Pick<StatusRow, 'reasonCode'>>,
  c: Pick<ComplaintRecord, 'registryCheck' | 'nextStep'>,
  ownerName: (code: string | null) => string,
): [label: string, explanation: string] {
  switch (r.step as ComplaintStep) {
    case 'received':
      return ['Diterima', 'Pengaduan Anda sudah diterima dan tercatat.'];
    case 'registry-checked':
      if (c.registryCheck === 'no-identity' || c.nextStep === 'civil-registration')
        return [
          'Diperiksa di DTKS',
          'Belum ada NIK/KK yang dapat dicocokkan. Silakan urus NIK/KK di Disdukcapil dengan membawa surat rekomendasi dari petugas.',
        ];
      if (c.nextStep === 'prelist')
        return [
          'Diperiksa di DTKS',
          'Data Anda belum ada dalam Data Terpadu (DTKS/DTSEN); rumah tangga Anda dapat diusulkan masuk.',
        ];
      return ['Diperiksa di DTKS', 'Data Anda sudah dicocokkan dengan Data Terpadu (DTKS/DTSEN).'];
    case 'in-review':
      if (r.reasonCode === 'REOPENED' || r.reasonCode === 'OUTCOME_DISPUTED')
        return ['Dibuka kembali', r.reasonText ?? 'Pengaduan Anda dibuka kembali dan ditinjau lagi oleh petugas SLRT.'];
      return ['Ditinjau', 'Pengaduan Anda sedang ditinjau oleh petugas SLRT.'];
    case 'referred':
      return [
        `Dirujuk ke ${ownerName(r.ownerCode)}`,
        'Pengaduan Anda sudah dikirim ke pemilik program untuk ditangani.',
      ];
    case 'answered':
      return [
        `Ditanggapi oleh ${ownerName(r.ownerCode)}`,
        'Pemilik program sudah menerima rujukan dan sedang menanganinya.',
      ];
    case 'awaiting-verivali':
      return [
        'Menunggu verivali',
        'Rumah tangga Anda diusulkan masuk Data Terpadu; menunggu musyawarah desa/kelurahan serta verifikasi dan validasi data.',
      ];
    case 'resolved':
      if (r.reasonCode === 'OUTCOME_VERIFIED')
        return ['Hasil diverifikasi', r.detail ?? 'Anda menyatakan manfaatnya sudah diterima.'];
      return ['Selesai', r.detail ?? 'Pengaduan Anda sudah selesai ditangani.'];
    case 'rejected':
      return [
        'Ditolak',
        r.reasonText ?? 'Permintaan Anda tidak dapat dipenuhi. Silakan hubungi petugas SLRT untuk penjelasan.',
      ];
    case 'withdrawn':
      return ['Dicabut', 'Pengaduan ini dicabut atas permintaan pelapor.'];
    case 'closed':
      return ['Ditutup', r.reasonText ?? 'Pengaduan ini ditutup oleh petugas SLRT.'];
  }
}

/** The stable stage code of the current step (older codes kept for the steps before review). */
export function currentStage(
  r: Pick<StatusRow, 'step'>,
  c: Pick<ComplaintRecord, 'registryCheck' | 'nextStep'>,
  entry: Pick<PublicTimelineEntryV1, 'label' | 'explanation'>,
): [string, string, string] {
  switch (r.step as ComplaintStep) {
    case 'received':
      return c.registryCheck === 'pending'
        ? [
            'pengecekan-data',
            'Sedang dicek dalam data terpadu',
            'Pengaduan Anda sudah tercatat dan sedang dicocokkan dengan Data Terpadu (DTKS/DTSEN).',
          ]
        : ['diterima', entry.label, entry.explanation];
    case 'registry-checked':
      if (c.nextStep === 'civil-registration')
        return [
          'menunggu-adminduk',
          'Menunggu pengurusan NIK/KK',
          'Silakan urus NIK/KK di Disdukcapil dengan membawa surat rekomendasi dari petugas; pengaduan dilanjutkan setelah itu.',
        ];
      if (c.nextStep === 'prelist')
        return [
          'diusulkan-prelist',
          'Diusulkan masuk data terpadu',
          'Rumah tangga Anda diusulkan masuk Data Terpadu dan akan dibahas dalam musyawarah desa/kelurahan serta diverifikasi.',
        ];
      return [
        'ditinjau',
        'Sedang ditinjau petugas',
        'Pengaduan Anda sedang ditinjau oleh petugas SLRT untuk dirujuk ke pengelola program.',
      ];
    case 'in-review':
      return ['ditinjau', 'Sedang ditinjau petugas', entry.explanation];
    case 'awaiting-verivali':
      return ['menunggu-verivali', entry.label, entry.explanation];
    case 'referred':
      return ['dirujuk', entry.label, entry.explanation];
    case 'answered':
      return ['ditanggapi', entry.label, entry.explanation];
    case 'resolved':
      return [
        'selesai',
        entry.label === 'Hasil diverifikasi' ? 'Selesai, hasil diverifikasi' : 'Selesai',
        entry.explanation,
      ];
    case 'rejected':
      return ['ditolak', 'Ditolak', entry.explanation];
    case 'withdrawn':
      return ['ditarik', 'Pengaduan dicabut', entry.explanation];
    case 'closed':
      return ['ditutup', 'Ditutup', entry.explanation];
  }
}
