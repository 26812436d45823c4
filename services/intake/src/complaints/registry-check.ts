import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIRECT_ANSWER_CONTACT_TYPES, systemActor, type Actor, type EventPayload } from '@slrt/contracts';
import { OutboxPublisher, RpcCallError, RpcClient } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import type { ComplaintRecord, Triage } from './complaint.records.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { enterStep } from '../status/status-history.js';
import { reviewRouting, type ReviewRouting } from '../field-checks/field-check-gate.js';

/** Triage when the subject has no NIK: civil registration comes first. */
export const NO_IDENTITY: Triage = {
  outcome: 'no-identity',
  nextStep: 'civil-registration',
  desil: null,
  programmes: [],
  dataPeriod: null,
};
/** Triage when the registry did not answer: completed later by `RegistryCheckScheduler`. */
export const PENDING: Triage = { outcome: 'pending', nextStep: null, desil: null, programmes: [], dataPeriod: null };

/**
 * Asks the registry whether the subject is in DTKS/DTSEN. Never blocks the FO for long and never
 * fails a registration: no answer in time means `pending`, and the check completes later. Intake
 * asks as itself (`system:intake`, the only actor its requests may carry); the operator whose
 * registration needs the check is named in `onBehalfOf` for the registry's lookup audit.
 */
@Injectable()
export class RegistryCheck {
  constructor(
    private readonly rpc: RpcClient,
    private readonly env: IntakeEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private readonly actor = systemActor('intake');

  async check(
    nik: string | null | undefined,
    complaintId: string,
    onBehalfOf: string | null,
    timeoutMs = this.env.INTAKE_REGISTRY_TIMEOUT_MS,
  ): Promise<Triage> {
    if (!nik) return NO_IDENTITY;
    try {
      const r = await this.rpc.request(
        'slrt.rpc.registry.lookup-nik.v1',
        { nik, purpose: { kind: 'complaint', reference: complaintId }, ...(onBehalfOf ? { onBehalfOf } : {}) },
        { actor: this.actor, timeoutMs },
      );
      return r.found
        ? {
            outcome: 'in-registry',
            nextStep: 'review',
            desil: r.desil,
            programmes: r.programmeFlags,
            dataPeriod: r.dataPeriod,
          }
        : { outcome: 'not-in-registry', nextStep: 'prelist', desil: null, programmes: [], dataPeriod: r.dataPeriod };
    } catch (err) {
      const code = err instanceof RpcCallError ? err.error.code : 'INTERNAL';
      this.logger.warn({ complaintId, code }, 'registry check not answered; complaint stays pending');
      return PENDING;
    }
  }
}

/**
 * Publishes what a completed check means for the rest of the platform: referral opens a review,
 * registry creates a prelist proposal. Written with the complaint's update, in its transaction.
 */
export async function publishRegistryChecked(
  outbox: OutboxPublisher,
  m: Parameters<OutboxPublisher['publish']>[0],
  c: ComplaintRecord,
  actor: Actor | null,
): Promise<void> {
  if (!announcesRegistryCheck(c)) return;
  // An FS submission still held by the supervisor check (or merged) goes nowhere yet; its approval publishes this.
  const routing = await reviewRouting(m, c);
  if (!routing) return;
  // The public timeline's "diperiksa di DTKS" (once: a later re-check adds no step).
  await enterStep(
    outbox,
    m,
    c.id,
    {
      step: 'registry-checked',
      occurredAt: new Date(c.registryCheckedAt ?? Date.now()),
      source: 'intake:registry-checked',
    },
    actor,
  );
  await outbox.publish(m, 'slrt.evt.intake.complaint.registry-checked.v1', registryCheckedPayload(c, routing), {
    actor,
  });
}

/**
 * Whether a complaint's check is one to announce (`registry-checked`): it completed, and the
 * complaint is one for the review chain. A question or suggestion is answered directly by FO or
 * SPV: no review chain, no prelist (the check is kept and shown to the officer; a correction into
 * a complaint publishes it then).
 */
export function announcesRegistryCheck(
  c: Pick<ComplaintRecord, 'registryCheck' | 'nextStep' | 'contactType'>,
): boolean {
  if (c.registryCheck === 'pending' || c.nextStep === null) return false;
  return !(DIRECT_ANSWER_CONTACT_TYPES as readonly string[]).includes(c.contactType);
}

/** The payload of `slrt.evt.intake.complaint.registry-checked.v1` for a complaint and its routing. */
export function registryCheckedPayload(
  c: Pick<
    ComplaintRecord,
    | 'id'
    | 'receiptNumber'
    | 'desaCode'
    | 'category'
    | 'programmeCodes'
    | 'attributes'
    | 'registryCheck'
    | 'nextStep'
    | 'registryDesil'
    | 'registryDataPeriod'
    | 'priorityGroups'
    | 'registryCheckedAt'
  >,
  routing: ReviewRouting,
): EventPayload<'slrt.evt.intake.complaint.registry-checked.v1'> {
  return {
    complaintId: c.id,
    receiptNumber: c.receiptNumber,
    desaCode: c.desaCode,
    category: c.category as 'kepesertaan' | 'non-kepesertaan',
    programmeCodes: c.programmeCodes,
    ...(Object.keys(c.attributes ?? {}).length ? { attributes: c.attributes } : {}),
    outcome: c.registryCheck as Exclude<ComplaintRecord['registryCheck'], 'pending'>,
    nextStep: c.nextStep!,
    desil: c.registryDesil,
    dataPeriod: c.registryDataPeriod,
    ...(c.priorityGroups?.length ? { priorityGroups: c.priorityGroups } : {}),
    checkedAt: (c.registryCheckedAt ?? new Date()).toISOString(),
    intakePoint: routing.intakePoint,
    reviewChain: routing.reviewChain,
    ...(routing.supervisorChecked
      ? {
          supervisorChecked: true,
          ...(routing.supervisorCheckedBy ? { supervisorCheckedBy: routing.supervisorCheckedBy } : {}),
        }
      : {}),
  };
}

/**
 * Completes pending registry checks in the background: claims due ones (safe with many
 * instances), asks the registry, records the answer and publishes `registry-checked`. Backs off
 * per complaint up to 10 minutes while the registry stays silent.
 */
@Injectable()
export class RegistryCheckScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly actor = systemActor('intake');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ComplaintsRepository,
    private readonly registry: RegistryCheck,
    private readonly outbox: OutboxPublisher,
    private readonly env: IntakeEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.schedule(Math.min(1000, this.env.INTAKE_REGISTRY_RETRY_MS));
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn({ err }, 'pending registry checks: round failed'))
        .finally(() => this.schedule(this.env.INTAKE_REGISTRY_RETRY_MS));
    }, ms);
    this.timer.unref();
  }

  /** One round; returns how many checks completed. */
  async runOnce(): Promise<number> {
    const due = await this.dataSource.transaction((m) =>
      this.repo.claimDueRegistryChecks(m, 20, this.env.INTAKE_REGISTRY_RETRY_MS),
    );
    let completed = 0;
    for (const { id, nik } of due) {
      if (this.stopped) break;
      const triage = await this.registry.check(nik, id, null);
      if (triage.outcome === 'pending') break; // registry still silent: the rest waits for their backoff
      await this.dataSource.transaction(async (m) => {
        const updated = await this.repo.completeRegistryCheck(m, id, triage);
        if (updated) {
          await publishRegistryChecked(this.outbox, m, updated, this.actor);
          completed++;
        }
      });
    }
    if (completed) this.logger.info({ completed }, 'pending registry checks completed');
    return completed;
  }
}
