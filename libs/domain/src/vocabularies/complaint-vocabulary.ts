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

/**
 * Contact types answered directly by the FO or SPV, without the review chain (a question or a
 * suggestion needs an answer, not a referral): recorded, answered and counted by intake.
 */
export const DIRECT_ANSWER_CONTACT_TYPES: readonly ContactType[] = ['pertanyaan', 'saran'];

/**
 * The priority groups among the poorest and most vulnerable (seed 002, "Sasaran SLRT": persons with
 * disabilities, neglected women and children, the elderly, remote indigenous communities), flagged
 * per person at intake. A complaint about a person of one of them gets shorter deadlines (referral)
 * and is visible as such to routing and ranking. WIRE-STABLE: stored and carried in events.
 */
export const VULNERABLE_GROUPS = [
  'disabilitas',
  'perempuan-terlantar',
  'anak-terlantar',
  'lanjut-usia',
  'komunitas-adat-terpencil',
] as const;
/** One of {@link VULNERABLE_GROUPS}. */
export type VulnerableGroup = (typeof VULNERABLE_GROUPS)[number];

/** Indonesian label of each {@link VulnerableGroup}. */
export const VULNERABLE_GROUP_LABELS: Readonly<Record<VulnerableGroup, string>> = {
  disabilitas: 'Penyandang disabilitas',
  'perempuan-terlantar': 'Perempuan terlantar',
  'anak-terlantar': 'Anak terlantar',
  'lanjut-usia': 'Lanjut usia',
  'komunitas-adat-terpencil': 'Komunitas adat terpencil',
};
