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
  VulnerableGroup,
} from '@slrt/contracts';
import { localMonth, toUndottedRegionCode } from '@slrt/domain';
import { DomainError, OutboxPublisher, type PreparedEvent } from '@slrt/messaging';
import { IntakeEnv } from '../config/intake.env.js';
import { requireRole } from '@slrt/auth';
import { INTAKE_ROLES } from './access.js';
import { checkComplaintInput, contentHash, nikHash, type CheckedComplaint } from './complaint-validation.js';
import type { ComplaintRecord, Triage } from './complaint.records.js';
import { ComplaintsRepository, isIdempotencyKeyTaken, type NewRegistration } from './complaints.repository.js';
import { ComplaintsService, requireScope } from './complaints.service.js';
import { registeredPayload } from './complaint-registered.js';
import {
  fieldCheckRequestedPayload,
  heldForFieldCheck,
  newComplaintRouting,
} from '../field-checks/field-check-gate.js';
import {
  defaultSettings,
  readSettings,
  settingsOf,
  type FieldCheckSettings,
} from '../field-checks/field-check-settings.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { RegistryCheck, announcesRegistryCheck, registryCheckedPayload } from './registry-check.js';
import { statusChangedPayload } from '../status/status-history.js';
import { seedFlowValues } from './complaint-rows.js';

/** Tracking-code alphabet: no 0/O, 1/I/L, so codes read aloud or typed from paper survive. */
const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/**
 * Registration of a complaint at the counter or by the Fasilitator: idempotent per key, triaged
 * against the registry, numbered (receipt and tracking code), duplicates flagged; the complaint
 * and its events commit together (outbox), in one statement.
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

  /**
   * Two round trips to PostgreSQL: the Idempotency-Key, receipt sequence and settings read together
   * (`beginRegistration`), then, after the registry's answer, the complaint with everything that
   * commits with it in one statement (`create`), the key included.
   */
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

    const period = this.periodOf(new Date());
    const begun = await this.repo.beginRegistration(
      this.dataSource.manager,
      actor.id,
      idempotencyKey,
      this.env.KAB_KOTA_CODE,
      period,
    );
    if (begun.earlier) return this.replay(begun.earlier, requestHash, warnings);

    const complaintId = uuidv7();
    const triage = await this.registry.check(input.subject.nik, complaintId, actor.id);
    const receiptNumber = this.receiptNumber(period, begun.sequence!);
    try {
      // Outside a transaction: the one statement commits by itself, or nothing of it does.
      const record = await this.create(
        this.dataSource.manager,
        complaintId,
        receiptNumber,
        input,
        triage,
        actor,
        null,
        {
          idempotency: { actorId: actor.id, key: idempotencyKey, requestHash },
          settings: settingsOf(begun.settings),
          contentHash: requestHash,
        },
      );
      return { ...this.complaints.summary(record, warnings), replayed: false };
    } catch (err) {
      // A concurrent request with the same key committed first (our statement waited for it on the
      // key, then failed whole): answer with its complaint.
      if (!isIdempotencyKeyTaken(err)) throw err;
      const winner = await this.repo.findIdempotencyKey(this.dataSource.manager, actor.id, idempotencyKey);
      return this.replay(winner!, requestHash, warnings);
    }
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
    return this.receiptNumber(
      period,
      await this.repo.nextReceiptSequence(this.dataSource.manager, this.env.KAB_KOTA_CODE, period),
    );
  }

  private receiptNumber(period: string, sequence: number): string {
    return `${toUndottedRegionCode(this.env.KAB_KOTA_CODE)!}-${period}-${String(sequence).padStart(6, '0')}`;
  }

  /**
   * Inserts a complaint, flags a possible duplicate and writes its first steps and events (an FS
   * submission the kab/kota has its SPV check first is held instead: field-checks/), in one
   * statement: inside `m`'s transaction when it has one, else committed by itself. `settings`:
   * the kab/kota's supervisor check and review chains when already read (else read here, in `m`);
   * `idempotency`: the officer's key, recorded with the complaint.
   */
  async create(
    m: EntityManager,
    id: string,
    receiptNumber: string,
    input: CheckedComplaint,
    triage: Triage,
    actor: Actor,
    clientId: string | null,
    options: {
      settings?: FieldCheckSettings;
      idempotency?: NewRegistration['idempotency'];
      /** `contentHash(input)`, when the caller has it already. */
      contentHash?: string;
    } = {},
  ): Promise<ComplaintRecord> {
    const at = new Date();
    const officerRole =
      actor.roles.find((r) => (INTAKE_ROLES.register as readonly string[]).includes(r)) ?? actor.roles[0] ?? 'FO';
    const [priorityGroups, , , programmesNeeded] = seedFlowValues(input) as [
      VulnerableGroup[],
      string,
      string[],
      string[],
    ];
    // The row as it will be inserted, for the events (the duplicate flag and the service minutes
    // are taken from the inserted row by the statement).
    const c = {
      id,
      receiptNumber,
      trackingCode: this.trackingCode(),
      kabKotaCode: this.env.KAB_KOTA_CODE,
      officerId: actor.id,
      officerRole,
      channel: input.channel,
      category: input.complaint.category,
      contactType: input.complaint.contactType,
      programmeCodes: input.complaint.programmeCodes,
      attributes: input.complaint.attributes ?? {},
      desaCode: input.subject.address.desaCode,
      recordedAt: new Date(input.recordedAt),
      registeredAt: at,
      registryCheck: triage.outcome,
      nextStep: triage.nextStep,
      registryDesil: triage.desil,
      registryDataPeriod: triage.dataPeriod,
      registryCheckedAt: triage.outcome === 'pending' ? null : at,
      possibleDuplicateOf: null,
      priorityGroups,
      programmesNeeded,
      serviceMinutes: input.arrivedAt
        ? Math.max(0, Math.floor((new Date(input.recordedAt).getTime() - new Date(input.arrivedAt).getTime()) / 60_000))
        : null,
    };
    const announces = announcesRegistryCheck(c);
    const settings =
      options.settings ??
      (officerRole === 'FS' || announces ? await readSettings(m, c.kabKotaCode) : defaultSettings());
    const held = heldForFieldCheck(officerRole, settings);
    const meta = { actor };
    const events: PreparedEvent[] = [];
    const steps: NewRegistration['steps'] = [];
    const enter = (step: 'received' | 'registry-checked', source: string) => {
      const previous = steps.at(-1)?.step ?? null;
      steps.push({ step, source });
      events.push(
        this.outbox.prepare(
          'slrt.evt.intake.complaint.status-changed.v1',
          statusChangedPayload({ complaintId: id, ...c }, steps.length, { step, occurredAt: at, source }, previous),
          meta,
        ),
      );
    };
    let registeredEvent: number | null = null;
    if (held) {
      events.push(this.outbox.prepare('slrt.evt.intake.field-check.requested.v1', fieldCheckRequestedPayload(c), meta));
    } else {
      registeredEvent = events.length;
      events.push(
        this.outbox.prepare(
          'slrt.evt.intake.complaint.registered.v1',
          registeredPayload(c, Boolean(input.subject.nik)),
          meta,
        ),
      );
      enter('received', 'intake:registered');
      // The public timeline's "diperiksa di DTKS", and what the check means for referral and registry.
      if (announces) {
        enter('registry-checked', 'intake:registry-checked');
        events.push(
          this.outbox.prepare(
            'slrt.evt.intake.complaint.registry-checked.v1',
            registryCheckedPayload(c, newComplaintRouting(settings, c.channel)),
            meta,
          ),
        );
      }
    }
    const notify = this.outbox.ownStatement(m);
    const record = await this.repo.insertRegistration(m, {
      complaint: {
        ...c,
        input,
        triage,
        subjectNikHash: nikHash(this.env, input.subject.nik),
        clientId,
        contentHash: options.contentHash ?? contentHash(input),
        registryRetryMs: this.env.INTAKE_REGISTRY_RETRY_MS,
      },
      steps,
      heldForFieldCheck: held,
      idempotency: options.idempotency ?? null,
      events,
      registeredEvent,
      outbox: { table: this.outbox.table, channel: notify.channel, token: notify.token },
    });
    notify.written();
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
