import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ComplaintAttributesV1 } from '../../events/intake/complaint-attributes.v1.js';
import {
  COMPLAINT_CATEGORIES,
  CONTACT_TYPES,
  SECTORS,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type ContactType,
  type Sector,
  type VulnerableGroup,
} from '@slrt/domain';
import { HouseholdInputV1 } from './household.v1.js';
import { DESA_CODE } from '../../events/intake/complaint-registered.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../identifiers.js';

/**
 * Intake channels. WIRE-STABLE (stored with each complaint, carried in events). Phone, WhatsApp and
 * web are accepted so a later front end needs no contract change.
 */
export const INTAKE_CHANNELS = [
  'SEKRETARIAT_FO',
  'PUSKESOS_FO',
  'FASILITATOR_VISIT',
  'PHONE',
  'WHATSAPP',
  'WEB',
] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** How the complainant relates to the subject (a daughter may complain for her mother). */
export const RELATIONSHIPS = [
  'self',
  'child',
  'parent',
  'spouse',
  'sibling',
  'relative',
  'neighbour',
  'community-leader',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** Documents the officer saw or received, ticked on the receipt. */
export const DOCUMENT_KINDS = [
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
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A person's address as reported; the desa code drives region scope. */
export class AddressInputV1 {
  /** Street, house number, dusun: free text. */
  @IsOptional()
  @IsString({ message: 'Alamat harus berupa teks' })
  @MaxLength(300, { message: 'Alamat paling panjang 300 karakter' })
  street?: string;
  @IsOptional() @Matches(/^\d{1,3}$/, { message: 'RT diisi 1–3 angka' }) rt?: string;
  @IsOptional() @Matches(/^\d{1,3}$/, { message: 'RW diisi 1–3 angka' }) rw?: string;
  /** Kemendagri desa/kelurahan code, e.g. `62.71.01.1001`. */
  @Matches(DESA_CODE, { message: 'Kode desa/kelurahan harus berbentuk 62.71.01.1001' }) desaCode!: string;
}

/**
 * A person as reported at intake (complainant or subject). NIK and No. KK may be absent: the
 * citizen then needs civil registration first. Personal data: never logged.
 */
export class PersonInputV1 {
  @IsOptional() @IsNik() nik?: string;
  @IsOptional() @IsNoKk() noKk?: string;
  @IsString({ message: 'Nama wajib diisi' })
  @MinLength(2, { message: 'Nama paling sedikit 2 huruf' })
  @MaxLength(120, { message: 'Nama paling panjang 120 karakter' })
  name!: string;
  /** `YYYY-MM-DD`. */
  @IsOptional() @IsIsoDate({ message: 'Tanggal lahir berformat TTTT-BB-HH' }) birthDate?: string;
  @IsOptional() @IsString() @MaxLength(80, { message: 'Tempat lahir paling panjang 80 karakter' }) birthPlace?: string;
  /** `F` perempuan, `M` laki-laki. */
  @IsOptional() @IsIn(['F', 'M'], { message: 'Jenis kelamin: F (perempuan) atau M (laki-laki)' }) sex?: 'F' | 'M';
  @IsObject({ message: 'Alamat wajib diisi' }) @ValidateNested() @Type(() => AddressInputV1) address!: AddressInputV1;
  /** As typed; intake normalises it to +62…. */
  @IsOptional() @IsString() @MaxLength(30, { message: 'Nomor telepon terlalu panjang' }) phone?: string;
  /** The person agreed that the SLRT processes their data (UU PDP 27/2022). */
  @IsBoolean({ message: 'Persetujuan pengolahan data wajib diisi (true/false)' }) consent!: boolean;
  /**
   * Priority groups the person belongs to (seed 002: disability, neglected women/children, elderly,
   * remote indigenous community). A subject in one of them gives the complaint shorter deadlines.
   */
  @IsOptional()
  @IsArray({ message: 'Kelompok prioritas harus berupa daftar' })
  @ArrayUnique({ message: 'Kelompok prioritas tidak boleh berulang' })
  @IsIn([...VULNERABLE_GROUPS], {
    each: true,
    message: `Kelompok prioritas harus salah satu dari: ${VULNERABLE_GROUPS.join(', ')}`,
  })
  vulnerableGroups?: VulnerableGroup[];
}

/** What the complaint is about. */
export class ComplaintBodyV1 {
  @IsIn([...COMPLAINT_CATEGORIES], { message: 'Kategori: kepesertaan atau non-kepesertaan' })
  category!: ComplaintCategory;
  @IsIn([...CONTACT_TYPES], { message: 'Jenis: pertanyaan, saran atau pengaduan' }) contactType!: ContactType;
  /** Catalogue codes (`PKH`, `BPNT`, `PIP`, `PBI`, …); intake checks them against the catalogue. */
  @IsArray({ message: 'Program harus berupa daftar' })
  @ArrayMaxSize(10, { message: 'Paling banyak 10 program' })
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(/^[A-Z][A-Z0-9_-]{1,30}$/, { each: true, message: 'Kode program tidak dikenal' })
  programmeCodes!: string[];
  @IsIn([...SECTORS], { message: `Sektor harus salah satu dari: ${SECTORS.join(', ')}` }) sector!: Sector;
  @IsString({ message: 'Uraian keluhan wajib diisi' })
  @MinLength(10, { message: 'Uraian keluhan paling sedikit 10 karakter' })
  @MaxLength(4000, { message: 'Uraian keluhan paling panjang 4000 karakter' })
  description!: string;
  @IsArray()
  @ArrayUnique()
  @IsIn([...DOCUMENT_KINDS], { each: true, message: 'Jenis dokumen tidak dikenal' })
  documentsReceived!: DocumentKind[];
  /** What decides who can act beyond the programmes, e.g. `{ "schoolType": "MTS" }` for a madrasah pupil's PIP (routing). */
  @IsOptional()
  @IsObject({ message: 'Atribut pengaduan harus berupa objek' })
  @ValidateNested()
  @Type(() => ComplaintAttributesV1)
  attributes?: ComplaintAttributesV1;
}

/** A complaint as recorded by FO or FS (shared by registration and the offline batch). */
export class ComplaintInputV1 {
  @IsIn([...INTAKE_CHANNELS], { message: `Kanal harus salah satu dari: ${INTAKE_CHANNELS.join(', ')}` })
  channel!: IntakeChannel;
  /** Where it was recorded (Puskesos name, address of the visit). */
  @IsOptional() @IsString() @MaxLength(200) place?: string;
  /** When it was recorded; FS offline records keep their own time. Default: now. */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'Waktu pencatatan berformat ISO 8601' }) recordedAt?: string;
  /** The person the complaint is about. */
  @IsObject({ message: 'Data subjek wajib diisi' })
  @ValidateNested()
  @Type(() => PersonInputV1)
  subject!: PersonInputV1;
  /** Who complains, when not the subject; null or absent: the subject complains in person. */
  @IsOptional()
  @IsObject({ message: 'Data pelapor harus berupa objek' })
  @ValidateNested()
  @Type(() => PersonInputV1)
  complainant?: PersonInputV1 | null;
  /** Complainant's relation to the subject; `self` when they are the same person. */
  @IsIn([...RELATIONSHIPS], { message: 'Hubungan pelapor dengan subjek tidak dikenal' }) relationship!: Relationship;
  /** The complainant's identity is not recorded on documents (receipt says "Anonim"). */
  @IsBoolean() anonymous!: boolean;
  /** Only officers who handle the case may see the persons' details. */
  @IsBoolean() confidential!: boolean;
  @IsObject({ message: 'Isi pengaduan wajib diisi' })
  @ValidateNested()
  @Type(() => ComplaintBodyV1)
  complaint!: ComplaintBodyV1;
  /**
   * When the citizen arrived at the counter (FO channels): the time from arrival to the receipt is
   * recorded against the counter service standard (seed 003: 30 minutes, no fee) and printed on
   * the receipt. Absent: not measured (field visits, older clients).
   */
  @IsOptional() @IsISO8601({ strict: true }, { message: 'Waktu kedatangan berformat ISO 8601' }) arrivedAt?: string;
  /** The household's programme participation and needs (household and members where it matters). */
  @IsOptional()
  @IsObject({ message: 'Data rumah tangga harus berupa objek' })
  @ValidateNested()
  @Type(() => HouseholdInputV1)
  household?: HouseholdInputV1;
}

/** A warning that did not stop the registration (e.g. NIK region code no longer in use). */
export class InputWarningV1 {
  @IsString() field!: string;
  @IsString() code!: string;
  @IsString() message!: string;
}

/** Result of a registration (or of its replay). */
export class ComplaintSummaryV1 {
  @Matches(/^[0-9a-f-]{36}$/) complaintId!: string;
  @Matches(/^\d{4}-\d{4}-\d{6}$/) receiptNumber!: string;
  /** Short random code printed on the receipt; with the number it opens the public status page. */
  @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) trackingCode!: string;
  @IsString() status!: string;
  @IsIn(['pending', 'in-registry', 'not-in-registry', 'no-identity']) registryCheck!: string;
  @ValidateIf((o: ComplaintSummaryV1) => o.nextStep !== null)
  @IsIn(['review', 'prelist', 'civil-registration'])
  nextStep!: string | null;
  @ValidateIf((o: ComplaintSummaryV1) => o.possibleDuplicateOf !== null) @IsString() possibleDuplicateOf!:
    string | null;
  @IsISO8601() registeredAt!: string;
  @IsOptional() @IsISO8601() recordedAt?: string;
  /** Current version (corrections and offline edits increase it). */
  @IsOptional() @IsInt() version?: number;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => InputWarningV1)
  warnings!: InputWarningV1[];
}
