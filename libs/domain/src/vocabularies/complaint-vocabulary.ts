/**
 * Vocabularies of complaints (docs/domain.md "Complaints"). WIRE-STABLE: stored in the
 * database and carried in events (`@slrt/contracts` re-exports them); consumers switch on these
 * values. Do not rename a value without a migration plan.
 */

/**
 * `kepesertaan` (membership: a poor person left off a beneficiary list, or wrong registry data;
 * routed to the registry side as a prelist entry or data change) or `non-kepesertaan` (delivery:
 * aid not paid, lost KKS card, wrong amount; routed to the programme's own complaint procedure).
 */
export const COMPLAINT_CATEGORIES = ['kepesertaan', 'non-kepesertaan'] as const;
/** One of {@link COMPLAINT_CATEGORIES}. */
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** Indonesian label of each {@link ComplaintCategory}, for screens and documents. */
export const COMPLAINT_CATEGORY_LABELS: Readonly<Record<ComplaintCategory, string>> = {
  kepesertaan: 'Kepesertaan',
  'non-kepesertaan': 'Non-kepesertaan',
};

/** How the ministry's app types a contact: question, suggestion or complaint. */
export const CONTACT_TYPES = ['pertanyaan', 'saran', 'pengaduan'] as const;
/** One of {@link CONTACT_TYPES}. */
export type ContactType = (typeof CONTACT_TYPES)[number];

/** Indonesian label of each {@link ContactType}. */
export const CONTACT_TYPE_LABELS: Readonly<Record<ContactType, string>> = {
  pertanyaan: 'Pertanyaan',
  saran: 'Saran',
  pengaduan: 'Pengaduan',
};
