import { INTAKE_EVENTS, INTAKE_RPCS } from './catalog-intake.js';
import { NOTIFICATION_EVENTS, NOTIFICATION_RPCS } from './catalog-notification.js';
import { REFERRAL_EVENTS, REFERRAL_RPCS } from './catalog-referral.js';
import { REGISTRY_EVENTS, REGISTRY_RPCS } from './catalog-registry.js';
import { NOTIFICATION_INBOX_RPCS } from './catalog-notification-inbox.js';
import { REPORTING_EVENTS, REPORTING_RPCS } from './catalog-reporting.js';
import { OUTCOME_EVENTS, OUTCOME_RPCS } from './catalog-outcome.js';
import type { RpcAccess } from './envelope/access.js';

/** A payload class: class-validator decorated, constructible without arguments. */
export type PayloadClass<T extends object = object> = new () => T;

/**
 * Event subjects (JetStream, durable) and their payload classes. The single declaration of every
 * event on the platform: the publisher and the consumer decorator are typed from it, so publishing
 * the wrong payload on a subject does not compile. Owner subjects use `*` for the owner code.
 */
export const EVENTS = {
  ...INTAKE_EVENTS,
  ...REGISTRY_EVENTS,
  ...REFERRAL_EVENTS,
  ...NOTIFICATION_EVENTS,
  ...OUTCOME_EVENTS,
  ...REPORTING_EVENTS,
} as const satisfies Record<string, PayloadClass>;

/**
 * Request subjects (core NATS request/reply) with their request and response classes and who may
 * call them (`RpcAccess`: the roles of the people the gateway asserts, and the services that ask
 * as themselves) — the one declaration of each request's access: the gateway's route roles are
 * derived from it and the transport enforces it before a handler runs.
 */
export const RPCS = {
  ...NOTIFICATION_INBOX_RPCS,
  ...INTAKE_RPCS,
  ...REGISTRY_RPCS,
  ...REFERRAL_RPCS,
  ...NOTIFICATION_RPCS,
  ...REPORTING_RPCS,
  ...OUTCOME_RPCS,
} as const satisfies Record<string, { request: PayloadClass; response: PayloadClass } & RpcAccess>;

export type EventSubject = keyof typeof EVENTS;
export type EventPayload<S extends EventSubject> = InstanceType<(typeof EVENTS)[S]>;
export type RpcSubject = keyof typeof RPCS;
export type RpcRequest<S extends RpcSubject> = InstanceType<(typeof RPCS)[S]['request']>;
export type RpcResponse<S extends RpcSubject> = InstanceType<(typeof RPCS)[S]['response']>;

/** Whether `subject` is a declared event subject (owner subjects in their `*` form). */
export function isEventSubject(subject: string): subject is EventSubject {
  return Object.hasOwn(EVENTS, subject);
}

/** Whether `subject` is a declared request subject. */
export function isRpcSubject(subject: string): subject is RpcSubject {
  return Object.hasOwn(RPCS, subject);
}
