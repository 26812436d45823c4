import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  systemActor,
  type Actor,
  type ComplaintDetailV1,
  type ComplaintRegistryCheckedV1,
  type DataChangeItemV1,
} from '@slrt/contracts';
import { LOGGER, type Logger } from '@slrt/observability';
import { DataChangesRepository } from './data-changes.repository.js';
import { programmeList } from './data-changes.service.js';
import { movedBy, ProposalLifecycle } from './proposal-lifecycle.js';
import { proposalTransitionFor } from './proposal-state-machine.js';
import { ProposalsRepository } from './proposals.repository.js';

/** Idempotency key of the data change the registry drafts for a complaint (one per complaint). WIRE-STABLE: stored. */
export const complaintDataChangeKey = (complaintId: string) => `complaint:${complaintId}`;

/**
 * Kepesertaan for a person already in DTKS/DTSEN becomes a data-change proposal automatically,
 * as a person outside it becomes a prelist entry: when intake's triage found the subject in the
 * registry (`outcome` `in-registry`) and the complaint asks for membership (category
 * `kepesertaan`, its programmes) or records programmes the household receives or needs that the
 * registry's flags do not show, the registry drafts one `programme_participation` data change
 * (current: the snapshot's flags; proposed: those plus the missing programmes) for the MJ or the
 * secretariat to approve before the SIKS-NG export. Runs in the consumer's transaction (inbox),
 * keyed `complaint:<id>` under `system:registry`: a redelivered event changes nothing.
 */
@Injectable()
export class KepesertaanDataChangesService {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly dataChanges: DataChangesRepository,
    private readonly lifecycle: ProposalLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** `complaint`: as intake holds it, fetched by the consumer before its transaction (`ComplaintEventsConsumer.complaintOf`). */
  async createFromComplaint(
    m: EntityManager,
    c: ComplaintRegistryCheckedV1,
    eventActor: Actor | null,
    complaint: ComplaintDetailV1 | null,
  ): Promise<string | null> {
    if (c.outcome !== 'in-registry' || !complaint) return null;
    const me = systemActor('registry');
    const key = complaintDataChangeKey(c.complaintId);
    if (await this.repo.idByKey(m, 'data-change', me.id, key)) return null;
    const subject = complaint.persons.find((p) => p.role === 'subject');
    if (!subject?.nik) return null;
    const person = await this.dataChanges.snapshotPerson(m, subject.nik);
    if (!person) {
      // The snapshot changed between the triage and now: nothing to change in the registry.
      this.logger.info(
        { complaintId: c.complaintId },
        'kepesertaan subject no longer in the current snapshot; no data change',
      );
      return null;
    }
    const flags = new Set(person.flags);
    const wanted = new Set<string>();
    if (c.category === 'kepesertaan') for (const code of c.programmeCodes) wanted.add(code);
    for (const p of complaint.programmeParticipation ?? [])
      if ((p.reportedReceived || p.needed) && p.inRegistry !== true) wanted.add(p.programmeCode);
    for (const code of flags) wanted.delete(code);
    if (!wanted.size) return null;
    const change: DataChangeItemV1 = {
      field: 'programme_participation',
      current: programmeList(flags),
      proposed: programmeList([...flags, ...wanted])!,
    };
    const missing = [...wanted].sort().join(', ');
    const reason = `Kepesertaan dari pengaduan ${c.receiptNumber}: program ${missing} dilaporkan diterima atau dibutuhkan, belum tercatat dalam DTKS/DTSEN.`;
    // Only a kepesertaan complaint is answered by the data change: linked to it, its outcome (approved,
    // declined, accepted, rejected) reaches the complaint's case as a prelist's does. For another
    // complaint (aid not paid, …) the unflagged programmes are a side finding: the change keeps the
    // receipt number in its reason but no link, so declining it cannot end that complaint's case.
    const complaintId = c.category === 'kepesertaan' ? c.complaintId : null;
    const id = uuidv7();
    if (
      !(await this.dataChanges.insert(m, {
        id,
        complaintId,
        idempotencyKey: key,
        person,
        nik: subject.nik,
        changes: [change],
        reason,
        createdBy: me.id,
      }))
    )
      return null;
    const t = proposalTransitionFor('data-change', 'create', null)!;
    await this.lifecycle.created(
      m,
      { id, kind: 'data-change', status: 'draft', complaintId, desaCode: person.desaCode },
      movedBy(me, t),
      eventActor,
    );
    this.logger.info(
      { proposalId: id, complaintId: c.complaintId, programmes: [...wanted].sort() },
      'data change drafted from a kepesertaan complaint',
    );
    return id;
  }
}
