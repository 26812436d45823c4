/**
 * Vocabularies used in intake's complaint events. WIRE-STABLE: consumers (referral, registry,
 * reporting, ministries' dashboards) switch on these values.
 */

// Complaint category and contact type are the field's vocabularies, declared once in libs/domain.
export {
  COMPLAINT_CATEGORIES,
  CONTACT_TYPES,
  DIRECT_ANSWER_CONTACT_TYPES,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type ContactType,
  type VulnerableGroup,
} from '@slrt/domain';

/**
 * Result of checking the complaint's subject against DTKS/DTSEN:
 * `pending` (registry did not answer yet; the check completes later by itself),
 * `in-registry`, `not-in-registry`, or `no-identity` (no NIK/KK: civil registration first).
 */
export const REGISTRY_CHECK_STATES = ['pending', 'in-registry', 'not-in-registry', 'no-identity'] as const;
export type RegistryCheckState = (typeof REGISTRY_CHECK_STATES)[number];

/** What follows a completed check: review chain, prelist proposal, or Dukcapil first. */
export const TRIAGE_NEXT_STEPS = ['review', 'prelist', 'civil-registration'] as const;
export type TriageNextStep = (typeof TRIAGE_NEXT_STEPS)[number];
