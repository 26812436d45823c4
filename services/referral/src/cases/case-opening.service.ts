import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { Actor, CaseState, ComplaintCorrectedV1, ComplaintRegistryCheckedV1 } from '@slrt/contracts';
import { OutboxPublisher } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { FULL_CHAIN, reviewEntryState, transitionFor } from './case-state-machine.js';
import { CaseTransitions } from './case-transitions.service.js';
import { CasesRepository, type CaseRecord } from './cases.repository.js';
import {
  lockComplaintOutcomes,
  markRegistryOutcomeApplied,
  pendingRegistryOutcomes,
  registryStep,
  type RegistryStepAction,
} from './registry-outcomes.js';

/** States in which no referral has been sent yet: a correction of the complaint may still change where it goes. */
const NOT_YET_SENT: readonly CaseState[] = [
  'awaiting-registry',
  'awaiting-supervisor',
  'returned-for-info',
  'awaiting-manager',
  'approved',
];

/**
 * Cases opened, rerouted, withdrawn and moved by other services' events: intake's registry-checked,
 * corrected and withdrawn complaints, the registry's outcomes, the household's disputed outcome.
 */
@Injectable()
export class CaseOpening {
  constructor(
    private readonly repo: CasesRepository,
    private readonly outbox: OutboxPublisher,
    private readonly transitions: CaseTransitions,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Opens a case for a complaint; idempotent per complaint. Next step `review` (the person is in
   * DTKS/DTSEN) → `awaiting-supervisor`; `prelist` (not in DTKS/DTSEN, the registry drafts a prelist
   * proposal) → `awaiting-registry`, which the registry's outcome moves; `civil-registration` → no case.
   */
  async openFromComplaint(
    m: EntityManager,
    c: ComplaintRegistryCheckedV1,
    actor: Actor | null,
  ): Promise<CaseRecord | null> {
    // The review follows the chain configured for the complaint's intake point; an FS submission the
    // SPV already checked in intake starts past the supervisor.
    const reviewChain = c.reviewChain?.length ? c.reviewChain : [...FULL_CHAIN];
    const spvDone = Boolean(c.supervisorChecked) && reviewChain.includes('SPV');
    const state: CaseState | null =
      c.nextStep === 'review'
        ? spvDone
          ? 'awaiting-manager'
          : reviewEntryState(reviewChain)
        : c.nextStep === 'prelist'
          ? 'awaiting-registry'
          : null;
    if (!state) return null;
    const holidays = await this.repo.holidays(m);
    const priorityGroups = c.priorityGroups ?? [];
    const { dueAt, atRiskAt } = this.transitions.deadline(state, [], holidays, priorityGroups);
    const suggestedOwners = await this.repo.route(
      m,
      c.category,
      c.programmeCodes,
      { ...(c.attributes ?? {}) },
      priorityGroups,
    );
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
      const spv = c.supervisorCheckedBy
        ? { id: c.supervisorCheckedBy, role: 'SPV' }
        : actor?.roles.includes('SPV')
          ? { id: actor.id, role: 'SPV' }
          : { id: actor?.id ?? 'system:intake', role: 'SYSTEM' };
      await this.repo.addHistory(m, {
        caseId: record.id,
        action: 'forward',
        from: 'awaiting-supervisor',
        to: 'awaiting-manager',
        actorId: spv.id,
        actorRole: spv.role,
        note: 'Diperiksa dan disetujui supervisor kecamatan pada pemeriksaan kiriman fasilitator.',
        ownerCodes: [],
      });
    }
    await this.outbox.publish(
      m,
      'slrt.evt.referral.case.opened.v1',
      {
        caseId: record.id,
        complaintId: record.complaintId,
        receiptNumber: record.receiptNumber,
        desaCode: record.desaCode,
        category: record.category,
        programmeCodes: record.programmeCodes,
        state: record.state,
        dueAt: dueAt?.toISOString() ?? null,
        openedAt: new Date(record.openedAt).toISOString(),
      },
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
  async applyRegistryStep(
    m: EntityManager,
    complaintId: string,
    action: RegistryStepAction,
    note: string,
  ): Promise<string | null> {
    const c = await this.repo.findCaseByComplaint(m, complaintId, true);
    if (!c) return null;
    const by = { id: 'system:registry', role: 'SYSTEM' };
    if (action !== 'registry-update' && transitionFor(action, c.state))
      await this.transitions.transition(m, c, action, by, note, []);
    else
      await this.repo.addHistory(m, {
        caseId: c.id,
        action: 'registry-update',
        from: c.state,
        to: c.state,
        actorId: by.id,
        actorRole: by.role,
        note,
        ownerCodes: [],
      });
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
    await this.transitions.transition(
      m,
      c,
      'reopen',
      { id: 'system:outcome-verification', role: 'SYSTEM' },
      note,
      [],
      'OUTCOME_DISPUTED',
    );
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
    const priorityChanged = c.changedFields.some(
      (f) => f === 'subject' || f.startsWith('subject.vulnerableGroups') || f.startsWith('household'),
    );
    if (priorityChanged)
      await m.query(`UPDATE referral_case SET priority_groups = $2, updated_at = now() WHERE complaint_id = $1`, [
        c.complaintId,
        priorityGroups,
      ]);
    if (
      !c.changedFields.some(
        (f) =>
          f === 'complaint' ||
          f.startsWith('complaint.programmeCodes') ||
          f.startsWith('complaint.category') ||
          f.startsWith('complaint.attributes'),
      ) &&
      !priorityChanged
    )
      return;
    const record = await this.repo.findCaseByComplaint(m, c.complaintId, true);
    if (!record || !NOT_YET_SENT.includes(record.state)) return;
    const category = c.category ?? record.category;
    const suggestedOwners = await this.repo.route(
      m,
      category,
      c.programmeCodes,
      { ...(c.attributes ?? {}) },
      priorityGroups,
    );
    await m.query(
      `UPDATE referral_case SET programme_codes = $2, category = $3, suggested_owners = $4, updated_at = now() WHERE id = $1`,
      [record.id, c.programmeCodes, category, suggestedOwners],
    );
    this.logger.info({ caseId: record.id, suggestedOwners }, 'case routed again after a correction of its complaint');
  }

  /** The citizen withdrew the complaint: its open case is withdrawn too, and sent referrals with it. */
  async withdrawForComplaint(
    m: EntityManager,
    complaintId: string,
    reason: string,
    actor: Actor | null,
  ): Promise<void> {
    const c = await this.repo.findCaseByComplaint(m, complaintId, true);
    if (!c || !transitionFor('withdraw', c.state)) return;
    await this.transitions.transition(
      m,
      c,
      'withdraw',
      { id: actor?.id ?? 'system:referral', role: 'SYSTEM' },
      reason,
      [],
    );
  }
}
