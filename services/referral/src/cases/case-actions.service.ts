import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  ActOnCaseRequestV1,
  Actor,
  CaseAction,
  CaseViewV1,
  ComplaintDetailV1,
  PersonViewV1,
  ReferralPersonV1,
} from '@slrt/contracts';
import { systemActor } from '@slrt/contracts';
import { isWithinAnyRegion } from '@slrt/domain';
import { DomainError, OutboxPublisher, RpcCallError, RpcClient, type PreparedEvent } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { addWorkingDays } from '../calendar/working-days.js';
import { ReferralEnv } from '../config/referral.env.js';
import { checkReferralTargets } from '../puskesos/referral-targets.js';
import { actorsIn, allowedActions, transitionFor, type CaseActor } from './case-state-machine.js';
import { CaseTransitions } from './case-transitions.service.js';
import {
  CasesRepository,
  type CaseRecord,
  type NewReferral,
  type OwnerRecord,
  type OwnerWithPartnerships,
} from './cases.repository.js';
import { CasesService, NOT_FOUND } from './cases.service.js';

/**
 * Operators' actions on a case (the review chain: supervisor → manager → back office), and the
 * back office's referral to programme owners over the owner channel.
 */
@Injectable()
export class CaseActions {
  /** Referral acting as itself: the only actor its requests to other services may carry. */
  private readonly self = systemActor('referral');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly rpc: RpcClient,
    private readonly env: ReferralEnv,
    private readonly transitions: CaseTransitions,
    private readonly cases: CasesService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async act(req: ActOnCaseRequestV1, actor: Actor): Promise<CaseViewV1> {
    if (actor.kind !== 'user')
      throw new DomainError('FORBIDDEN', 'Hanya petugas yang dapat menindaklanjuti kasus.', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    const action = req.action;
    if (action.startsWith('owner-'))
      throw new DomainError('FORBIDDEN', 'Jawaban pengelola program dikirim melalui kanal pengelola program.', {
        reason: 'OWNER_ACTION',
      });
    // What the owners need to know about the person is fetched before the transaction (no lock held over
    // the network), and only once the actor is known to be allowed to send (refused: 403, nothing read).
    let complaint: ComplaintDetailV1 | null = null;
    if (action === 'send' || action === 'refer-desa') {
      const preview = await this.repo.findCase(this.dataSource.manager, req.caseId);
      if (!preview || !isWithinAnyRegion(preview.desaCode, actor.regionScope)) throw NOT_FOUND();
      // The person's data is read only for an actor who may send: a refused send reads nothing.
      this.permittedRole(preview, action, actor);
      if (preview.state === 'approved' || action === 'refer-desa')
        complaint = await this.complaintOf(preview.complaintId, actor);
    }
    const sends = action === 'send' || action === 'refer-desa';
    const updated = await this.dataSource.transaction(async (m) => {
      // The case locked, with the calendar and (a send) the owners it goes to: one round trip.
      const locked = await this.repo.lockCaseForAction(
        m,
        req.caseId,
        sends ? { ownerCodes: req.ownerCodes?.length ? req.ownerCodes : null } : null,
      );
      const c = locked?.c;
      if (!c || !isWithinAnyRegion(c.desaCode, actor.regionScope)) throw NOT_FOUND();
      const role = this.permittedRole(c, action, actor);
      if (c.version !== req.expectedVersion) {
        throw new DomainError(
          'CONFLICT',
          `Kasus sudah ditindaklanjuti orang lain (versi ${c.version}). Muat ulang lalu coba lagi.`,
          { reason: 'VERSION_CONFLICT', allowed: allowedActions(c.state, actor.roles, c.reviewChain) },
        );
      }
      const t = transitionFor(action, c.state, c.reviewChain)!;
      if (t.requires.includes('note') && !req.note?.trim()) {
        throw new DomainError(
          'VALIDATION_FAILED',
          'Tindakan ini memerlukan catatan (alasan, pertanyaan, jawaban atau hasil).',
          { fieldErrors: [{ field: 'note', messages: ['Wajib diisi untuk tindakan ini.'] }] },
        );
      }
      const sent = sends
        ? await this.sendReferrals(m, c, req, complaint, locked.owners, locked.holidays)
        : { ownerCodes: [], owners: [], newReferrals: [], events: [] };
      // The holidays and the send's owners are passed on (read already), and its referrals and their
      // events are written with the move, in the transition's one writing statement.
      return this.transitions.transition(
        m,
        c,
        action,
        { id: actor.id, role },
        req.note?.trim() ?? null,
        sent.ownerCodes,
        null,
        undefined,
        { ...sent, holidays: locked.holidays },
      );
    });
    return this.cases.view(this.dataSource.manager, updated, actor, true);
  }

  /** Checks that `action` exists from the case's state and that the actor holds a role for it. */
  private permittedRole(c: CaseRecord, action: CaseAction, actor: Actor): string {
    const t = transitionFor(action, c.state, c.reviewChain);
    const allowed = allowedActions(c.state, actor.roles, c.reviewChain);
    if (!t) {
      throw new DomainError('CONFLICT', `Tindakan "${action}" tidak berlaku untuk kasus berstatus "${c.state}".`, {
        reason: 'ILLEGAL_TRANSITION',
        allowed,
      });
    }
    const role = actor.roles.find((r) => actorsIn(t, c.reviewChain).includes(r as CaseActor));
    if (!role)
      throw new DomainError('FORBIDDEN', `Peran Anda tidak dapat melakukan "${action}" pada kasus ini.`, {
        reason: 'ROLE_NOT_ALLOWED',
        allowed,
      });
    return role;
  }

  /**
   * The persons of the complaint in full, for the referral a BO sends. Referral asks intake as
   * itself (`system:referral`, which intake lets read complaints); the BO is named for intake's
   * audit as `onBehalfOf`, never passed on as the actor.
   */
  private async complaintOf(complaintId: string, actor: Actor): Promise<ComplaintDetailV1> {
    try {
      return await this.rpc.request(
        'slrt.rpc.intake.get-complaint.v1',
        { complaintId, reveal: true, onBehalfOf: actor.id },
        { actor: this.self, timeoutMs: this.env.REFERRAL_INTAKE_TIMEOUT_MS },
      );
    } catch (err) {
      if (err instanceof RpcCallError && (err.error.code === 'UNAVAILABLE' || err.error.code === 'TIMEOUT')) {
        throw new DomainError(
          'UNAVAILABLE',
          'Data pengaduan tidak dapat diambil dari layanan intake saat ini. Coba kirim lagi sebentar.',
          { reason: 'INTAKE_UNAVAILABLE' },
        );
      }
      // intake's refusal (forbidden, not found) is the caller's answer too, not an internal error.
      if (err instanceof RpcCallError && err.error.code !== 'INTERNAL')
        throw new DomainError(err.error.code, err.error.detail, err.error.reason ? { reason: err.error.reason } : {});
      throw err;
    }
  }

  /**
   * One referral per owner, each with its event on the owner's own subject, for the transition to
   * write. `active` are the active owners among those chosen (read with the case, with their
   * partnership agreements).
   */
  private async sendReferrals(
    m: EntityManager,
    c: CaseRecord,
    req: ActOnCaseRequestV1,
    complaint: ComplaintDetailV1 | null,
    active: OwnerWithPartnerships[],
    holidays: Set<string>,
  ): Promise<{ ownerCodes: string[]; owners: OwnerRecord[]; newReferrals: NewReferral[]; events: PreparedEvent[] }> {
    const persons: PersonViewV1[] = complaint?.persons ?? [];
    const ownerCodes = req.ownerCodes?.length ? req.ownerCodes : c.suggestedOwners;
    if (!ownerCodes.length) {
      throw new DomainError(
        'VALIDATION_FAILED',
        'Tidak ada pengelola program yang disarankan: pilih pengelola program tujuan.',
        { fieldErrors: [{ field: 'ownerCodes', messages: ['Pilih paling sedikit satu pengelola program.'] }] },
      );
    }
    // A Puskesos's referral to a desa service is its own choice: routing rules suggest kab/kota and national owners.
    const differs = req.action !== 'refer-desa' && ownerCodes.some((o) => !c.suggestedOwners.includes(o));
    if (differs && !req.overrideReason?.trim()) {
      throw new DomainError('VALIDATION_FAILED', 'Tujuan berbeda dengan saran aturan rujukan: tuliskan alasannya.', {
        fieldErrors: [{ field: 'overrideReason', messages: ['Wajib diisi bila tujuan berbeda dengan saran.'] }],
      });
    }
    const owners = active.filter((o) => ownerCodes.includes(o.code));
    const unknown = ownerCodes.filter((o) => !owners.some((x) => x.code === o));
    if (unknown.length) {
      throw new DomainError('VALIDATION_FAILED', 'Pengelola program tidak dikenal atau tidak aktif.', {
        fieldErrors: [{ field: 'ownerCodes', messages: unknown.map((u) => `"${u}" tidak ada dalam direktori.`) }],
      });
    }
    // Desa services serve their own desa; partners only within their agreements (puskesos/referral-targets.ts).
    await checkReferralTargets(m, c, req.action, owners, this.env.SLRT_TIME_ZONE);
    const subject = persons.find((p) => p.role === 'subject');
    const now = new Date();
    const newReferrals: NewReferral[] = [];
    const events: PreparedEvent[] = [];
    for (const owner of owners) {
      const days = this.transitions.workingDays(owner.responseDays, c.priorityGroups);
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
        ...(owner.personalFields.includes('description') && complaint?.description?.trim()
          ? { description: complaint.description.trim().slice(0, 4000) }
          : {}),
        // The documents received that this owner requires.
        documentsReceived: (complaint?.documentsReceived ?? []).filter((d) => owner.requiredDocuments.includes(d)),
        recommendation: req.note?.trim() || 'Mohon pemeriksaan dan tindak lanjut sesuai kewenangan pengelola program.',
        subject: subject ? personFor(owner, subject) : {},
        dueAt: dueAt.toISOString(),
        sentAt: now.toISOString(),
      };
      newReferrals.push({
        id: referralId,
        caseId: c.id,
        ownerCode: owner.code,
        status: 'sent',
        summary,
        payload,
        dueAt,
        atRiskAt,
      });
      // No actor: the staff member's ids, roles and region scope are none of the owner's business.
      // Checked against the contract here (the person's fields come from intake), written with the move.
      events.push(this.outbox.prepareToOwner('slrt.owner.*.referral.sent.v1', owner.code, payload, { actor: null }));
    }
    if (differs)
      this.logger.info(
        { caseId: c.id, ownerCodes },
        'referral sent to owners other than suggested (override recorded)',
      );
    // Without their partnership agreements: the transition needs the directory entries only.
    return { ownerCodes, owners: owners.map(({ partnerships: _, ...o }) => o), newReferrals, events };
  }
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
