import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOnBehalfOf } from '../../envelope/actor.js';
import { ComplaintAttributesV1 } from '../../events/intake/complaint-attributes.v1.js';
import { ComplaintSummaryV1 } from './complaint-input.v1.js';
import { FULL_DATE_OR_INSTANT } from '../../time-formats.js';
import { HouseholdInputV1, ProgrammeParticipationV1 } from './household.v1.js';
import { ANSWER_CHANNELS, type AnswerChannel } from '../../events/intake/complaint-answered.v1.js';
import { CONTACT_TYPES, VULNERABLE_GROUPS, type VulnerableGroup } from '../../events/intake/complaint-vocabulary.js';
import { IsNik } from '../../identifiers.js';

/** A person as shown to an operator: NIK, KK and phone masked unless the role may see them. */
export class PersonViewV1 {
  @IsIn(['subject', 'complainant']) role!: 'subject' | 'complainant';
  @IsString() name!: string;
  @ValidateIf((o: PersonViewV1) => o.nik !== null) @IsString() nik!: string | null;
  @ValidateIf((o: PersonViewV1) => o.noKk !== null) @IsString() noKk!: string | null;
  @ValidateIf((o: PersonViewV1) => o.birthDate !== null) @IsString() birthDate!: string | null;
  @ValidateIf((o: PersonViewV1) => o.birthPlace !== null) @IsString() birthPlace!: string | null;
  @ValidateIf((o: PersonViewV1) => o.sex !== null) @IsIn(['F', 'M']) sex!: 'F' | 'M' | null;
  @ValidateIf((o: PersonViewV1) => o.street !== null) @IsString() street!: string | null;
  @ValidateIf((o: PersonViewV1) => o.rt !== null) @IsString() rt!: string | null;
  @ValidateIf((o: PersonViewV1) => o.rw !== null) @IsString() rw!: string | null;
  @IsString() desaCode!: string;
  @ValidateIf((o: PersonViewV1) => o.phone !== null) @IsString() phone!: string | null;
  @IsBoolean() consent!: boolean;
  /** Whether NIK/KK/phone are shown in full (the read was audited). */
  @IsBoolean() revealed!: boolean;
  /** Priority groups the person belongs to (absent: none recorded). */
  @IsOptional() @IsArray() @IsIn([...VULNERABLE_GROUPS], { each: true }) vulnerableGroups?: VulnerableGroup[];
}

/** The direct answer to a question or suggestion (FO or SPV, without the review chain). */
export class ContactAnswerViewV1 {
  /** The answer as the officer recorded it (may name people: shown to staff only). */
  @IsString() answer!: string;
  @IsIn([...ANSWER_CHANNELS]) channel!: AnswerChannel;
  @IsString() answeredBy!: string;
  @IsIn(['FO', 'SPV']) answeredByRole!: 'FO' | 'SPV';
  @IsISO8601() answeredAt!: string;
}

/**
 * One step of the complaint's citizen-facing timeline (intake's `complaint_status`), as staff see
 * it: what the public status shows (label and explanation in Bahasa Indonesia, date) plus the
 * programme owner's code and the reason code and text. Never free text typed by staff or owners.
 */
export class ComplaintStatusStepV1 {
  /** The step (COMPLAINT_STEPS of `complaint.status-changed.v1`). */
  @IsString() step!: string;
  /** As the citizen reads it, with the owner's code in place of its name, e.g. `Dirujuk ke kemensos-pkh`. */
  @IsString() label!: string;
  @IsString() explanation!: string;
  @IsISO8601() at!: string;
  @ValidateIf((o: ComplaintStatusStepV1) => o.ownerCode !== null) @IsString() ownerCode!: string | null;
  @ValidateIf((o: ComplaintStatusStepV1) => o.reasonCode !== null) @IsString() reasonCode!: string | null;
  /** The reason in plain Indonesian, as published to the citizen. */
  @ValidateIf((o: ComplaintStatusStepV1) => o.reasonText !== null) @IsString() reasonText!: string | null;
}

/** A complaint with its persons and history, as `getComplaint` answers. */
export class ComplaintDetailV1 extends ComplaintSummaryV1 {
  @IsString() channel!: string;
  @ValidateIf((o: ComplaintDetailV1) => o.place !== null) @IsString() place!: string | null;
  @IsString() officerId!: string;
  @IsString() officerRole!: string;
  @IsString() category!: string;
  @IsString() contactType!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsString() sector!: string;
  @IsString() description!: string;
  @IsArray() @IsString({ each: true }) documentsReceived!: string[];
  /** Routing attributes recorded at intake (e.g. `schoolType`); intake always sends it (`{}` when none). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ComplaintAttributesV1) attributes?: ComplaintAttributesV1;
  @IsString() relationship!: string;
  @IsBoolean() anonymous!: boolean;
  @IsBoolean() confidential!: boolean;
  @IsString() desaCode!: string;
  @ValidateIf((o: ComplaintDetailV1) => o.desil !== null) @IsInt() desil!: number | null;
  @IsArray() @IsString({ each: true }) registryProgrammes!: string[];
  @ValidateIf((o: ComplaintDetailV1) => o.dataPeriod !== null) @IsString() dataPeriod!: string | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PersonViewV1)
  persons!: PersonViewV1[];
  @IsArray() @IsString({ each: true }) linkedComplaints!: string[];
  /** The citizen-facing timeline, oldest first (what the public status shows); intake always sends it. */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ComplaintStatusStepV1)
  statusHistory?: ComplaintStatusStepV1[];
  /** When the citizen arrived at the counter; absent when not recorded. */
  @IsOptional() @IsISO8601() arrivedAt?: string;
  /** Minutes from arrival to the receipt (registration); absent when the arrival was not recorded. */
  @IsOptional() @IsInt() serviceMinutes?: number;
  /** Priority groups of the subject and household members (union); intake always sends it (`[]` when none). */
  @IsOptional() @IsArray() @IsIn([...VULNERABLE_GROUPS], { each: true }) priorityGroups?: VulnerableGroup[];
  /** The household's programme participation and needs as recorded; members' names only to who sees the persons. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HouseholdInputV1) household?: HouseholdInputV1;
  /** Each programme received or needed, cross-checked with the registry's flags (reviewers' view). */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProgrammeParticipationV1)
  programmeParticipation?: ProgrammeParticipationV1[];
  /** The direct answer of a question or suggestion; null while unanswered (absent for older clients' expectations). */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ContactAnswerViewV1) answer?: ContactAnswerViewV1 | null;
}

/** `slrt.rpc.intake.get-complaint.v1`. */
export class GetComplaintRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  /** Show NIK, KK and phone in full (only roles that need them; audited). */
  @IsOptional() @IsBoolean() reveal?: boolean;
  /**
   * Why the full data is needed (10–300 characters), kept in the access audit. Required of a staff
   * member asking `reveal: true`; services reading for a case give `onBehalfOf` instead.
   */
  @IsOptional() @IsString() @MinLength(10) @MaxLength(300) revealReason?: string;
  /**
   * For a service reading for a person (referral sending a case to programme owners): that user's
   * id, kept in intake's access audit beside `system:<service>`. Only services may send it.
   */
  @IsOnBehalfOf() onBehalfOf?: string;
}

/** One row of `listComplaints`: no personal data beyond the masked subject name initial. */
export class ComplaintListItemV1 {
  @IsString() complaintId!: string;
  @IsString() receiptNumber!: string;
  @IsString() status!: string;
  @IsString() registryCheck!: string;
  @IsString() channel!: string;
  @IsString() category!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsString() desaCode!: string;
  @IsString() officerId!: string;
  @IsISO8601() registeredAt!: string;
  @IsISO8601() recordedAt!: string;
  @ValidateIf((o: ComplaintListItemV1) => o.possibleDuplicateOf !== null) @IsString() possibleDuplicateOf!:
    string | null;
  /** Subject's name, or "(rahasia)" for confidential complaints when the reader is not their officer. */
  @IsString() subjectName!: string;
  /** `pengaduan`, `pertanyaan` or `saran`. */
  @IsOptional() @IsIn([...CONTACT_TYPES]) contactType?: string;
  /** Priority groups of the subject and household (`[]` when none): a priority complaint is shown as such. */
  @IsOptional() @IsArray() @IsIn([...VULNERABLE_GROUPS], { each: true }) priorityGroups?: VulnerableGroup[];
  /** When a question or suggestion was answered directly; null while unanswered or for complaints. */
  @IsOptional() @ValidateIf((o: ComplaintListItemV1) => o.answeredAt !== null) @IsISO8601() answeredAt?: string | null;
}

/** `slrt.rpc.intake.list-complaints.v1`: scoped by the caller's region, newest first. */
export class ListComplaintsRequestV1 {
  @IsOptional()
  @IsIn(['registered', 'triaged', 'withdrawn'], { message: 'Status: registered, triaged atau withdrawn' })
  status?: string;
  @IsOptional() @IsIn(['pending', 'in-registry', 'not-in-registry', 'no-identity']) registryCheck?: string;
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Tanggal awal berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  from?: string;
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Tanggal akhir berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  to?: string;
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, { message: 'Kode wilayah tidak valid' })
  regionCode?: string;
  @IsOptional() @IsString() @Matches(/^[A-Z_]{2,40}$/) channel?: string;
  @IsOptional() @Matches(/^[A-Z][A-Z0-9_-]{1,30}$/) programmeCode?: string;
  @IsOptional() @IsString() officerId?: string;
  @IsOptional() @IsIn([...CONTACT_TYPES], { message: 'Jenis: pertanyaan, saran atau pengaduan' }) contactType?: string;
  /** Only complaints about a person of a priority group (`true`), or only the others (`false`). */
  @IsOptional() @IsBoolean({ message: 'Prioritas: true atau false' }) priority?: boolean;
  /** Questions and suggestions already answered (`true`) or still waiting for an answer (`false`). */
  @IsOptional() @IsBoolean({ message: 'Terjawab: true atau false' }) answered?: boolean;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

export class ListComplaintsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ComplaintListItemV1)
  items!: ComplaintListItemV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.intake.find-person-complaints.v1`: the person's existing complaints, shown before saving. */
export class FindPersonComplaintsRequestV1 {
  @IsNik() nik!: string;
}

export class FindPersonComplaintsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ComplaintListItemV1)
  items!: ComplaintListItemV1[];
}

/** `slrt.rpc.intake.withdraw-complaint.v1`. */
export class WithdrawComplaintRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan paling sedikit 3 karakter' }) reason!: string;
}

/** A file produced by intake (PDF), carried inline: receipts and letters are small. */
export class DocumentFileV1 {
  @IsString() fileName!: string;
  @IsIn(['application/pdf']) contentType!: 'application/pdf';
  @IsString() contentBase64!: string;
}

/** `slrt.rpc.intake.get-complaint-receipt.v1`. */
export class GetComplaintReceiptRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @IsIn(['a4', 'a5', 'thermal-80'], { message: 'Tata letak: a4, a5 atau thermal-80' }) layout!:
    'a4' | 'a5' | 'thermal-80';
}

/** `slrt.rpc.intake.get-civil-registration-letter.v1`. */
export class GetCivilRegistrationLetterRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
}

/** `slrt.rpc.intake.get-public-status.v1`: a citizen's question, with no personal data in the answer. */
export class GetPublicStatusRequestV1 {
  /** The official number, or the provisional one given offline by a Fasilitator (`L-ABCD-12`). */
  @Matches(/^(\d{4}-\d{4}-\d{6}|[Ll]-[A-Za-z0-9]{4}-[1-9][0-9]{0,5})$/, {
    message: 'Nomor pengaduan berbentuk 6271-2611-000123 (atau nomor sementara L-ABCD-12)',
  })
  receiptNumber!: string;
  @Matches(/^[A-Za-z0-9]{4}-?[A-Za-z0-9]{4}$/, { message: 'Kode pelacakan berbentuk ABCD-1234' }) trackingCode!: string;
}

/** Stable stage codes of the public status (the current step of the timeline). */
export const PUBLIC_STAGES = [
  'diterima',
  'pengecekan-data',
  'ditinjau',
  'diusulkan-prelist',
  'menunggu-adminduk',
  'menunggu-verivali',
  'dirujuk',
  'ditanggapi',
  'selesai',
  'ditolak',
  'ditarik',
  'ditutup',
  'menunggu-pemeriksaan-supervisor',
  'dilengkapi-fasilitator',
  'digabung',
] as const;

/** One step of the complaint's public timeline, in plain Bahasa Indonesia, with its date. */
export class PublicTimelineEntryV1 {
  /** The step (COMPLAINT_STEPS of `complaint.status-changed.v1`). */
  @IsString() step!: string;
  /** e.g. `Dirujuk ke Kementerian Sosial (PKH)`. */
  @IsString() label!: string;
  @IsString() explanation!: string;
  @IsISO8601() at!: string;
}

/** Who read or received the person's data, as role and office (never a staff name), and when. */
export class PublicAccessEntryV1 {
  /** e.g. `Back office Dinas Sosial Kota Palangka Raya`, `Kementerian Sosial (PKH) (pemilik program)`. */
  @IsString() who!: string;
  /** `membaca` (read) or `menerima` (received: the data was sent to them). */
  @IsIn(['membaca', 'menerima']) what!: 'membaca' | 'menerima';
  /** What for, in plain words. */
  @IsString() purpose!: string;
  /** The latest time of these accesses on that day. */
  @IsISO8601() at!: string;
  /** How many accesses of this kind that day. */
  @IsInt() @Min(1) count!: number;
}

export class PublicStatusV1 {
  @IsString() receiptNumber!: string;
  /** The provisional number given offline by a Fasilitator (`L-ABCD-12`), shown beside the official one; absent otherwise. */
  @IsOptional() @IsString() provisionalNumber?: string;
  /** Stable stage code (the current step). */
  @IsIn([...PUBLIC_STAGES]) stage!: string;
  /** The stage in plain Bahasa Indonesia. */
  @IsString() stageLabel!: string;
  @IsString() explanation!: string;
  @IsISO8601() registeredAt!: string;
  @IsISO8601() updatedAt!: string;
  /** Every step so far, oldest first. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PublicTimelineEntryV1)
  timeline!: PublicTimelineEntryV1[];
  /** Who read or received the person's data, newest first. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PublicAccessEntryV1)
  accessLog!: PublicAccessEntryV1[];
  /** False when the programme owners' part of the log could not be fetched just now (shown with a note). */
  @IsBoolean() accessLogComplete!: boolean;
}
