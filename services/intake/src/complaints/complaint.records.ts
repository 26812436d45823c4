import type { ComplaintAttributesV1, HouseholdInputV1, VulnerableGroup } from '@slrt/contracts';
/** A complaint row as stored (snake_case columns mapped by the repository). */
export interface ComplaintRecord {
  id: string;
  receiptNumber: string;
  trackingCode: string;
  kabKotaCode: string;
  channel: string;
  place: string | null;
  officerId: string;
  officerRole: string;
  recordedAt: Date;
  registeredAt: Date;
  updatedAt: Date;
  category: string;
  contactType: string;
  programmeCodes: string[];
  sector: string;
  description: string;
  documentsReceived: string[];
  relationship: string;
  anonymous: boolean;
  confidential: boolean;
  desaCode: string;
  status: 'registered' | 'triaged' | 'withdrawn';
  registryCheck: 'pending' | 'in-registry' | 'not-in-registry' | 'no-identity';
  nextStep: 'review' | 'prelist' | 'civil-registration' | null;
  registryDesil: number | null;
  registryProgrammes: string[];
  registryDataPeriod: string | null;
  registryCheckedAt: Date | null;
  possibleDuplicateOf: string | null;
  clientId: string | null;
  contentHash: string;
  version: number;
  withdrawnAt: Date | null;
  /** Routing attributes (`ComplaintAttributesV1`, e.g. `{ schoolType: 'MTS' }`); `{}` when none. */
  attributes: ComplaintAttributesV1;
  /** Priority groups of the subject and household members (union); `[]` when none. */
  priorityGroups: VulnerableGroup[];
  /** The household's participation and needs as recorded; `{}` when none. */
  household: HouseholdInputV1;
  /** Catalogue codes received now / needed, household and members together (for counts). */
  programmesReceived: string[];
  programmesNeeded: string[];
  /** Arrival at the counter and whole minutes from it to the recording (receipt); null when not recorded. */
  arrivedAt: Date | null;
  serviceMinutes: number | null;
}

/** A person row as stored. Personal data: never logged. */
export interface PersonRecord {
  complaintId: string;
  role: 'subject' | 'complainant';
  nik: string | null;
  noKk: string | null;
  name: string;
  birthDate: string | null;
  birthPlace: string | null;
  sex: 'F' | 'M' | null;
  street: string | null;
  rt: string | null;
  rw: string | null;
  desaCode: string;
  phone: string | null;
  consent: boolean;
  vulnerableGroups: VulnerableGroup[];
}

/** What a registry check concluded; `pending` when the registry did not answer in time. */
export interface Triage {
  outcome: 'pending' | 'in-registry' | 'not-in-registry' | 'no-identity';
  nextStep: 'review' | 'prelist' | 'civil-registration' | null;
  desil: number | null;
  programmes: string[];
  dataPeriod: string | null;
}
