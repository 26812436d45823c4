import { Inject, Injectable } from '@nestjs/common';
import { rollupSubject, type Envelope } from '@slrt/contracts';
import {
  HEADER,
  RepeatingTask,
  buildEventEnvelope,
  connectNats,
  envelopeHeaders,
  inboxPrefix,
  isNatsDisconnected,
  publishToStream,
  type NatsConnection,
} from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { ReportingEnv } from '../config/reporting.env.js';
import { RollupService } from './rollup.service.js';

/** The link to the hub is down (or the hub's JetStream did not acknowledge): retried next round. */
class HubUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HubUnreachable';
  }
}

/** The JetStream dedup id of a month's version (WIRE-STABLE): `rollup:<kab-kota>:<month>:<version>`. */
export function rollupMsgId(kabKotaCode: string, month: string, version: number): string {
  return `rollup:${kabKotaCode.replace('.', '')}:${month}:${version}`;
}

/** The subject every roll-up message is declared under. */
const DECLARED = 'slrt.rollup.*.monthly.v1' as const;

/**
 * The upward side of the roll-up (issue 13), on when `REPORTING_ROLLUP_NATS_URL` is set.
 *
 * Kab-kota mode: each round computes the previous and the current month (a new version when the
 * figures changed), then publishes to the province hub's JetStream, on a connection of its own,
 * every month whose newest version the hub has not acknowledged, and records the PubAck.
 *
 * Province mode (a province hub with a national hub above): each round forwards to the national
 * hub, unchanged (the envelope as received, the kab/kota's `Nats-Msg-Id`), every kab/kota month
 * whose newest version held here the national hub has not acknowledged, and records the PubAck.
 *
 * No outbox at either level: each message carries the whole month, so the newest version
 * supersedes any never sent (no gap after an outage) and the hub ignores a version it already has
 * or an older one (no double). A link down leaves the months unsent for the next round; it is
 * logged once per outage, not per round.
 */
@Injectable()
export class RollupPublisherTask extends RepeatingTask {
  private nc: NatsConnection | null = null;
  private linkDown = false;
  /** Rounds that found the hub out of reach since the service started. */
  unreachableRounds = 0;

  constructor(
    private readonly rollup: RollupService,
    private readonly env: ReportingEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  /** Whether this instance sends a roll-up upward at all (its own, or its kab/kota's forwarded). */
  get enabled(): boolean {
    return this.env.REPORTING_ROLLUP_NATS_URL !== '';
  }

  /** The hub this instance sends to, as the logs name it. */
  private get upper(): string {
    return this.env.REPORTING_MODE === 'province' ? 'national hub' : 'province hub';
  }

  protected interval() {
    return this.env.REPORTING_ROLLUP_INTERVAL_MS;
  }

  override onApplicationBootstrap() {
    if (this.enabled) super.onApplicationBootstrap();
  }

  override async beforeApplicationShutdown() {
    await super.beforeApplicationShutdown();
    const nc = this.nc;
    this.nc = null;
    await nc?.close().catch(() => undefined);
  }

  /**
   * One round: the months computed anew (kab-kota mode) and the versions the hub acknowledged
   * (`<month>:v<N>`; forwarded by a province: `<kab-kota>:<month>:v<N>`).
   */
  async runOnce(now = new Date()): Promise<{ changed: string[]; sent: string[] }> {
    if (this.env.REPORTING_MODE === 'province') return { changed: [], sent: await this.forward() };
    const changed = await this.rollup.refresh(now);
    const pending = await this.rollup.unsent();
    const sent: string[] = [];
    if (!pending.length) return { changed, sent };
    const hub = await this.hub();
    const producer = { service: 'reporting', kabKotaCode: this.env.KAB_KOTA_CODE };
    for (const row of pending) {
      const subject = rollupSubject(DECLARED, this.env.KAB_KOTA_CODE);
      const envelope = buildEventEnvelope(producer, DECLARED, subject, row.payload, {
        actor: null,
        causationId: null,
        occurredAt: new Date(row.payload.computedAt),
      });
      await this.send(hub, subject, envelope, rollupMsgId(this.env.KAB_KOTA_CODE, row.month, row.version));
      await this.rollup.markSent(row.month, row.version);
      sent.push(`${row.month}:v${row.version}`);
    }
    return { changed, sent };
  }

  /**
   * Province mode: forwards every kab/kota month the national hub lacks, oldest month first, each
   * in the envelope it came in (a row kept before envelopes were gets a fresh one, its kab/kota as
   * the producer), under the kab/kota's own `Nats-Msg-Id`.
   */
  private async forward(): Promise<string[]> {
    const sent: string[] = [];
    const batch = 500;
    for (;;) {
      const pending = await this.rollup.unforwarded(batch);
      if (!pending.length) return sent;
      const hub = await this.hub();
      for (const row of pending) {
        const subject = rollupSubject(DECLARED, row.kab_kota_code);
        const envelope =
          row.envelope ??
          buildEventEnvelope({ service: 'reporting', kabKotaCode: row.kab_kota_code }, DECLARED, subject, row.payload, {
            actor: null,
            causationId: null,
            occurredAt: new Date(row.payload.computedAt),
          });
        await this.send(hub, subject, envelope, rollupMsgId(row.kab_kota_code, row.month, row.version));
        await this.rollup.markForwarded(row.kab_kota_code, row.month, row.version);
        sent.push(`${row.kab_kota_code}:${row.month}:v${row.version}`);
      }
      if (pending.length < batch) return sent;
    }
  }

  /** Publishes one month's message to the hub's JetStream and waits for its PubAck. */
  private async send(hub: NatsConnection, subject: string, envelope: Envelope, msgID: string): Promise<void> {
    const headers = { ...envelopeHeaders(envelope), [HEADER.msgId]: msgID };
    try {
      await publishToStream(hub, subject, JSON.stringify(envelope), { msgID, headers, timeoutMs: 5000 });
    } catch (err) {
      throw new HubUnreachable(`publishing ${subject} (${msgID}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** The link to the hub, connecting on first use (the hub may be unreachable when the service starts). */
  private async hub(): Promise<NatsConnection> {
    if (!this.nc) {
      const user = this.env.REPORTING_ROLLUP_NATS_USER;
      try {
        this.nc = await connectNats({
          url: this.env.REPORTING_ROLLUP_NATS_URL,
          name:
            this.env.REPORTING_MODE === 'province'
              ? 'reporting-rollup-forward'
              : `reporting-rollup-${this.env.KAB_KOTA_CODE}`,
          ...(user ? { user, password: this.env.REPORTING_ROLLUP_NATS_PASSWORD, inboxPrefix: inboxPrefix(user) } : {}),
          ...(this.env.REPORTING_ROLLUP_NATS_TLS_CA ? { tlsCaFile: this.env.REPORTING_ROLLUP_NATS_TLS_CA } : {}),
          logger: this.logger,
        });
      } catch (err) {
        throw new HubUnreachable(`connecting to the hub: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // While the link is down a publish would only wait for its timeout (or be sent late): skip.
    if (isNatsDisconnected(this.nc)) throw new HubUnreachable('the link to the hub is down');
    return this.nc;
  }

  protected roundEnded(error: unknown) {
    if (error instanceof HubUnreachable) {
      this.unreachableRounds++;
      if (!this.linkDown)
        this.logger.warn(
          { err: error.message, hub: this.upper },
          'roll-up: the hub above is out of reach; months stay unsent and are retried every round',
        );
      this.linkDown = true;
      return;
    }
    if (error) {
      this.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'roll-up round failed');
      return;
    }
    if (this.linkDown)
      this.logger.info({ hub: this.upper }, 'roll-up: the hub above is reachable again; unsent months published');
    this.linkDown = false;
  }
}
