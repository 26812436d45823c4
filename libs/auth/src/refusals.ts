import { DomainError } from '@slrt/messaging';
import { revealRefusal, roleRefusal, scopeRefusal, type Refusal } from './policy.js';
import type { Actor, FieldError, Role } from '@slrt/contracts';

/** The error a request handler throws for a refusal: `FORBIDDEN` with the refusal's reason (403 at the gateway). */
export function refused(refusal: Refusal, extra: { fieldErrors?: FieldError[]; allowed?: string[] } = {}): DomainError {
  return new DomainError('FORBIDDEN', refusal.detail, { reason: refusal.reason, ...extra });
}

/** Refuses (throws) an actor that is not a user holding one of `roles`; see `roleRefusal`. */
export function requireRole(actor: Actor, roles: readonly Role[], detail?: string): void {
  const refusal = roleRefusal(actor, roles, detail);
  if (refusal) throw refused(refusal);
}

/**
 * The calling programme owner's code: a PO user or an owner's API client holding an owner code;
 * anyone else is refused (`NOT_AN_OWNER`).
 */
export function requireOwner(
  actor: Actor,
  detail = 'Hanya pengelola program yang dapat melihat dan menjawab rujukan.',
): string {
  const isOwner = (actor.kind === 'owner-client' || actor.roles.includes('PO')) && actor.ownerCode;
  if (!isOwner) throw refused({ reason: 'NOT_AN_OWNER', detail });
  return actor.ownerCode!;
}

/** Refuses (throws) a region outside the actor's scope with `OUT_OF_SCOPE`; see `scopeRefusal`. */
export function requireRegion(
  actor: Actor,
  regionCode: string,
  detail?: string,
  extra?: { fieldErrors?: FieldError[] },
): void {
  const refusal = scopeRefusal(actor, regionCode, detail);
  if (refusal) throw refused(refusal, extra);
}

/** Refuses (throws) `reveal` to roles that do not need full identifiers; see `revealRefusal`. */
export function requireReveal(actor: Actor, reveal: boolean, detail?: string): void {
  const refusal = revealRefusal(actor, reveal, detail);
  if (refusal) throw refused(refusal);
}
