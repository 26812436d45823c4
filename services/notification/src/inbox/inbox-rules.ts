import type {
  Actor,
  CaseDeadlineEscalatedV1,
  CaseOpenedV1,
  CaseState,
  CaseTransitionedV1,
  FieldCheckRequestedV1,
  FieldCheckReturnedV1,
  ImportCompletedV1,
  InboxItemKind,
  Role,
} from '@slrt/contracts';
import { TIME_ZONE_ABBREVIATIONS, type IndonesianTimeZone } from '@slrt/domain';

/**
 * Who an inbox item is for: one user (by the gateway's user id), or an audience — every user
 * holding `role` whose region scope covers `region`, or, for programme owners' users (PO, no
 * region scope), every PO user of `ownerCode`.
 */
export type InboxAddressee = { userId: string } | { role: Role; region: string } | { role: 'PO'; ownerCode: string };

/** An inbox item to write, derived from one event. Never personal data. */
export interface InboxDraft {
  kind: InboxItemKind;
  title: string;
  body: string;
  to: InboxAddressee;
  caseId?: string;
  receiptNumber?: string;
  caseState?: CaseState;
  programmeCodes?: string[];
  desaCode?: string;
  dueAt?: string | null;
  jobId?: string;
}

/** How each state reads in a sentence ("Status kasus: …"). */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  'awaiting-supervisor': 'menunggu tinjauan supervisor',
  'awaiting-registry': 'menunggu proses registri (usulan DTKS/DTSEN)',
  'returned-for-info': 'dikembalikan untuk dilengkapi',
  'awaiting-manager': 'menunggu persetujuan manajer',
  approved: 'disetujui, menunggu dikirim ke pengelola program',
  referred: 'dirujuk ke pengelola program',
  'owner-accepted': 'diterima pengelola program',
  'owner-review-requested': 'pengelola program meminta keterangan',
  'rejected-by-owner': 'ditolak pengelola program',
  resolved: 'selesai',
  closed: 'ditutup',
  withdrawn: 'ditarik',
};

/** The role whose queue a case enters in each state (the FO/FS side for a returned case). */
const QUEUE_OF: Partial<Record<CaseState, Role[]>> = {
  'awaiting-supervisor': ['SPV'],
  'awaiting-manager': ['MJ'],
  approved: ['BO'],
  'returned-for-info': ['FO', 'FS'],
};

const OWNER_ANSWERS: Partial<Record<CaseTransitionedV1['action'], string>> = {
  'owner-accept': 'menerima rujukan',
  'owner-reject': 'menolak rujukan',
  'owner-request-review': 'meminta keterangan tambahan',
  'owner-resolve': 'menyelesaikan rujukan',
};

const ROLES_NOTIFIED = new Set<string>(['FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN']);

/** Turns events into inbox items; pure (the time zone of the deployment prints dates). */
export class InboxRules {
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly zone: string;

  constructor(timeZone: string) {
    this.dateFormat = new Intl.DateTimeFormat('id-ID', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone,
    });
    this.zone = TIME_ZONE_ABBREVIATIONS[timeZone as IndonesianTimeZone] ?? timeZone;
  }

  /** `24 November 2026 16.00 WIB`. */
  formatDate(iso: string): string {
    return `${this.dateFormat.format(new Date(iso)).replace(' pukul ', ' ')} ${this.zone}`;
  }

  private caseLine(receiptNumber: string, desaCode: string, programmeCodes: string[]): string {
    const programmes = programmeCodes.length ? `${programmeCodes.join(', ')}, ` : '';
    return `Kasus ${receiptNumber} (${programmes}desa ${desaCode})`;
  }

  private due(dueAt: string | null): string {
    return dueAt ? ` Tenggat: ${this.formatDate(dueAt)}.` : '';
  }

  private queued(
    c: { caseId: string; receiptNumber: string; desaCode: string; state: CaseState; dueAt: string | null },
    programmeCodes: string[],
    actorRole: string | null,
  ): InboxDraft[] {
    const roles = QUEUE_OF[c.state];
    if (!roles) return [];
    const returned = c.state === 'returned-for-info';
    const base = {
      caseId: c.caseId,
      receiptNumber: c.receiptNumber,
      caseState: c.state,
      programmeCodes,
      desaCode: c.desaCode,
      dueAt: c.dueAt,
    };
    const line = this.caseLine(c.receiptNumber, c.desaCode, programmeCodes);
    const draft = returned
      ? {
          kind: 'case-returned' as const,
          title: `Kasus ${c.receiptNumber} dikembalikan untuk dilengkapi`,
          body: `${line} dikembalikan${actorRole ? ` oleh ${actorRole}` : ''} dengan pertanyaan; lengkapi keterangannya lalu ajukan kembali.${this.due(c.dueAt)}`,
        }
      : {
          kind: 'case-queued' as const,
          title: `Kasus ${c.receiptNumber} masuk antrean Anda`,
          body: `${line} ${CASE_STATE_LABELS[c.state]}.${this.due(c.dueAt)}`,
        };
    return roles.map((role) => ({ ...draft, ...base, to: { role, region: c.desaCode } }));
  }

  /** A case opened: the supervisor's queue (a case awaiting the registry is in no one's queue). */
  caseOpened(e: CaseOpenedV1): InboxDraft[] {
    return this.queued(e, e.programmeCodes, null);
  }

  /** A case moved: the queue it entered, or the back office told of an owner's answer. */
  caseTransitioned(e: CaseTransitionedV1, programmeCodes: string[]): InboxDraft[] {
    const answer = OWNER_ANSWERS[e.action];
    if (answer) {
      const owners = e.ownerCodes.length ? e.ownerCodes.join(', ') : 'Pengelola program';
      return [
        {
          kind: 'owner-answered',
          title: `Pengelola program menjawab kasus ${e.receiptNumber}`,
          body: `${owners} ${answer} untuk ${this.caseLine(e.receiptNumber, e.desaCode, programmeCodes).replace(/^Kasus/, 'kasus')}. Status kasus: ${CASE_STATE_LABELS[e.to]}.${this.due(e.dueAt)}`,
          to: { role: 'BO', region: e.desaCode },
          caseId: e.caseId,
          receiptNumber: e.receiptNumber,
          caseState: e.to,
          programmeCodes,
          desaCode: e.desaCode,
          dueAt: e.dueAt,
        },
      ];
    }
    if (e.from === e.to) return [];
    return this.queued(
      { caseId: e.caseId, receiptNumber: e.receiptNumber, desaCode: e.desaCode, state: e.to, dueAt: e.dueAt },
      programmeCodes,
      e.actorRole,
    );
  }

  /**
   * A step's deadline is near (`at-risk`, to the step's assignee) or passed (`breached`, to the
   * manager), as referral addressed it in `notify`: a role (FO reaches the FO/FS side), or a
   * programme owner's code (its PO users, and the back office that follows referrals up).
   */
  deadlineEscalated(e: CaseDeadlineEscalatedV1, programmeCodes: string[]): InboxDraft[] {
    const breached = e.level === 'breached';
    const owner = e.ownerCode ? `pengelola program ${e.ownerCode}` : '';
    const draft = {
      kind: breached ? ('deadline-breached' as const) : ('deadline-at-risk' as const),
      title: breached ? `Tenggat kasus ${e.receiptNumber} terlewati` : `Tenggat kasus ${e.receiptNumber} hampir habis`,
      body: breached
        ? `${this.caseLine(e.receiptNumber, e.desaCode, programmeCodes)} melewati tenggat ${this.formatDate(e.dueAt)} pada langkah "${CASE_STATE_LABELS[e.state]}"${owner ? ` (${owner})` : ''}.`
        : `${this.caseLine(e.receiptNumber, e.desaCode, programmeCodes)} harus ditindaklanjuti sebelum ${this.formatDate(e.dueAt)} (langkah "${CASE_STATE_LABELS[e.state]}"${owner ? `, ${owner}` : ''}).`,
      caseId: e.caseId,
      receiptNumber: e.receiptNumber,
      caseState: e.state,
      programmeCodes,
      desaCode: e.desaCode,
      dueAt: e.dueAt,
    };
    const to: InboxAddressee[] = ROLES_NOTIFIED.has(e.notify)
      ? e.notify === 'FO'
        ? [
            { role: 'FO', region: e.desaCode },
            { role: 'FS', region: e.desaCode },
          ]
        : [{ role: e.notify as Role, region: e.desaCode }]
      : [
          { role: 'PO', ownerCode: e.notify },
          { role: 'BO', region: e.desaCode },
        ];
    return to.map((t) => ({ ...draft, to: t }));
  }

  /**
   * A snapshot import ended: to the user who started it (the event's actor); an import started by
   * the platform itself goes to the kab/kota's administrators.
   */
  importCompleted(e: ImportCompletedV1, actor: Actor | null | undefined, kabKotaCode: string): InboxDraft[] {
    const ok = e.status === 'succeeded';
    const to: InboxAddressee = actor?.kind === 'user' ? { userId: actor.id } : { role: 'ADMIN', region: kabKotaCode };
    const reason = e.error ? ` Sebab: ${e.error.length > 300 ? `${e.error.slice(0, 299)}…` : e.error}` : '';
    return [
      {
        kind: ok ? 'import-succeeded' : 'import-failed',
        title: ok
          ? `Impor data registri periode ${e.dataPeriod} selesai`
          : `Impor data registri periode ${e.dataPeriod} gagal`,
        body: ok
          ? `${e.rowsAccepted} baris diterima dan ${e.rowsRejected} baris ditolak dari ${e.rowsRead} baris; periode ${e.dataPeriod} kini menjadi data yang berlaku.`
          : `Data periode sebelumnya tetap berlaku.${reason}`,
        to,
        jobId: e.jobId,
      },
    ];
  }

  /** An FS submission entered the kecamatan supervisor's "to check" queue (again, after an answer: `round` > 1). */
  fieldCheckRequested(e: FieldCheckRequestedV1): InboxDraft[] {
    return [
      {
        kind: 'field-check-queued',
        title:
          e.round > 1
            ? `Jawaban FS untuk kiriman ${e.receiptNumber} siap diperiksa`
            : `Ada kiriman FS untuk diperiksa: ${e.receiptNumber}`,
        body:
          e.round > 1
            ? `Fasilitator menjawab pertanyaan Anda tentang kiriman ${e.receiptNumber} (desa ${e.desaCode}). Periksa lagi di "Pemeriksaan kiriman FS".`
            : `Pengaduan ${e.receiptNumber} (desa ${e.desaCode}) dicatat fasilitator dan menunggu pemeriksaan Anda sebelum tercatat di SLRT kabupaten/kota.`,
        to: { role: 'SPV', region: e.desaCode },
        receiptNumber: e.receiptNumber,
        desaCode: e.desaCode,
      },
    ];
  }

  /** The supervisor returned an FS submission with a question: to the submitting Fasilitator. */
  fieldCheckReturned(e: FieldCheckReturnedV1): InboxDraft[] {
    return [
      {
        kind: 'field-check-returned',
        title: `Kiriman ${e.receiptNumber} dikembalikan supervisor`,
        body: `Supervisor kecamatan mengajukan pertanyaan tentang kiriman ${e.receiptNumber} (desa ${e.desaCode}). Buka aplikasi lapangan, jawab, lalu sinkronkan.`,
        to: { userId: e.officerId },
        receiptNumber: e.receiptNumber,
        desaCode: e.desaCode,
      },
    ];
  }
}
