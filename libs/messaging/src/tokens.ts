import type { Tracing } from '@slrt/observability';
import type { ServiceName } from '@slrt/contracts';

/** Injection token of the process's NATS connection. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
/** Injection token of the `MessagingOptions` the module was configured with. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** How a service connects to the bus. */
export interface MessagingOptions {
  service: ServiceName;
  /** Spans of the requests and events this service handles (none by default). */
  tracing?: Tracing;
  natsUrl: string;
  /** NATS user (the service's name in deploy/nats) and password; none: anonymous. */
  natsUser?: string;
  natsPassword?: string;
  /** CA of the NATS server certificate (requires TLS). */
  natsTlsCa?: string;
  /** The deployment's kab/kota, stamped on every envelope. */
  kabKotaCode: string;
  /** PostgreSQL URL (for the outbox relay's LISTEN connection). */
  databaseUrl: string;
  /** The service's schema (outbox and inbox tables). */
  schema: string;
  /** Replicas of each stream (used by the provisioning step, not by the service). */
  streamReplicas?: number;
  /** Run the outbox relay in this process (default true). */
  relay?: boolean;
  /** Deliveries before an event goes to the DLQ (default 5). */
  maxDeliver?: number;
  /** How long JetStream waits for an ack before redelivering (default 30 s). */
  ackWaitMs?: number;
  /** First retry delay after a transient handler failure (default 500 ms). */
  retryBaseMs?: number;
}
