import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  ActOnCaseRequestV1,
  Actor,
  CaseAction,
  CaseState,
  CaseViewV1,
  ComplaintDetailV1,
  ComplaintCorrectedV1,
  ComplaintRegistryCheckedV1,
  DeadlineState,
  FieldError,
  OwnerAnswerFeedbackV1,
  OwnerAnswerRefusal,
  RefusedOwnerAnswerV1,
  ListCasesRequestV1,
  ListOwnerReadAuditRequestV1,
  ListOwnerReadAuditResponseV1,
  PersonViewV1,
  ReferralPersonV1,
  RespondToReferralRequestV1,
} from '@slrt/contracts';
import { RPCS, systemActor, UNKNOWN_FIELD_MESSAGE, type Role } from '@slrt/contracts';
import { requireRole } from '@slrt/auth';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError, OutboxPublisher, RpcCallError, RpcClient, type InvalidMessage } from '@slrt/messaging';
import { LOGGER, RequestContext, type Logger } from '@slrt/observability';
import { addWorkingDays } from '../calendar/working-days.js';
import { ReferralEnv } from '../config/referral.env.js';
import { FULL_CHAIN, actorsIn, allowedActions, isEnded, reviewEntryState, statesAwaiting, targetOf, transitionFor, type CaseActor } from './case-state-machine.js';
import { CasesRepository, type CaseRecord, type OwnerRecord, type ReferralRecord } from './cases.repository.js';
import { ownerReferralView } from './owner-view.js';
import { checkDesaOwnerEntry, checkReferralTargets } from '../puskesos/referral-targets.js';
import { scheduleOutcomeVerification } from '../outcome/schedule.js';
import { lockComplaintOutcomes, markRegistryOutcomeApplied, pendingRegistryOutcomes, registryStep, type RegistryStepAction } from './registry-outcomes.js';

/** An owner's answer, from NATS or HTTP. */
export type OwnerAnswer = 'accepted' | 'rejected' | 'review-requested' | 'resolved';

const ANSWER_ACTION: Record<OwnerAnswer, CaseAction> = {
  accepted: 'owner-accept',
  rejected: 'owner-reject',
  'review-requested': 'owner-request-review',
  resolved: 'owner-resolve',
};

/** Where a NATS answer came from: what its feedback quotes. */
export interface AnswerOrigin {
  /** The envelope id of the answer (also the inbox key). */
  answerId: string;
  /** The concrete subject it arrived on. */
  answerSubject: string;
  /** When JetStream stored it. */
  receivedAt: Date;
  /** Key of its refusal record when one message answers several referrals (a group answer: `<answer id>:<referral id>`); default the answer id. */
  messageId?: string;
}

export type Refusal = { code: OwnerAnswerRefusal; reason: { id: string; en: string }; fieldErrors?: Array<{ path: string; message: string }>; caseState?: CaseState | null };

/** The reason an owner is told for each refusal, in Bahasa Indonesia and English. */
export function refusal(code: OwnerAnswerRefusal, answer?: string, state?: CaseState): Refusal {
  const reasons: Record<OwnerAnswerRefusal, [string, string]> = {
    MALFORMED_MESSAGE: [
      'Pesan tidak dapat dibaca sebagai amplop SLRT (JSON dengan id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). Perbaiki kolom yang disebutkan, lalu kirim ulang dengan id baru.',
      'The message is not a readable SLRT envelope (JSON with id, subject, occurredAt, producer, kabKotaCode, correlationId, causationId, actor, data). Fix the listed fields and publish again with a new id.',
    ],
    INVALID_PAYLOAD: ['Isi jawaban (data) tidak sesuai skema: periksa kolom yang disebutkan, lalu kirim ulang dengan id baru.', "The answer's data does not match its schema: fix the listed fields and publish again with a new id."],
    OWNER_MISMATCH: [
      'Amplop jawaban menyebut pengelola program lain (producer atau actor.ownerCode) daripada subjek tempat jawaban dikirim.',
      'The envelope names another programme owner (producer or actor.ownerCode) than the subject the answer was published on.',
    ],
    UNKNOWN_REFERRAL: ['Tidak ada rujukan dengan referralId ini di SLRT kabupaten/kota ini.', 'No referral with this referralId exists in this kab/kota SLRT.'],
    NOT_YOUR_REFERRAL: ['Rujukan ini tidak dikirim kepada pengelola program Anda.', 'This referral was not sent to your programme.'],
    REFERRAL_WITHDRAWN: ['Rujukan ini sudah ditarik oleh SLRT; jawaban tidak diperlukan lagi.', 'The SLRT withdrew this referral; no answer is expected any more.'],
    TRANSITION_NOT_ALLOWED: [
      `Jawaban "${answer ?? ''}" tidak berlaku untuk kasus berstatus "${state ?? ''}".`,
      `The answer "${answer ?? ''}" does not apply to a case in state "${state ?? ''}".`,
    ],
    UNKNOWN_TARGET_OWNER: ['Pengelola program tujuan (targetOwnerCode) tidak ada dalam direktori SLRT atau tidak aktif.', 'The target owner (targetOwnerCode) is not in the SLRT directory or not active.'],
    TARGET_NOT_HIGHER_LEVEL: [
      'Rujukan hanya dapat diteruskan ke pengelola program di tingkat yang lebih tinggi (desa → kabupaten/kota → provinsi → pusat).',
      'A referral can only be passed to an owner at a higher level (desa → kab/kota → province → centre).',
    ],
    TARGET_ALREADY_REFERRED: ['Pengelola program tujuan sudah menerima rujukan yang masih terbuka untuk kasus ini.', 'The target owner already has an open referral for this case.'],
    TARGET_PARTNERSHIP_INVALID: ['Pengelola program tujuan adalah mitra non-pemerintah tanpa perjanjian kerja sama yang berlaku untuk program ini.', 'The target is a non-government partner without an agreement in force for this programme.'],
  };
  const [id, en] = reasons[code];
  return { code, reason: { id, en } };
}

/** A UUID (version 8 layout) derived from `text`: the same answer over HTTP is recorded once. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Value at a dotted path (`data.referralId`) of an untrusted parsed body; undefined when absent. */
function at(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const k of path.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object' || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v;
}

/** Field errors of the validator as an owner reads them: in Indonesian, a missing field named as missing. */
export function ownerFieldErrors(errors: FieldError[], body: unknown): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  for (const e of errors.slice(0, 50)) {
    const path = e.field;
    const detail = e.messages.join('; ');
    let message: string;
    if (body === null) message = 'Isi pesan bukan JSON yang dapat dibaca.';
    else if (path === '') message = `Pesan harus berupa objek JSON (${detail}).`;
    else if (e.messages.includes(UNKNOWN_FIELD_MESSAGE)) message = `Kolom "${path}" tidak dikenal dan tidak boleh dikirim.`;
    else if (at(body, path) === undefined) message = `Kolom "${path}" wajib ada, tetapi tidak ada dalam pesan.`;
    else message = `Nilai kolom "${path}" tidak valid (${detail}).`;
    out.push({ path, message: message.slice(0, 1000) });
  }
  if (body === null && out.length === 0) out.push({ path: '', message: 'Isi pesan bukan JSON yang dapat dibaca.' });
  return out;
}
/** States in which no referral has been sent yet: a correction of the complaint may still change where it goes. */
const NOT_YET_SENT: readonly CaseState[] = ['awaiting-registry', 'awaiting-supervisor', 'returned-for-info', 'awaiting-manager', 'approved'];

const NOT_FOUND = () => new DomainError('NOT_FOUND', 'Kasus tidak ditemukan di wilayah kerja Anda.', { reason: 'CASE_NOT_FOUND' });

/**
 * Cases and their state machine: opened from registry-checked complaints, moved by the review
 * chain (supervisor → manager → back office), referred to programme owners over the owner
 * channel, answered by owners, with working-day deadlines. Every transition is checked against
 * the table in case-state-machine.ts, recorded in the history and published, in one transaction.
 */
@Injectable()
export class CasesService {
  /** Referral acting as itself: the only actor its requests to other services may carry. */
  private readonly self = systemActor('referral');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly rpc: RpcClient,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  // ── opening and ending from intake's events ───────────────────────────────────────────────

  /**
   * Opens a case for a complaint; idempotent per complaint. Next step `review` (the person is in
   * DTKS/DTSEN) → `awaiting-supervisor`; `prelist` (not in DTKS/DTSEN, the registry drafts a prelist
   * proposal) → `awaiting-registry`, which the registry's outcome moves; `civil-registration` → no case.
   */
  async openFromComplaint(m: EntityManager, c: ComplaintRegistryCheckedV1, actor: Actor | null): Promise<CaseRecord | null> {
    // The review follows the chain configured for the complaint's intake point; an FS submission the
    // SPV already checked in intake starts past the supervisor.
    const reviewChain = c.reviewChain?.length ? c.reviewChain : [...FULL_CHAIN];
    const spvDone = Boolean(c.supervisorChecked) && reviewChain.includes('SPV');
    const state: CaseState | null = c.nextStep === 'review' ? (spvDone ? 'awaiting-manager' : reviewEntryState(reviewChain)) : c.nextStep === 'prelist' ? 'awaiting-registry' : null;
    if (!state) return null;
    const holidays = await this.repo.holidays(m);
    const priorityGroups = c.priorityGroups ?? [];
    const { dueAt, atRiskAt } = this.deadline(state, [], holidays, priorityGroups);
    const suggestedOwners = await this.repo.route(m, c.category, c.programmeCodes, { ...(c.attributes ?? {}) }, priorityGroups);
    const record = await this.repo.insertCase(m, {
      id: uuidv7(),
      complaintId: c.complaintId,
      receiptNumber: c.receiptNumber,
      desaCode: c.desaCode,
      category: c.category,
      programmeCodes: c.programmeCodes,
      suggestedOwners,
      state,
      dueAt,
      atRiskAt,
      priorityGroups,
      reviewChain,
      intakePoint: c.intakePoint ?? null,
    });
    if (!record) return null; // a case for this complaint exists already
    if (spvDone && state === 'awaiting-manager') {
      // The approving SPV: named by intake (an approval whose registry check completed later is published by intake itself).
      const spv = c.supervisorCheckedBy ? { id: c.supervisorCheckedBy, role: 'SPV' } : actor?.roles.includes('SPV') ? { id: actor.id, role: 'SPV' } : { id: actor?.id ?? 'system:intake', role: 'SYSTEM' };
      await this.repo.addHistory(m, { caseId: record.id, action: 'forward', from: 'awaiting-supervisor', to: 'awaiting-manager', actorId: spv.id, actorRole: spv.role, note: 'Diperiksa dan disetujui supervisor kecamatan pada pemeriksaan kiriman fasilitator.', ownerCodes: [] });
    }
    await this.outbox.publish(
      m,
      'slrt.evt.referral.case.opened.v1',
      { caseId: record.id, complaintId: record.complaintId, receiptNumber: record.receiptNumber, desaCode: record.desaCode, category: record.category, programmeCodes: record.programmeCodes, state: record.state, dueAt: dueAt?.toISOString() ?? null, openedAt: new Date(record.openedAt).toISOString() },
      { actor },
    );
    // Registry outcomes that arrived before the case (registry-outcomes.ts) join its history now.
    await lockComplaintOutcomes(m, record.complaintId);
    for (const o of await pendingRegistryOutcomes(m, record.complaintId)) {
      const step = registryStep(o);
      await this.applyRegistryStep(m, record.complaintId, step.action, step.note);
      await markRegistryOutcomeApplied(m, o.eventId, record.id);
    }
    return record;
  }

  /**
   * A registry outcome for the complaint's case: `registry-update` is recorded in the history in
   * place (the step and its deadline stay); `registry-accept` / `registry-reject` move an open case
   * like any transition (history and event, in this transaction). A final outcome reaching a case
   * that has ended already is recorded in place. Returns the case id, or null when the complaint
   * has no case.
   */
  async applyRegistryStep(m: EntityManager, complaintId: string, action: RegistryStepAction, note: string): Promise<string | null> {
    const c = await this.repo.findCaseByComplaint(m, complaintId, true);
    if (!c) return null;
    const by = { id: 'system:registry', role: 'SYSTEM' };
    if (action !== 'registry-update' && transitionFor(action, c.state)) await this.transition(m, c, action, by, note, []);
    else await this.repo.addHistory(m, { caseId: c.id, action: 'registry-update', from: c.state, to: c.state, actorId: by.id, actorRole: by.role, note, ownerCodes: [] });
    return c.id;
  }

  /**
   * The household said the benefit did not arrive (outcome verification): a case still `resolved`
   * is reopened by the platform (`reopen`, → `awaiting-supervisor`) with `note` (the owner's answer
   * and the household's) and reason code `OUTCOME_DISPUTED`, in `m`'s transaction. A case that has
   * moved since (reopened by staff, closed) is left as it is. Returns whether it was reopened.
   */
  async reopenForDisputedOutcome(m: EntityManager, caseId: string, note: string): Promise<boolean> {
    const c = await this.repo.findCase(m, caseId, true);
    if (!c || c.state !== 'resolved') return false;
    await this.transition(m, c, 'reopen', { id: 'system:outcome-verification', role: 'SYSTEM' }, note, [], 'OUTCOME_DISPUTED');
    return true;
  }

  /**
   * The complaint was corrected: a case not yet sent to owners takes the programmes, category and
   * routing attributes after the correction and a fresh routing suggestion. A case already
   * referred keeps what was sent (the BO decides; the owners have it). Replays change nothing.
   */
  async rerouteCorrected(m: EntityManager, c: ComplaintCorrectedV1): Promise<void> {
    // Priority groups follow the complaint whatever the case's state: the next deadline uses them.
    const priorityGroups = c.priorityGroups ?? [];
    const priorityChanged = c.changedFields.some((f) => f === 'subject' || f.startsWith('subject.vulnerableGroups') || f.startsWith('household'));
    if (priorityChanged) await m.query(`UPDATE referral_case SET priority_groups = $2, updated_at = now() WHERE complaint_id = $1`, [c.complaintId, priorityGroups]);
    if (!c.changedFields.some((f) => f === 'complaint' || f.startsWith('complaint.programmeCodes') || f.startsWith('complaint.category') || f.startsWith('complaint.attributes')) && !priorityChanged) return;
    const record = await this.repo.findCaseByComplaint(m, c.complaintId, true);
    if (!record || !NOT_YET_SENT.includes(record.state)) return;
    const category = c.category ?? record.category;
    const suggestedOwners = await this.repo.route(m, category, c.programmeCodes, { ...(c.attributes ?? {}) }, priorityGroups);
    await m.query(`UPDATE referral_case SET programme_codes = $2, category = $3, suggested_owners = $4, updated_at = now() WHERE id = $1`, [record.id, c.programmeCodes, category, suggestedOwners]);
    this.logger.info({ caseId: record.id, suggestedOwners }, 'case routed again after a correction of its complaint');
  }

  /** The citizen withdrew the complaint: its open case is withdrawn too, and sent referrals with it. */
  async withdrawForComplaint(m: EntityManager, complaintId: string, reason: string, actor: Actor | null): Promise<void> {
    const c = await this.repo.findCaseByComplaint(m, complaintId, true);
    if (!c || !transitionFor('withdraw', c.state)) return;
    await this.transition(m, c, 'withdraw', { id: actor?.id ?? 'system:referral', role: 'SYSTEM' }, reason, []);
  }

  // ── operators' actions ────────────────────────────────────────────────────────────────────

  async act(req: ActOnCaseRequestV1, actor: Actor): Promise<CaseViewV1> {
    if (actor.kind !== 'user') throw new DomainError('FORBIDDEN', 'Hanya petugas yang dapat menindaklanjuti kasus.', { reason: 'ROLE_NOT_ALLOWED' });
    const action = req.action;
    if (action.startsWith('owner-')) throw new DomainError('FORBIDDEN', 'Jawaban pengelola program dikirim melalui kanal pengelola program.', { reason: 'OWNER_ACTION' });
    // What the owners need to know about the person is fetched before the transaction (no lock held over
    // the network), and only once the actor is known to be allowed to send (refused: 403, nothing read).
    let complaint: ComplaintDetailV1 | null = null;
    if (action === 'send' || action === 'refer-desa') {
      const preview = await this.repo.findCase(this.dataSource.manager, req.caseId);
      if (!preview || !isWithinAnyRegion(preview.desaCode, actor.regionScope)) throw NOT_FOUND();
      // The person's data is read only for an actor who may send: a refused send reads nothing.
      this.permittedRole(preview, action, actor);
      if (preview.state === 'approved' || action === 'refer-desa') complaint = await this.complaintOf(preview.complaintId, actor);
    }
    const updated = await this.dataSource.transaction(async (m) => {
      const c = await this.repo.findCase(m, req.caseId, true);
      if (!c || !isWithinAnyRegion(c.desaCode, actor.regionScope)) throw NOT_FOUND();
      const role = this.permittedRole(c, action, actor);
      if (c.version !== req.expectedVersion) {
        throw new DomainError('CONFLICT', `Kasus sudah ditindaklanjuti orang lain (versi ${c.version}). Muat ulang lalu coba lagi.`, { reason: 'VERSION_CONFLICT', allowed: allowedActions(c.state, actor.roles, c.reviewChain) });
      }
      const t = transitionFor(action, c.state, c.reviewChain)!;
      if (t.requires.includes('note') && !req.note?.trim()) {
        throw new DomainError('VALIDATION_FAILED', 'Tindakan ini memerlukan catatan (alasan, pertanyaan, jawaban atau hasil).', { fieldErrors: [{ field: 'note', messages: ['Wajib diisi untuk tindakan ini.'] }] });
      }
      let owners: string[] = [];
      if (action === 'send' || action === 'refer-desa') owners = await this.sendReferrals(m, c, req, complaint);
      return this.transition(m, c, action, { id: actor.id, role }, req.note?.trim() ?? null, owners);
    });
    return this.view(this.dataSource.manager, updated, actor, true);
  }

  /** Checks that `action` exists from the case's state and that the actor holds a role for it. */
  private permittedRole(c: CaseRecord, action: CaseAction, actor: Actor): string {
    const t = transitionFor(action, c.state, c.reviewChain);
    const allowed = allowedActions(c.state, actor.roles, c.reviewChain);
    if (!t) {
      throw new DomainError('CONFLICT', `Tindakan "${action}" tidak berlaku untuk kasus berstatus "${c.state}".`, { reason: 'ILLEGAL_TRANSITION', allowed });
    }
    const role = actor.roles.find((r) => actorsIn(t, c.reviewChain).includes(r as CaseActor));
    if (!role) throw new DomainError('FORBIDDEN', `Peran Anda tidak dapat melakukan "${action}" pada kasus ini.`, { reason: 'ROLE_NOT_ALLOWED', allowed });
    return role;
  }

  /**
   * The persons of the complaint in full, for the referral a BO sends. Referral asks intake as
   * itself (`system:referral`, which intake lets read complaints); the BO is named for intake's
   * audit as `onBehalfOf`, never passed on as the actor.
   */
  private async complaintOf(complaintId: string, actor: Actor): Promise<ComplaintDetailV1> {
    try {
      return await this.rpc.request('slrt.rpc.intake.get-complaint.v1', { complaintId, reveal: true, onBehalfOf: actor.id }, { actor: this.self, timeoutMs: this.env.REFERRAL_INTAKE_TIMEOUT_MS });
    } catch (err) {
      if (err instanceof RpcCallError && (err.error.code === 'UNAVAILABLE' || err.error.code === 'TIMEOUT')) {
        throw new DomainError('UNAVAILABLE', 'Data pengaduan tidak dapat diambil dari layanan intake saat ini. Coba kirim lagi sebentar.', { reason: 'INTAKE_UNAVAILABLE' });
      }
      // intake's refusal (forbidden, not found) is the caller's answer too, not an internal error.
      if (err instanceof RpcCallError && err.error.code !== 'INTERNAL') throw new DomainError(err.error.code, err.error.detail, err.error.reason ? { reason: err.error.reason } : {});
      throw err;
    }
  }

  /** Creates one referral per owner and publishes each on the owner's own subject. */
  private async sendReferrals(m: EntityManager, c: CaseRecord, req: ActOnCaseRequestV1, complaint: ComplaintDetailV1 | null): Promise<string[]> {
    const persons: PersonViewV1[] = complaint?.persons ?? [];
    const ownerCodes = req.ownerCodes?.length ? req.ownerCodes : c.suggestedOwners;
    if (!ownerCodes.length) {
      throw new DomainError('VALIDATION_FAILED', 'Tidak ada pengelola program yang disarankan: pilih pengelola program tujuan.', { fieldErrors: [{ field: 'ownerCodes', messages: ['Pilih paling sedikit satu pengelola program.'] }] });
    }
    // A Puskesos's referral to a desa service is its own choice: routing rules suggest kab/kota and national owners.
    const differs = req.action !== 'refer-desa' && ownerCodes.some((o) => !c.suggestedOwners.includes(o));
    if (differs && !req.overrideReason?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'Tujuan berbeda dengan saran aturan rujukan: tuliskan alasannya.', { fieldErrors: [{ field: 'overrideReason', messages: ['Wajib diisi bila tujuan berbeda dengan saran.'] }] });
    }
    const owners = await this.repo.owners(m, ownerCodes);
    const unknown = ownerCodes.filter((o) => !owners.some((x) => x.code === o));
    if (unknown.length) {
      throw new DomainError('VALIDATION_FAILED', 'Pengelola program tidak dikenal atau tidak aktif.', { fieldErrors: [{ field: 'ownerCodes', messages: unknown.map((u) => `"${u}" tidak ada dalam direktori.`) }] });
    }
    // Desa services serve their own desa; partners only within their agreements (puskesos/referral-targets.ts).
    await checkReferralTargets(m, c, req.action, owners, this.env.SLRT_TIME_ZONE);
    const subject = persons.find((p) => p.role === 'subject');
    const holidays = await this.repo.holidays(m);
    const now = new Date();
    for (const owner of owners) {
      const days = this.workingDays(owner.responseDays, c.priorityGroups);
      const dueAt = addWorkingDays(now, days, holidays, this.env.SLRT_TIME_ZONE);
      const atRiskAt = addWorkingDays(now, Math.max(days - 2, 0), holidays, this.env.SLRT_TIME_ZONE);
      const referralId = uuidv7();
      const summary = `Pengaduan ${c.receiptNumber} (${c.category}, ${c.programmeCodes.join(', ')})`;
      const payload = {
        referralId,
        receiptNumber: c.receiptNumber,
        kabKotaCode: this.env.KAB_KOTA_CODE,
        ownerCode: owner.code,
        category: c.category,
        programmeCodes: c.programmeCodes,
        summary,
        // What is wrong, only for owners whose directory entry receives it (free text: may hold personal data).
        ...(owner.personalFields.includes('description') && complaint?.description?.trim() ? { description: complaint.description.trim().slice(0, 4000) } : {}),
        // The documents received that this owner requires.
        documentsReceived: (complaint?.documentsReceived ?? []).filter((d) => owner.requiredDocuments.includes(d)),
        recommendation: req.note?.trim() || 'Mohon pemeriksaan dan tindak lanjut sesuai kewenangan pengelola program.',
        subject: subject ? personFor(owner, subject) : {},
        dueAt: dueAt.toISOString(),
        sentAt: now.toISOString(),
      };
      await this.repo.insertReferral(m, { id: referralId, caseId: c.id, ownerCode: owner.code, status: 'sent', summary, payload, dueAt, atRiskAt });
      // No actor: the staff member's ids, roles and region scope are none of the owner's business.
      await this.outbox.publishToOwner(m, 'slrt.owner.*.referral.sent.v1', owner.code, payload, { actor: null });
    }
    if (differs) this.logger.info({ caseId: c.id, ownerCodes }, 'referral sent to owners other than suggested (override recorded)');
    return ownerCodes;
  }

  /** Moves a case (the one place that does): new deadline, history row, event. */
  /** Public for the Puskesos flows (src/puskesos): the one place a case moves. */
  async transition(m: EntityManager, c: CaseRecord, action: CaseAction, by: { id: string; role: string }, note: string | null, ownerCodes: string[], reasonCode: string | null = null, forwardedFrom?: string): Promise<CaseRecord> {
    const t = transitionFor(action, c.state, c.reviewChain)!;
    // The table's "back to the supervisor" is the chain's first review step (the manager where SPV is skipped).
    const to = targetOf(t, c.reviewChain);
    const holidays = await this.repo.holidays(m);
    const referrals = await this.repo.referralsOfCase(m, c.id);
    const owners = to === 'referred' || to === 'owner-accepted' ? await this.repo.owners(m, referrals.filter((r) => r.status !== 'withdrawn' && r.status !== 'forwarded').map((r) => r.ownerCode).concat(ownerCodes)) : [];
    const { dueAt, atRiskAt } = this.deadline(to, owners, holidays, c.priorityGroups);
    const moved = await this.repo.moveCase(m, c.id, to, dueAt, atRiskAt);
    const historyNote = action === 'send' && note === null ? null : note;
    await this.repo.addHistory(m, { caseId: c.id, action, from: c.state, to, actorId: by.id, actorRole: by.role, note: historyNote, ownerCodes });
    if (action === 'answer-owner') {
      // The owner asked questions: the answer goes back to it on its own subject, with a fresh deadline.
      for (const r of referrals.filter((x) => x.status === 'review-requested')) {
        const owner = (await this.repo.owners(m, [r.ownerCode]))[0];
        const days = this.workingDays(owner?.responseDays ?? 14, c.priorityGroups);
        const due = addWorkingDays(new Date(), days, holidays, this.env.SLRT_TIME_ZONE);
        await this.repo.updateReferral(m, r.id, 'sent', null, due, addWorkingDays(new Date(), Math.max(days - 2, 0), holidays, this.env.SLRT_TIME_ZONE));
        await this.outbox.publishToOwner(m, 'slrt.owner.*.referral.updated.v1', r.ownerCode, { referralId: r.id, kabKotaCode: this.env.KAB_KOTA_CODE, note: note ?? '', dueAt: due.toISOString(), updatedAt: new Date().toISOString() });
      }
    }
    // The case ended: its referrals close, and the owners' access to the person's data ends after the grace period.
    if (isEnded(to)) await this.repo.closeReferralsOfCase(m, c.id);
    if (to === 'withdrawn') {
      // A referral passed up a level (`forwarded`) is the higher owner's now: only that one is withdrawn.
      for (const r of referrals.filter((x) => x.status !== 'withdrawn' && x.status !== 'resolved' && x.status !== 'forwarded')) {
        await this.repo.updateReferral(m, r.id, 'withdrawn', null);
        await this.outbox.publishToOwner(m, 'slrt.owner.*.referral.withdrawn.v1', r.ownerCode, { referralId: r.id, kabKotaCode: this.env.KAB_KOTA_CODE, reason: note ?? 'Pengaduan ditarik', withdrawnAt: new Date().toISOString() });
      }
    }
    await this.outbox.publish(m, 'slrt.evt.referral.case.transitioned.v1', {
      caseId: c.id,
      complaintId: c.complaintId,
      receiptNumber: c.receiptNumber,
      desaCode: c.desaCode,
      action,
      from: c.state,
      to,
      actorRole: by.role,
      ownerCodes,
      dueAt: dueAt?.toISOString() ?? null,
      at: new Date().toISOString(),
      // The citizen is told why an owner declined (intake's public timeline, notification).
      ...(reasonCode ? { reasonCode } : {}),
      ...(forwardedFrom ? { forwardedFrom } : {}),
    });
    return moved;
  }

  /**
   * Working-day deadline of a step; ended states have none, nor has `awaiting-registry`: the
   * prelist proposal follows the registry's timetable (musdes, verivali, SIKS-NG and the ministry's
   * ratification take months), which no one at the Puskesos can speed up — a deadline there would
   * only escalate to people who cannot act. Its steps reach the history as `registry-update`.
   */
  private deadline(state: CaseState, owners: OwnerRecord[], holidays: Set<string>, priorityGroups: readonly string[] = []): { dueAt: Date | null; atRiskAt: Date | null } {
    if (isEnded(state) || state === 'awaiting-registry') return { dueAt: null, atRiskAt: null };
    const e = this.env;
    const days: Record<string, number> = {
      'awaiting-supervisor': e.REFERRAL_SUPERVISOR_DAYS,
      'returned-for-info': e.REFERRAL_RETURNED_DAYS,
      'awaiting-manager': e.REFERRAL_MANAGER_DAYS,
      approved: e.REFERRAL_BACKOFFICE_DAYS,
      'owner-review-requested': e.REFERRAL_BACKOFFICE_DAYS,
      referred: owners.length ? Math.min(...owners.map((o) => o.responseDays)) : 14,
      'owner-accepted': owners.length ? Math.min(...owners.map((o) => o.responseDays)) : 14,
    };
    const n = this.workingDays(days[state] ?? 5, priorityGroups);
    const now = new Date();
    const dueAt = addWorkingDays(now, n, holidays, e.SLRT_TIME_ZONE);
    const atRiskAt = n > 1 ? addWorkingDays(now, n - 1, holidays, e.SLRT_TIME_ZONE) : new Date(now.getTime() + (dueAt.getTime() - now.getTime()) / 2);
    return { dueAt, atRiskAt };
  }

  /**
   * Working days of a deadline: shortened to `REFERRAL_PRIORITY_DEADLINE_PERCENT` (rounded up, at
   * least one) when the complaint's subject or a household member belongs to a priority group.
   */
  private workingDays(days: number, priorityGroups: readonly string[] | undefined): number {
    if (!priorityGroups?.length) return days;
    return Math.max(1, Math.ceil((days * this.env.REFERRAL_PRIORITY_DEADLINE_PERCENT) / 100));
  }

  // ── owners' answers (NATS consumer and HTTP) ──────────────────────────────────────────────

  /**
   * Applies a programme owner's answer once. `ownerCode` is the identity: the owner code of the
   * subject the answer arrived on (NATS permissions let an owner publish only on its own subjects)
   * or of the authenticated owner over HTTP. `claimedOwners` are the owner codes the message itself
   * names (envelope producer `owner:<code>`, actor's owner code): information only, and an answer
   * claiming another owner than its identity is refused (`OWNER_MISMATCH`). A refused answer is
   * recorded (`owner_response`, `owner_answer_refusal`: shown on the case), logged, never applied.
   * `origin` (NATS answers): the feedback `slrt.owner.<code>.feedback.answer-applied|refused.v1`
   * goes to the owner through the outbox, in this transaction.
   */
  async applyOwnerAnswer(
    m: EntityManager,
    ownerCode: string,
    answer: OwnerAnswer,
    data: { referralId: string; note?: string; reasonCode?: string; questions?: string[]; outcome?: string },
    responseId: string,
    claimedOwners: readonly string[] = [],
    origin?: AnswerOrigin,
  ): Promise<{ status: string; repeated: boolean; refused: OwnerAnswerRefusal | null }> {
    const referral = await this.repo.findReferral(m, data.referralId, true);
    const c = referral && referral.ownerCode === ownerCode ? await this.repo.findCase(m, referral.caseId, true) : null;
    const refuse = async (r: Refusal) => {
      await this.repo.recordResponse(m, { ownerCode, responseId, referralId: referral?.id ?? null, answer, applied: false, refusal: r.code, payload: data });
      await this.recordRefusal(m, ownerCode, { ...r, caseState: c?.state ?? null }, { answerId: origin?.answerId ?? responseId, messageId: origin?.messageId ?? origin?.answerId ?? uuidFrom(`${ownerCode}:${responseId}`), answerSubject: origin?.answerSubject ?? `http:respond-to-referral:${answer}`, referralId: data.referralId, caseId: c?.id ?? null, receivedAt: origin?.receivedAt ?? new Date() }, Boolean(origin));
      this.logger.warn({ ownerCode, referralId: data.referralId, answer, refusal: r.code }, 'owner answer refused');
      return { status: referral?.status ?? 'unknown', repeated: false, refused: r.code };
    };
    if (claimedOwners.some((claimed) => claimed !== ownerCode)) return refuse(refusal('OWNER_MISMATCH'));
    if (!referral) return refuse(refusal('UNKNOWN_REFERRAL'));
    if (referral.ownerCode !== ownerCode || !c) return refuse(refusal('NOT_YOUR_REFERRAL'));
    if (await this.repo.responseSeen(m, ownerCode, responseId)) return { status: referral.status, repeated: true, refused: null };
    const action = ANSWER_ACTION[answer];
    if (referral.status === 'withdrawn') return refuse(refusal('REFERRAL_WITHDRAWN'));
    if (!transitionFor(action, c.state)) return refuse(refusal('TRANSITION_NOT_ALLOWED', answer, c.state));
    if (!(await this.repo.recordResponse(m, { ownerCode, responseId, referralId: referral.id, answer, applied: true, refusal: null, payload: data }))) {
      return { status: referral.status, repeated: true, refused: null };
    }
    const text = data.outcome ?? data.note ?? data.questions?.join(' | ') ?? data.reasonCode ?? null;
    const status = answer;
    await this.repo.updateReferral(m, referral.id, status, text);
    const moved = await this.transition(m, c, action, { id: `owner:${ownerCode}`, role: 'PO' }, [data.reasonCode, text].filter(Boolean).join(': ') || null, [ownerCode], answer === 'rejected' ? (data.reasonCode ?? null) : null);
    // The owner says resolved: the household is asked later whether the benefit arrived (one verification per referral).
    if (answer === 'resolved') await scheduleOutcomeVerification(m, this.env, await this.repo.holidays(m), { referralId: referral.id, caseId: c.id, complaintId: c.complaintId, receiptNumber: c.receiptNumber, desaCode: c.desaCode, ownerCode, ownerAnswer: text, resolvedAt: new Date() });
    if (origin) {
      await this.feedback(m, ownerCode, { answerId: origin.answerId, answerSubject: origin.answerSubject, referralId: referral.id, outcome: 'applied', code: null, reason: null, fieldErrors: [], caseState: moved.state, receivedAt: origin.receivedAt.toISOString(), decidedAt: new Date().toISOString() });
    }
    return { status, repeated: false, refused: null };
  }

  /**
   * An answer that failed validation (not JSON, a bad envelope, or data not matching its schema):
   * refused with `MALFORMED_MESSAGE` or `INVALID_PAYLOAD`, its field errors in Indonesian, recorded
   * (on the case when it quoted a referral of this owner) and fed back to the owner. Called in the
   * consumer's transaction with its inbox row (the message's id, or one derived from its stream
   * sequence), so each such message is refused once.
   */
  async refuseInvalidAnswer(m: EntityManager, ownerCode: string, invalid: InvalidMessage, inboxId: string, answerSubject: string, receivedAt: Date): Promise<void> {
    const code: OwnerAnswerRefusal = invalid.reason === 'invalid payload' ? 'INVALID_PAYLOAD' : 'MALFORMED_MESSAGE';
    const quoted = at(invalid.body, 'data.referralId');
    const referralId = typeof quoted === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(quoted) ? quoted.toLowerCase() : null;
    const referral = referralId ? await this.repo.findReferral(m, referralId) : null;
    const c = referral && referral.ownerCode === ownerCode ? await this.repo.findCase(m, referral.caseId) : null;
    const fieldErrors = ownerFieldErrors(invalid.fieldErrors, invalid.body);
    await this.recordRefusal(m, ownerCode, { ...refusal(code), fieldErrors, caseState: c?.state ?? null }, { answerId: invalid.envelopeId, messageId: inboxId, answerSubject, referralId, caseId: c?.id ?? null, receivedAt }, true);
    this.logger.warn({ ownerCode, answerSubject, refusal: code, fields: fieldErrors.map((f) => f.path) }, 'owner answer refused');
  }

  /** Records a refused answer (once per owner and message) and, for NATS answers, tells the owner. */
  async recordRefusal(
    m: EntityManager,
    ownerCode: string,
    r: Refusal,
    a: { answerId: string | null; messageId: string; answerSubject: string; referralId: string | null; caseId: string | null; receivedAt: Date },
    publish: boolean,
  ): Promise<void> {
    const decidedAt = new Date();
    const rows: unknown[] = await m.query(
      `INSERT INTO owner_answer_refusal (owner_code, message_id, answer_id, answer_subject, referral_id, case_id, code, reason_id, reason_en, field_errors, case_state, received_at, decided_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (owner_code, message_id) DO NOTHING RETURNING 1`,
      [ownerCode, a.messageId, a.answerId, a.answerSubject, a.referralId && /^[0-9a-f-]{36}$/i.test(a.referralId) ? a.referralId : null, a.caseId, r.code, r.reason.id, r.reason.en, JSON.stringify(r.fieldErrors ?? []), r.caseState ?? null, a.receivedAt, decidedAt],
    );
    if (!publish || rows.length === 0) return;
    await this.feedback(m, ownerCode, {
      answerId: a.answerId,
      answerSubject: a.answerSubject,
      referralId: a.referralId && /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(a.referralId) ? a.referralId : null,
      outcome: 'refused',
      code: r.code,
      reason: r.reason,
      fieldErrors: r.fieldErrors ?? [],
      // Another owner's case is none of this owner's business.
      caseState: r.code === 'NOT_YOUR_REFERRAL' ? null : (r.caseState ?? null),
      receivedAt: a.receivedAt.toISOString(),
      decidedAt: decidedAt.toISOString(),
    });
  }

  /** Feedback on one answer, to its owner's own subject, through the outbox (this transaction). */
  async feedback(m: EntityManager, ownerCode: string, f: OwnerAnswerFeedbackV1): Promise<void> {
    const subject = f.outcome === 'applied' ? 'slrt.owner.*.feedback.answer-applied.v1' : 'slrt.owner.*.feedback.answer-refused.v1';
    await this.outbox.publishToOwner(m, subject, ownerCode, f, { actor: null, causationId: f.answerId });
  }

  async respondOverHttp(req: RespondToReferralRequestV1, actor: Actor) {
    const ownerCode = this.ownerOf(actor);
    if (req.answer === 'rejected' && !req.reasonCode) throw new DomainError('VALIDATION_FAILED', 'Penolakan memerlukan kode alasan.', { fieldErrors: [{ field: 'reasonCode', messages: ['Wajib diisi untuk penolakan.'] }] });
    if (req.answer === 'review-requested' && !req.questions?.length) throw new DomainError('VALIDATION_FAILED', 'Permintaan kajian ulang memerlukan pertanyaan.', { fieldErrors: [{ field: 'questions', messages: ['Tuliskan paling sedikit satu pertanyaan.'] }] });
    if (req.answer === 'resolved' && !req.note?.trim()) throw new DomainError('VALIDATION_FAILED', 'Penyelesaian memerlukan uraian hasil.', { fieldErrors: [{ field: 'note', messages: ['Tuliskan hasil penanganan.'] }] });
    const result = await this.dataSource.transaction((m) =>
      this.applyOwnerAnswer(m, ownerCode, req.answer, { referralId: req.referralId, ...(req.note ? { note: req.note } : {}), ...(req.reasonCode ? { reasonCode: req.reasonCode } : {}), ...(req.questions ? { questions: req.questions } : {}), ...(req.answer === 'resolved' ? { outcome: req.note! } : {}) }, `http:${req.responseId}`),
    );
    if (result.refused === 'UNKNOWN_REFERRAL' || result.refused === 'NOT_YOUR_REFERRAL') throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', { reason: 'REFERRAL_NOT_FOUND' });
    if (result.refused) throw new DomainError('CONFLICT', 'Jawaban ini tidak berlaku untuk status rujukan saat ini.', { reason: 'ANSWER_NOT_ALLOWED' });
    return { referralId: req.referralId, status: result.status, repeated: result.repeated };
  }

  /**
   * An owner's referrals with the person's fields it receives (until its access ends, see
   * owner-view.ts); the read is audited in the same transaction (who, what, when, why).
   */
  async ownerReferrals(actor: Actor, status: string | undefined, page: number, pageSize: number) {
    const ownerCode = this.ownerOf(actor);
    const { rows, total } = await this.dataSource.transaction(async (m) => {
      const read = await this.repo.ownerReferrals(m, ownerCode, status, page, pageSize);
      await this.auditOwnerRead(m, actor, ownerCode, 'list-owner-referrals', read.rows.map((r) => r.id));
      return read;
    });
    const now = new Date();
    return { items: rows.map((r) => ownerReferralView(r, this.env.REFERRAL_OWNER_ACCESS_GRACE_DAYS, now)), total, page, pageSize };
  }

  /** One referral of the calling owner, audited like the list; another owner's or an unknown referral is 404 (and audited as a read of nothing). */
  async ownerReferral(actor: Actor, referralId: string) {
    const ownerCode = this.ownerOf(actor);
    const found = await this.dataSource.transaction(async (m) => {
      const r = await this.repo.findReferral(m, referralId);
      const mine = r && r.ownerCode === ownerCode ? r : null;
      await this.auditOwnerRead(m, actor, ownerCode, 'get-owner-referral', mine ? [mine.id] : []);
      return mine;
    });
    if (!found) throw new DomainError('NOT_FOUND', 'Rujukan tidak ditemukan untuk pengelola program Anda.', { reason: 'REFERRAL_NOT_FOUND' });
    return ownerReferralView(found, this.env.REFERRAL_OWNER_ACCESS_GRACE_DAYS);
  }

  /** Records an owner's read in `owner_read_audit` (in the reading transaction): actor, owner, action, purpose, the referrals returned. */
  private async auditOwnerRead(m: EntityManager, actor: Actor, ownerCode: string, action: string, referralIds: string[]): Promise<void> {
    await m.query(
      `INSERT INTO owner_read_audit (actor_id, actor_kind, owner_code, action, purpose, referral_ids, result_count, correlation_id) VALUES ($1, $2, $3, $4, 'referral-handling', $5::uuid[], $6, $7)`,
      [actor.id, actor.kind, ownerCode, action, referralIds, referralIds.length, RequestContext.current()?.correlationId ?? null],
    );
  }

  /** The audit of owners' reads, newest first (ADMIN, SEKRETARIAT: the kab/kota's staff who answer for the data). */
  async listOwnerReadAudit(req: ListOwnerReadAuditRequestV1, actor: Actor): Promise<ListOwnerReadAuditResponseV1> {
    if (actor.kind !== 'user' || !actor.roles.some((r) => r === 'ADMIN' || r === 'SEKRETARIAT')) {
      throw new DomainError('FORBIDDEN', 'Hanya admin dan sekretariat yang dapat melihat catatan akses pengelola program.', { reason: 'ROLE_NOT_ALLOWED' });
    }
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.ownerCode) add('owner_code = ?', req.ownerCode);
    if (req.actorId) add('actor_id = ?', req.actorId);
    if (req.from) add('at >= ?', req.from);
    if (req.to) add('at < ?', req.to);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const m = this.dataSource.manager;
    const [counted] = (await m.query(`SELECT count(*)::int AS total FROM owner_read_audit ${clause}`, params)) as Array<{ total: number }>;
    const total = counted?.total ?? 0;
    const rows: Array<{ id: string; at: Date; actor_id: string; actor_kind: string; owner_code: string; action: string; purpose: string; referral_ids: string[]; result_count: number; correlation_id: string | null }> = await m.query(
      `SELECT id::text, at, actor_id, actor_kind, owner_code, action, purpose, referral_ids::text[] AS referral_ids, result_count, correlation_id FROM owner_read_audit ${clause} ORDER BY id DESC LIMIT ${Number(req.pageSize)} OFFSET ${(Number(req.page) - 1) * Number(req.pageSize)}`,
      params,
    );
    return {
      items: rows.map((r) => ({ id: r.id, at: new Date(r.at).toISOString(), actorId: r.actor_id, actorKind: r.actor_kind, ownerCode: r.owner_code, action: r.action, purpose: r.purpose, referralIds: r.referral_ids, resultCount: r.result_count, correlationId: r.correlation_id })),
      total,
      page: req.page,
      pageSize: req.pageSize,
    };
  }

  private ownerOf(actor: Actor): string {
    const isOwner = (actor.kind === 'owner-client' || actor.roles.includes('PO')) && actor.ownerCode;
    if (!isOwner) throw new DomainError('FORBIDDEN', 'Hanya pengelola program yang dapat melihat dan menjawab rujukan.', { reason: 'NOT_AN_OWNER' });
    return actor.ownerCode!;
  }

  // ── reads ─────────────────────────────────────────────────────────────────────────────────

  async get(caseId: string, actor: Actor): Promise<CaseViewV1> {
    this.requireOperator(actor);
    const m = this.dataSource.manager;
    const c = await this.repo.findCase(m, caseId);
    if (!c || !isWithinAnyRegion(c.desaCode, actor.regionScope)) throw NOT_FOUND();
    return this.view(m, c, actor, true);
  }

  async list(req: ListCasesRequestV1, actor: Actor) {
    this.requireOperator(actor);
    const m = this.dataSource.manager;
    const states = req.state ? [req.state] : req.queue === 'mine' ? statesAwaiting(actor.roles) : undefined;
    const { rows, total } = await this.repo.listCases(
      m,
      { scopePatterns: actor.regionScope.flatMap((s) => [s, `${s}.%`]), ...(states ? { states } : {}), overdue: req.queue === 'overdue', ...(req.programmeCode ? { programmeCode: req.programmeCode } : {}), ...(req.priority !== undefined ? { priority: req.priority } : {}) },
      req.page,
      req.pageSize,
    );
    return { items: await Promise.all(rows.map((c) => this.view(m, c, actor, false))), total, page: req.page, pageSize: req.pageSize };
  }

  async listOwners(includeInactive: boolean, actor: Actor) {
    // Owners' API keys read it too: the codes and levels of the owners they may forward a referral to.
    if (actor.kind !== 'user' && actor.kind !== 'owner-client') throw new DomainError('FORBIDDEN', 'Hanya petugas yang dapat melihat direktori.', { reason: 'ROLE_NOT_ALLOWED' });
    return { items: await this.repo.owners(this.dataSource.manager, undefined, includeInactive) };
  }

  /** ADMIN: create or update a programme owner (directory is data, not code). */
  async saveOwner(o: OwnerRecord, actor: Actor) {
    this.requireAdmin(actor);
    checkDesaOwnerEntry(o);
    return this.repo.saveOwner(this.dataSource.manager, { ...o, contact: o.contact ?? null });
  }

  async listHolidays(year: number, actor: Actor) {
    // The reporting service counts durations in working days from this calendar (dates and names only).
    if (!(actor.kind === 'system' && actor.id === 'system:reporting')) this.requireOperator(actor, ['ADMIN']);
    return { items: await this.repo.holidaysOfYear(this.dataSource.manager, year) };
  }

  /** ADMIN: add (or rename) a holiday, or remove one; deadlines computed from now on use it. */
  async saveHoliday(date: string, name: string, holiday: boolean, actor: Actor) {
    this.requireAdmin(actor);
    const d = new Date(`${date}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
      throw new DomainError('VALIDATION_FAILED', 'Tanggal tidak ada di kalender.', { fieldErrors: [{ field: 'date', messages: ['Tanggal tidak ada di kalender.'] }] });
    }
    await this.repo.saveHoliday(this.dataSource.manager, date, name.trim(), holiday);
    return { items: await this.repo.holidaysOfYear(this.dataSource.manager, d.getUTCFullYear()) };
  }

  private requireAdmin(actor: Actor) {
    requireRole(actor, ['ADMIN'], 'Hanya admin yang dapat mengubah data rujukan.');
  }

  /** The case readers of the catalog (`get-case`), and `extra`; checked again here with libs/auth's policy. */
  private requireOperator(actor: Actor, extra: Role[] = []) {
    requireRole(actor, [...RPCS['slrt.rpc.referral.get-case.v1'].roles, ...extra], 'Peran Anda tidak berwenang melihat kasus.');
  }

  private async view(m: EntityManager, c: CaseRecord, actor: Actor, full: boolean): Promise<CaseViewV1> {
    const base: CaseViewV1 = {
      caseId: c.id,
      complaintId: c.complaintId,
      receiptNumber: c.receiptNumber,
      desaCode: c.desaCode,
      category: c.category,
      programmeCodes: c.programmeCodes,
      state: c.state,
      allowedActions: allowedActions(c.state, actor.roles, c.reviewChain),
      suggestedOwners: c.suggestedOwners,
      dueAt: c.dueAt ? new Date(c.dueAt).toISOString() : null,
      deadline: deadlineState(c.dueAt, c.atRiskAt),
      openedAt: new Date(c.openedAt).toISOString(),
      updatedAt: new Date(c.updatedAt).toISOString(),
      version: c.version,
      reopenedFrom: c.reopenedFrom,
      priorityGroups: c.priorityGroups as CaseViewV1['priorityGroups'],
      reviewChain: c.reviewChain,
      ...(c.intakePoint ? { intakePoint: c.intakePoint } : {}),
    };
    if (!full) return base;
    const owners = new Map((await this.repo.owners(m, undefined, true)).map((o) => [o.code, o.name]));
    const referrals: ReferralRecord[] = await this.repo.referralsOfCase(m, c.id);
    const history = (await this.repo.history(m, c.id)) as Array<{ at: Date } & Record<string, unknown>>;
    const refused: Array<Record<string, unknown> & { received_at: Date; decided_at: Date }> = await m.query(
      `SELECT owner_code, answer_id, answer_subject, referral_id::text AS referral_id, code, reason_id, reason_en, field_errors, case_state, received_at, decided_at FROM owner_answer_refusal WHERE case_id = $1 ORDER BY id`,
      [c.id],
    );
    return {
      ...base,
      referrals: referrals.map((r) => ({ referralId: r.id, ownerCode: r.ownerCode, ownerName: owners.get(r.ownerCode) ?? r.ownerCode, status: r.status, lastAnswer: r.lastAnswer, sentAt: new Date(r.sentAt).toISOString(), dueAt: new Date(r.dueAt).toISOString(), deadline: ['sent', 'accepted'].includes(r.status) ? deadlineState(r.dueAt, r.atRiskAt) : 'on-track' })),
      history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })) as unknown as CaseViewV1['history'],
      refusedAnswers: refused.map(
        (r): RefusedOwnerAnswerV1 => ({
          ownerCode: r.owner_code as string,
          answerId: (r.answer_id as string | null) ?? null,
          answerSubject: r.answer_subject as string,
          referralId: (r.referral_id as string | null) ?? null,
          code: r.code as OwnerAnswerRefusal,
          reason: { id: r.reason_id as string, en: r.reason_en as string },
          fieldErrors: r.field_errors as RefusedOwnerAnswerV1['fieldErrors'],
          caseState: (r.case_state as CaseState | null) ?? null,
          receivedAt: new Date(r.received_at).toISOString(),
          decidedAt: new Date(r.decided_at).toISOString(),
        }),
      ),
    };
  }
}

/** Deadline state now. */
export function deadlineState(dueAt: Date | null, atRiskAt: Date | null, now = new Date()): DeadlineState {
  if (!dueAt) return 'on-track';
  if (now.getTime() >= new Date(dueAt).getTime()) return 'breached';
  if (atRiskAt && now.getTime() >= new Date(atRiskAt).getTime()) return 'at-risk';
  return 'on-track';
}

/** Only the personal fields the owner's directory entry asks for. */
export function personFor(owner: OwnerRecord, p: PersonViewV1): ReferralPersonV1 {
  const all: Record<string, string | null> = {
    name: p.name,
    nik: p.nik && /^\d{16}$/.test(p.nik) ? p.nik : null,
    noKk: p.noKk && /^\d{16}$/.test(p.noKk) ? p.noKk : null,
    birthDate: p.birthDate,
    address: [p.street, p.rt ? `RT ${p.rt}` : null, p.rw ? `RW ${p.rw}` : null].filter(Boolean).join(', ') || null,
    desaCode: p.desaCode,
    phone: p.phone && /^\+62\d+$/.test(p.phone) ? p.phone : null,
  };
  const out: Record<string, string> = {};
  for (const f of owner.personalFields) if (all[f]) out[f] = all[f]!;
  return out as ReferralPersonV1;
}
