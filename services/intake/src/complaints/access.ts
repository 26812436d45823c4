import { RPCS, type Actor, type Role } from '@slrt/contracts';
import { REVEAL_ROLES, hasRole, refused } from '@slrt/auth';

/**
 * Intake's own access rules. Which roles may call each request is declared once in the catalog
 * (libs/contracts `RPCS`), enforced by the gateway and the transport; the generic checks
 * (`requireRole`, `inScope`, `scopePatterns`) are libs/auth's policy, which intake applies again
 * (defence in depth). The actor of a request is bound to the service that sent it (libs/messaging
 * refuses anything else): a user or owner client comes from the gateway, any other service is
 * `system:<service>` and gets only what `SYSTEM_READERS` grants — nothing that `requireRole`
 * guards, because system actors hold no roles.
 */
export const INTAKE_ROLES = {
  register: RPCS['slrt.rpc.intake.register-complaint.v1'].roles,
  sync: RPCS['slrt.rpc.intake.sync-field-complaints.v1'].roles,
  read: RPCS['slrt.rpc.intake.get-complaint.v1'].roles,
  reveal: REVEAL_ROLES,
  correct: RPCS['slrt.rpc.intake.correct-complaint.v1'].roles,
  withdraw: RPCS['slrt.rpc.intake.withdraw-complaint.v1'].roles,
  documents: RPCS['slrt.rpc.intake.get-complaint-receipt.v1'].roles,
} as const satisfies Record<string, readonly Role[]>;

/**
 * Services that may read a complaint (`get-complaint`, and nothing else) with its persons in full,
 * for the whole deployment: the registry drafts a prelist entry from the complaint's subject (its
 * event carries no personal data); referral puts the person's data into the referral a BO sends
 * to programme owners (naming that BO as `onBehalfOf`). Every such read is audited like an
 * operator's.
 */
export const SYSTEM_READERS: readonly string[] = ['system:registry', 'system:referral'];

/** Whether the actor is a service allowed to read complaints in full (see SYSTEM_READERS). */
export function isSystemReader(actor: Actor): boolean {
  return actor.kind === 'system' && SYSTEM_READERS.includes(actor.id);
}

/**
 * May this actor see the persons of a complaint, and what names or shows them (receipt, Dukcapil
 * letter, attachments)? A confidential complaint only to its officer, the case handlers (BO, MJ)
 * and the system readers; every other complaint to whoever may read it.
 */
export function seesConfidential(complaint: { confidential: boolean; officerId: string }, actor: Actor): boolean {
  return (
    !complaint.confidential || complaint.officerId === actor.id || hasRole(actor, ['BO', 'MJ']) || isSystemReader(actor)
  );
}

/** Refuses (403) an actor who may not see a confidential complaint's persons; see {@link seesConfidential}. */
export function requireSeesConfidential(complaint: { confidential: boolean; officerId: string }, actor: Actor): void {
  if (seesConfidential(complaint, actor)) return;
  throw refused({
    reason: 'CONFIDENTIAL',
    detail: 'Pengaduan ini rahasia: hanya petugas pencatat dan penangan kasus yang boleh melihat data dan lampirannya.',
  });
}
