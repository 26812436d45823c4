import type { Schemas } from '@slrt/api-client';
import { DRAFT_PREFIX } from '../../api/session';

export type ComplaintInput = Schemas['ComplaintInputV1'];
export type ComplaintDetail = Schemas['ComplaintDetailV1'];
export type Channel = ComplaintInput['channel'];
export type Relationship = ComplaintInput['relationship'];
export type Category = Schemas['ComplaintBodyV1']['category'];
export type ContactType = Schemas['ComplaintBodyV1']['contactType'];
export type Sector = Schemas['ComplaintBodyV1']['sector'];
export type DocumentKind = Schemas['ComplaintBodyV1']['documentsReceived'][number];
export type SchoolType = NonNullable<NonNullable<Schemas['ComplaintAttributesV1']['schoolType']>>;

// The values the API accepts (its enums), in the order the form offers them.
export const CHANNELS: Channel[] = ['PUSKESOS_FO', 'SEKRETARIAT_FO', 'FASILITATOR_VISIT', 'PHONE', 'WHATSAPP', 'WEB'];
export const RELATIONSHIPS: Exclude<Relationship, 'self'>[] = [
  'child',
  'parent',
  'spouse',
  'sibling',
  'relative',
  'neighbour',
  'community-leader',
  'other',
];
export const CATEGORIES: Category[] = ['non-kepesertaan', 'kepesertaan'];
export const CONTACT_TYPES: ContactType[] = ['pengaduan', 'pertanyaan', 'saran'];
export const SECTORS: Sector[] = [
  'sosial-ekonomi',
  'kesehatan',
  'pendidikan',
  'pangan',
  'energi',
  'pertanian',
  'perikanan',
  'perumahan',
  'adminduk',
];
export const DOCUMENTS: DocumentKind[] = [
  'KTP',
  'KK',
  'SKTM',
  'KKS',
  'KIS',
  'KIP',
  'AKTA_LAHIR',
  'SURAT_KETERANGAN_DESA',
  'SURAT_DOKTER',
  'FOTO_RUMAH',
  'LAINNYA',
];
export const SCHOOL_TYPES: SchoolType[] = ['SD', 'SMP', 'SMA', 'SMK', 'SLB', 'MI', 'MTS', 'MA', 'PESANTREN'];

/** A person as the form holds it: every field a string (empty = not given). */
export interface PersonDraft {
  nik: string;
  noKk: string;
  name: string;
  birthDate: string;
  birthPlace: string;
  sex: '' | 'F' | 'M';
  street: string;
  rt: string;
  rw: string;
  desaCode: string;
  phone: string;
  consent: boolean;
}

/** The registration form's state (what is kept as the draft). */
export interface ComplaintDraft {
  channel: Channel;
  place: string;
  subject: PersonDraft;
  /** Someone else complains on the subject's behalf. */
  byOther: boolean;
  complainant: PersonDraft;
  relationship: Exclude<Relationship, 'self'>;
  anonymous: boolean;
  confidential: boolean;
  category: Category;
  contactType: ContactType;
  programmeCodes: string[];
  sector: Sector;
  schoolType: '' | SchoolType;
  documentsReceived: DocumentKind[];
  description: string;
}

export const emptyPerson = (): PersonDraft => ({
  nik: '',
  noKk: '',
  name: '',
  birthDate: '',
  birthPlace: '',
  sex: '',
  street: '',
  rt: '',
  rw: '',
  desaCode: '',
  phone: '',
  consent: false,
});

export function emptyDraft(channel: Channel = 'PUSKESOS_FO'): ComplaintDraft {
  return {
    channel,
    place: '',
    subject: emptyPerson(),
    byOther: false,
    complainant: emptyPerson(),
    relationship: 'child',
    anonymous: false,
    confidential: false,
    category: 'non-kepesertaan',
    contactType: 'pengaduan',
    programmeCodes: [],
    sector: 'sosial-ekonomi',
    schoolType: '',
    documentsReceived: [],
    description: '',
  };
}

/** What a NIK or KK field keeps of what is typed into it: its digits, at most 16. */
export const idDigits = (v: string): string => v.replace(/\D/g, '').slice(0, 16);

const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

function personInput(p: PersonDraft): Schemas['PersonInputV1'] {
  return {
    nik: opt(p.nik),
    noKk: opt(p.noKk),
    name: p.name.trim(),
    birthDate: opt(p.birthDate),
    birthPlace: opt(p.birthPlace),
    sex: p.sex === '' ? undefined : p.sex,
    address: { street: opt(p.street), rt: opt(p.rt), rw: opt(p.rw), desaCode: p.desaCode },
    phone: opt(p.phone),
    consent: p.consent,
  };
}

/** The draft as the API's registration body. */
export function toInput(d: ComplaintDraft): ComplaintInput {
  return {
    channel: d.channel,
    place: opt(d.place),
    subject: personInput(d.subject),
    complainant: d.byOther ? personInput(d.complainant) : null,
    relationship: d.byOther ? d.relationship : 'self',
    anonymous: d.byOther && d.anonymous,
    confidential: d.confidential,
    complaint: {
      category: d.category,
      contactType: d.contactType,
      programmeCodes: d.programmeCodes,
      sector: d.sector,
      description: d.description.trim(),
      documentsReceived: d.documentsReceived,
      ...(d.schoolType ? { attributes: { schoolType: d.schoolType } } : {}),
    },
  };
}

function personDraft(p: Schemas['PersonViewV1'] | undefined): PersonDraft {
  if (!p) return emptyPerson();
  return {
    nik: p.nik ?? '',
    noKk: p.noKk ?? '',
    name: p.name,
    birthDate: p.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) ? p.birthDate : '',
    birthPlace: p.birthPlace ?? '',
    sex: p.sex ?? '',
    street: p.street ?? '',
    rt: p.rt ?? '',
    rw: p.rw ?? '',
    desaCode: p.desaCode,
    phone: p.phone ?? '',
    consent: p.consent,
  };
}

const oneOf = <T extends string>(values: readonly T[], v: string, fallback: T): T =>
  (values as readonly string[]).includes(v) ? (v as T) : fallback;

/** A complaint's detail (read with reveal) as a form draft, for a correction. */
export function draftFromDetail(c: ComplaintDetail): ComplaintDraft {
  const subject = c.persons.find((p) => p.role === 'subject');
  const complainant = c.persons.find((p) => p.role === 'complainant');
  return {
    channel: oneOf(CHANNELS, c.channel, 'PUSKESOS_FO'),
    place: c.place ?? '',
    subject: personDraft(subject),
    byOther: c.relationship !== 'self',
    complainant: personDraft(complainant),
    relationship: oneOf(RELATIONSHIPS, c.relationship, 'other'),
    anonymous: c.anonymous,
    confidential: c.confidential,
    category: oneOf(CATEGORIES, c.category, 'non-kepesertaan'),
    contactType: oneOf(CONTACT_TYPES, c.contactType, 'pengaduan'),
    programmeCodes: c.programmeCodes,
    sector: oneOf(SECTORS, c.sector, 'sosial-ekonomi'),
    schoolType: c.attributes?.schoolType ?? '',
    documentsReceived: c.documentsReceived.filter((d): d is DocumentKind => (DOCUMENTS as string[]).includes(d)),
    description: c.description,
  };
}

/**
 * The registration draft lives in `sessionStorage` (this tab only, gone when the browser tab
 * closes, removed on sign-out by the session): it survives a reload, a re-login and a crash of the
 * page, but does not stay on a shared counter computer's disk with a citizen's NIK in it.
 */
export const DRAFT_KEY = `${DRAFT_PREFIX}front-office.registration`;

export function loadDraft(): ComplaintDraft | null {
  try {
    const raw = sessionStorage.getItem(DRAFT_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<ComplaintDraft>;
    const base = emptyDraft();
    return {
      ...base,
      ...parsed,
      subject: { ...base.subject, ...parsed.subject },
      complainant: { ...base.complainant, ...parsed.complainant },
    };
  } catch {
    return null;
  }
}

/** Nothing entered yet: the draft equals a new one of its channel. */
export function isEmptyDraft(d: ComplaintDraft): boolean {
  return JSON.stringify(d) === JSON.stringify(emptyDraft(d.channel));
}

export function saveDraft(d: ComplaintDraft): void {
  try {
    sessionStorage.setItem(DRAFT_KEY, JSON.stringify(d));
  } catch {
    /* storage full or disabled: the form still works, only without a draft */
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    /* nothing to clear */
  }
}

/**
 * Files chosen in the registration form, handed to the receipt page which uploads them once the
 * complaint exists (files cannot be kept in a draft; they stay in this page's memory).
 */
const pendingUploads = new Map<string, File[]>();
export function handOverFiles(complaintId: string, files: File[]): void {
  if (files.length) pendingUploads.set(complaintId, files);
}
export function takeFiles(complaintId: string): File[] {
  const files = pendingUploads.get(complaintId) ?? [];
  pendingUploads.delete(complaintId);
  return files;
}

/** Public timeline steps after which a complaint is no longer open (intake's rule for duplicates). */
export const FINISHED_STATUSES = ['withdrawn', 'resolved', 'rejected', 'closed'];

/**
 * The draft with what was typed into the page's markup before the application ran
 * (`src/prerender/takeover.ts`), keyed by the inputs' API paths: `subject.nik`,
 * `subject.address.street`, `complaint.description`, `complaint.attributes.schoolType`, `place`.
 * A path the draft does not have, or a value of another kind, is left out.
 */
export function withTyped(draft: ComplaintDraft, typed: Record<string, string | boolean | string[]>): ComplaintDraft {
  const next: ComplaintDraft = { ...draft, subject: { ...draft.subject }, complainant: { ...draft.complainant } };
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : typeof v);
  for (const [path, value] of Object.entries(typed)) {
    const parts = path
      .replace(/^complaint\.(attributes\.)?/, '')
      .replace(/^(subject|complainant)\.address\./, '$1.')
      .split('.');
    const person = parts.length === 2 && (parts[0] === 'subject' || parts[0] === 'complainant') ? parts[0] : null;
    if (parts.length > (person ? 2 : 1)) continue;
    const owner = (person ? next[person] : next) as unknown as Record<string, unknown>;
    const key = parts[parts.length - 1]!;
    if (!Object.prototype.hasOwnProperty.call(owner, key) || kind(owner[key]) !== kind(value)) continue;
    owner[key] = person && (key === 'nik' || key === 'noKk') ? idDigits(value as string) : value;
  }
  return next;
}
