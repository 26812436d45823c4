import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  ComplaintInputV1,
  InputWarningV1,
  RegisterComplaintRequestV1,
  RegisterComplaintResponseV1,
} from '@slrt/contracts';
import { localMonth, toUndottedRegionCode } from '@slrt/domain';
import { DomainError, OutboxPublisher } from '@slrt/messaging';
import { IntakeEnv } from '../config/intake.env.js';
import { requireRole } from '@slrt/auth';
import { INTAKE_ROLES } from './access.js';
import { checkComplaintInput, contentHash, nikHash, type CheckedComplaint } from './complaint-validation.js';
import type { ComplaintRecord, Triage } from './complaint.records.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { ComplaintsService, requireScope } from './complaints.service.js';
import { publishRegistered } from './complaint-registered.js';
import { holdForFieldCheck } from '../field-checks/field-check-gate.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { RegistryCheck, publishRegistryChecked } from './registry-check.js';
import { enterStep } from '../status/status-history.js';

/** Tracking-code alphabet: no 0/O, 1/I/L, so codes read aloud or typed from paper survive. */
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Registration of a complaint at the counter or by the Fasilitator: idempotent per key, triaged
 * against the registry, numbered (receipt and tracking code), duplicates flagged; the complaint
 * and its events commit in one transaction (outbox).
 */
@Injectable()
export class ComplaintRegistration {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly registry: RegistryCheck,
    private readonly outbox: OutboxPublisher,
    private readonly env: IntakeEnv,
    private readonly programmes: ProgrammeCatalogue,
    private readonly complaints: ComplaintsService,
  ) {}

  async register(req: RegisterComplaintRequestV1, actor: Actor): Promise<RegisterComplaintResponseV1> {
    requireRole(actor, INTAKE_ROLES.register);
    const { idempotencyKey, ...raw } = req;
    const { input, warnings } = checkComplaintInput(
      raw as ComplaintInputV1,
      new Date(),
      await this.programmes.lookup(),
    );
    requireScope(actor, input.subject.address.desaCode);
    const requestHash = contentHash(input);

    const earlier = await this.repo.findIdempotencyKey(this.dataSource.manager, actor.id, idempotencyKey);
    if (earlier) return this.replay(earlier, requestHash, warnings);

    const complaintId = uuidv7();
    const triage = await this.registry.check(input.subject.nik, complaintId, actor.id);
    const receiptNumber = await this.nextReceiptNumber();
    const lostRace = Symbol('idempotency race lost');
    const outcome = await this.dataSource
      .transaction(async (m) => {
        const record = await this.create(m, complaintId, receiptNumber, input, triage, actor, null);
        // Written last, so a concurrent request with the same key waits here for this one to commit,
        // then finds the key taken and rolls its own complaint back.
        if (!(await this.repo.recordIdempotencyKey(m, actor.id, idempotencyKey, requestHash, record.id)))
          throw lostRace;
        return record;
      })
      .catch((err: unknown) => {
        if (err === lostRace) return null;
        throw err;
      });
    if (!outcome) {
      const winner = await this.repo.findIdempotencyKey(this.dataSource.manager, actor.id, idempotencyKey);
      return this.replay(winner!, requestHash, warnings);
    }
    return { ...this.complaints.summary(outcome, warnings), replayed: false };
  }

  private async replay(
    earlier: { requestHash: string; complaintId: string | null },
    requestHash: string,
    warnings: InputWarningV1[],
  ): Promise<RegisterComplaintResponseV1> {
    if (earlier.requestHash !== requestHash) {
      throw new DomainError(
        'CONFLICT',
        'Idempotency-Key ini sudah dipakai untuk pengaduan lain. Gunakan kunci baru untuk pengaduan baru.',
        { reason: 'IDEMPOTENCY_KEY_REUSED' },
      );
    }
    const record = earlier.complaintId ? await this.repo.findById(this.dataSource.manager, earlier.complaintId) : null;
    if (!record)
      throw new DomainError('UNAVAILABLE', 'Pengaduan dengan kunci ini sedang diproses. Coba lagi sebentar.', {
        reason: 'IDEMPOTENCY_IN_PROGRESS',
      });
    return { ...this.complaints.summary(record, warnings), replayed: true };
  }

  /** `6271-2611-000123`: kab/kota, YYMM in the deployment's time zone, sequence per kab/kota and month. */
  async nextReceiptNumber(): Promise<string> {
    const period = this.periodOf(new Date());
    const sequence = await this.repo.nextReceiptSequence(this.dataSource.manager, this.env.KAB_KOTA_CODE, period);
    return `${toUndottedRegionCode(this.env.KAB_KOTA_CODE)!}-${period}-${String(sequence).padStart(6, '0')}`;
  }

  /** Inserts a complaint, flags a possible duplicate and writes its events, in `m`'s transaction. */
  async create(
    m: EntityManager,
    id: string,
    receiptNumber: string,
    input: CheckedComplaint,
    triage: Triage,
    actor: Actor,
    clientId: string | null,
  ): Promise<ComplaintRecord> {
    const subjectNikHash = nikHash(this.env, input.subject.nik);
    const possibleDuplicateOf = await this.repo.findPossibleDuplicate(
      m,
      input.subject,
      subjectNikHash,
      input.complaint.programmeCodes,
    );
    const record = await this.repo.insertComplaint(m, {
      id,
      receiptNumber,
      trackingCode: this.trackingCode(),
      kabKotaCode: this.env.KAB_KOTA_CODE,
      officerId: actor.id,
      officerRole:
        actor.roles.find((r) => (INTAKE_ROLES.register as readonly string[]).includes(r)) ?? actor.roles[0] ?? 'FO',
      input,
      triage,
      subjectNikHash,
      possibleDuplicateOf,
      clientId,
      contentHash: contentHash(input),
      registryRetryMs: this.env.INTAKE_REGISTRY_RETRY_MS,
    });
    // An FS submission the kab/kota has its SPV check first is held (field-checks/): registered when approved.
    if (!(await holdForFieldCheck(this.outbox, m, record, actor))) {
      await publishRegistered(this.outbox, m, record, Boolean(input.subject.nik), actor);
      await enterStep(
        this.outbox,
        m,
        record.id,
        { step: 'received', occurredAt: new Date(record.registeredAt), source: 'intake:registered' },
        actor,
      );
    }
    await publishRegistryChecked(this.outbox, m, record, actor);
    return record;
  }

  /** `YYMM` of a moment in the deployment's time zone (receipt numbers restart each month). */
  private periodOf(at: Date): string {
    const month = localMonth(at, this.env.SLRT_TIME_ZONE);
    return `${month.slice(2, 4)}${month.slice(5, 7)}`;
  }

  private trackingCode(): string {
    let s = '';
    for (let i = 0; i < 8; i++) s += TRACKING_ALPHABET[randomInt(TRACKING_ALPHABET.length)];
    return `${s.slice(0, 4)}-${s.slice(4)}`;
  }
}
