import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  validatePayload,
  ComplaintInputV1,
  type Actor,
  type FieldComplaintResultV1,
  type SyncFieldComplaintsRequestV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { inScope, requireRole } from '@slrt/auth';
import { INTAKE_ROLES } from './access.js';
import { checkComplaintInput, contentHash } from './complaint-validation.js';
import { ComplaintCorrections } from './complaint-corrections.service.js';
import { ComplaintRegistration } from './complaint-registration.service.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { NOT_FOUND, requireScope } from './complaints.service.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { PENDING, RegistryCheck } from './registry-check.js';
import { FieldNumbers } from '../field/field-numbers.js';

/** The Fasilitator's offline batch: complaints recorded on a phone without a connection, synced later. */
@Injectable()
export class FieldComplaintSync {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly registry: RegistryCheck,
    private readonly programmes: ProgrammeCatalogue,
    private readonly fieldNumbers: FieldNumbers,
    private readonly registration: ComplaintRegistration,
    private readonly corrections: ComplaintCorrections,
  ) {}

  /**
   * Each item is answered on its own: created, unchanged (already synced: a replayed batch
   * changes nothing), updated (an edit based on the current version), conflict (an edit based on
   * an older version: never silently overwritten) or rejected (with field errors).
   */
  async syncFieldComplaints(
    req: SyncFieldComplaintsRequestV1,
    actor: Actor,
  ): Promise<{ results: FieldComplaintResultV1[] }> {
    requireRole(actor, INTAKE_ROLES.sync);
    // Offline receipt numbers (field app): a revoked device refuses the whole batch.
    const devices = await this.fieldNumbers.checkBatch(req, actor);
    const results: FieldComplaintResultV1[] = [];
    let registryAnswering = true;
    for (const item of req.items) {
      const base = {
        clientId: item.clientId,
        complaintId: null,
        receiptNumber: null,
        version: null,
        detail: null,
        fieldErrors: [],
      };
      try {
        const parsed = validatePayload(
          ComplaintInputV1,
          JSON.parse(JSON.stringify({ ...item.complaint, recordedAt: item.recordedAt })),
        );
        if (!parsed.ok) {
          results.push({
            ...base,
            outcome: 'rejected',
            detail: 'Data pengaduan belum benar.',
            fieldErrors: parsed.fieldErrors,
          });
          continue;
        }
        const { input } = checkComplaintInput(parsed.value, new Date(), await this.programmes.lookup());
        requireScope(actor, input.subject.address.desaCode);
        const provisional = this.fieldNumbers.checkItem(item, devices, actor);
        const existing = await this.repo.findByClientId(this.dataSource.manager, item.clientId);
        if (!existing) {
          if (provisional && (await this.fieldNumbers.takenByOther(provisional.number, item.clientId)))
            this.fieldNumbers.refuseTaken(provisional);
          const id = uuidv7();
          // One silent registry is enough: the rest of the batch registers as pending at once.
          const triage = registryAnswering ? await this.registry.check(input.subject.nik, id, actor.id) : PENDING;
          if (triage.outcome === 'pending' && input.subject.nik) registryAnswering = false;
          const receiptNumber = await this.registration.nextReceiptNumber();
          const record = await this.dataSource
            .transaction(async (m) => {
              // A concurrent sync of the same item may have created it meanwhile.
              const again = await this.repo.findByClientId(m, item.clientId);
              if (again) return again;
              const created = await this.registration.create(m, id, receiptNumber, input, triage, actor, item.clientId);
              if (provisional) await this.fieldNumbers.attach(m, created.id, provisional);
              return created;
            })
            .catch(async (err: unknown) => {
              // ... or may commit it while this one inserts: the unique client_id refuses the second
              // (rolled back with its events), which then answers with the one that won.
              const winner = isClientIdTaken(err)
                ? await this.repo.findByClientId(this.dataSource.manager, item.clientId)
                : null;
              if (!winner) throw err;
              return winner;
            });
          results.push({
            ...base,
            outcome: record.id === id ? 'created' : 'unchanged',
            complaintId: record.id,
            receiptNumber: record.receiptNumber,
            version: record.version,
          });
          continue;
        }
        if (!inScope(actor, existing.desaCode)) throw NOT_FOUND();
        if (existing.contentHash === contentHash(input)) {
          results.push({
            ...base,
            outcome: 'unchanged',
            complaintId: existing.id,
            receiptNumber: existing.receiptNumber,
            version: existing.version,
          });
          continue;
        }
        if (item.baseVersion !== existing.version) {
          results.push({
            ...base,
            outcome: 'conflict',
            complaintId: existing.id,
            receiptNumber: existing.receiptNumber,
            version: existing.version,
            detail: `Pengaduan ini sudah diubah di server (versi ${existing.version}) sejak perangkat terakhir sinkron${item.baseVersion ? ` (versi ${item.baseVersion})` : ''}. Muat versi terbaru, periksa perbedaannya, lalu kirim ulang.`,
          });
          continue;
        }
        const updated = await this.corrections.applyCorrection(
          existing.id,
          existing.version,
          input,
          actor,
          'Perubahan dari perangkat Fasilitator (sinkronisasi luring)',
          'field-sync',
        );
        results.push({
          ...base,
          outcome: 'updated',
          complaintId: updated.id,
          receiptNumber: updated.receiptNumber,
          version: updated.version,
        });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        results.push({
          ...base,
          outcome: err.rpcError.code === 'CONFLICT' ? 'conflict' : 'rejected',
          detail: err.rpcError.detail,
          fieldErrors: err.rpcError.fieldErrors ?? [],
        });
      }
    }
    return { results: await this.fieldNumbers.finish(results, devices, actor) };
  }
}

/** The unique violation of `complaint.client_id`: a concurrent sync of the same item committed first. */
function isClientIdTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  return code === '23505' && constraint === 'complaint_client_id_key';
}
