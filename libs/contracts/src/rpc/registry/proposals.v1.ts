import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { FULL_DATE_OR_INSTANT } from '../../time-formats.js';
import { DESA_CODE } from '../../events/intake/complaint-registered.v1.js';
import { PROPOSAL_KINDS, PROPOSAL_STATUSES, type ProposalKind, type ProposalStatus } from '../../events/registry/proposal-status.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../identifiers.js';

// ── vocabularies (WIRE-STABLE: stored in registry tables and exported to SIKS-NG) ─────────────
// Codes follow the DTSEN/Regsosek household questionnaire; the SIKS-NG export maps them to the
// template's own codes through its column profile.

/** Status of the dwelling (*status kepemilikan bangunan*). */
export const HOUSE_OWNERSHIPS = ['milik-sendiri', 'kontrak-sewa', 'bebas-sewa', 'dinas', 'lainnya'] as const;
/** Widest floor material (*jenis lantai terluas*). */
export const FLOOR_MATERIALS = ['marmer-granit', 'keramik', 'parket-vinil-karpet', 'ubin-tegel-teraso', 'kayu-papan', 'semen-bata-merah', 'bambu', 'tanah', 'lainnya'] as const;
/** Widest wall material (*jenis dinding terluas*). */
export const WALL_MATERIALS = ['tembok', 'plesteran-anyaman-bambu', 'kayu-papan', 'anyaman-bambu', 'batang-kayu', 'bambu', 'lainnya'] as const;
/** Widest roof material (*jenis atap terluas*). */
export const ROOF_MATERIALS = ['beton', 'genteng', 'asbes', 'seng', 'bambu', 'kayu-sirap', 'jerami-ijuk-rumbia', 'lainnya'] as const;
/** Main source of drinking water (*sumber air minum utama*). */
export const DRINKING_WATER_SOURCES = [
  'air-kemasan',
  'air-isi-ulang',
  'leding',
  'sumur-bor-pompa',
  'sumur-terlindung',
  'sumur-tak-terlindung',
  'mata-air-terlindung',
  'mata-air-tak-terlindung',
  'air-permukaan',
  'air-hujan',
  'lainnya',
] as const;
/** Main source of lighting (*sumber penerangan utama*). */
export const LIGHTING_SOURCES = ['listrik-pln-meteran', 'listrik-pln-tanpa-meteran', 'listrik-non-pln', 'bukan-listrik'] as const;
/** Installed PLN power in VA (*daya terpasang*); only with PLN electricity. */
export const ELECTRICITY_POWERS = ['450', '900', '1300', '2200', 'lebih-2200'] as const;
/** Defecation facility (*fasilitas tempat buang air besar*). */
export const TOILET_FACILITIES = ['sendiri', 'bersama', 'umum', 'tidak-ada'] as const;
/** Assets owned by the household (*kepemilikan aset*). */
export const HOUSEHOLD_ASSETS = [
  'tabung-gas-5kg',
  'lemari-es',
  'ac',
  'pemanas-air',
  'telepon-rumah',
  'televisi-layar-datar',
  'emas-perhiasan',
  'komputer-laptop',
  'sepeda',
  'sepeda-motor',
  'mobil',
  'perahu',
  'perahu-motor',
  'lahan',
  'rumah-lain',
  'ternak',
] as const;
/** Why the household is proposed (*alasan pengusulan*). */
export const PROPOSAL_REASONS = ['belum-terdaftar', 'jatuh-miskin', 'terdampak-bencana', 'keluarga-baru', 'lainnya'] as const;
/** Relationship to the head of family (*hubungan dengan kepala keluarga*). */
export const FAMILY_RELATIONSHIPS = ['kepala-keluarga', 'istri-suami', 'anak', 'menantu', 'cucu', 'orang-tua-mertua', 'pembantu-ruta', 'lainnya'] as const;
/** Disability of a member (*jenis disabilitas*, UU 8/2016). */
export const DISABILITIES = ['tidak-ada', 'fisik', 'intelektual', 'mental', 'sensorik-netra', 'sensorik-rungu', 'sensorik-wicara', 'ganda'] as const;
/** Outcome of a member in field verification. Same codes as the SIKS port's `MEMBER_VERIFICATION_OUTCOMES`. */
export const MEMBER_OUTCOMES = ['confirmed', 'not-confirmed', 'duplicate', 'deceased', 'moved', 'no-civil-documents'] as const;
/** Dukcapil matching of a member's NIK/KK (*padan*, *tidak padan*, in repair). */
export const DUKCAPIL_STATUSES = ['padan', 'tidak-padan', 'dalam-perbaikan'] as const;
/** Decision of the musdes/muskel deliberation. */
export const MUSDES_DECISIONS = ['agreed', 'not-agreed'] as const;
/**
 * Fields a data-change proposal may change, named as the registry's snapshot columns;
 * `member_status` proposes a status change (`deceased` or `moved`).
 */
export const DATA_CHANGE_FIELDS = ['name', 'birth_date', 'sex', 'relationship', 'address', 'desa_code', 'no_kk', 'member_status', 'programme_participation'] as const;
export type DataChangeField = (typeof DATA_CHANGE_FIELDS)[number];

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,120}$/;
const IDEMPOTENCY_MESSAGE = 'Idempotency-Key 8–120 karakter (huruf, angka, . _ : -)';
const REGION_FILTER = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;
const RT_RW = /^\d{1,3}$/;

// ── household profile and members ──────────────────────────────────────────────────────────

/**
 * The household profile of a prelist entry: the core DTSEN/Regsosek fields. Every field may be
 * left out while the entry is a draft; all but `electricityPower` (PLN only), `assets` and
 * `proposalReasonNote` are required before the musdes is recorded. Null in replies when not filled.
 */
export class HouseholdProfileV1 {
  @IsOptional() @IsIn([...HOUSE_OWNERSHIPS]) houseOwnership?: (typeof HOUSE_OWNERSHIPS)[number] | null;
  /** Floor area of the dwelling in m². */
  @IsOptional() @IsNumber({ maxDecimalPlaces: 2 }) @Min(1) @Max(10000) floorAreaM2?: number | null;
  @IsOptional() @IsIn([...FLOOR_MATERIALS]) floorMaterial?: (typeof FLOOR_MATERIALS)[number] | null;
  @IsOptional() @IsIn([...WALL_MATERIALS]) wallMaterial?: (typeof WALL_MATERIALS)[number] | null;
  @IsOptional() @IsIn([...ROOF_MATERIALS]) roofMaterial?: (typeof ROOF_MATERIALS)[number] | null;
  @IsOptional() @IsIn([...DRINKING_WATER_SOURCES]) drinkingWater?: (typeof DRINKING_WATER_SOURCES)[number] | null;
  @IsOptional() @IsIn([...LIGHTING_SOURCES]) lightingSource?: (typeof LIGHTING_SOURCES)[number] | null;
  @IsOptional() @IsIn([...ELECTRICITY_POWERS]) electricityPower?: (typeof ELECTRICITY_POWERS)[number] | null;
  @IsOptional() @IsIn([...TOILET_FACILITIES]) toiletFacility?: (typeof TOILET_FACILITIES)[number] | null;
  @IsOptional() @IsArray() @ArrayUnique() @IsIn([...HOUSEHOLD_ASSETS], { each: true }) assets?: Array<(typeof HOUSEHOLD_ASSETS)[number]>;
  @IsOptional() @IsIn([...PROPOSAL_REASONS]) proposalReason?: (typeof PROPOSAL_REASONS)[number] | null;
  /** Free text about the reason (Bahasa Indonesia). */
  @IsOptional() @IsString() @MaxLength(500) proposalReasonNote?: string | null;
}

/** A member of a proposed household, as entered by the officer. */
export class PrelistMemberInputV1 {
  /** NIK when the member has one (checked with the field's rules). Personal data. */
  @IsOptional() @IsNik() nik?: string;
  @IsOptional() @IsNoKk() noKk?: string;
  @IsString() @MinLength(2) @MaxLength(120) name!: string;
  @IsOptional() @IsIsoDate({ message: 'Tanggal lahir berformat YYYY-MM-DD' }) birthDate?: string;
  @IsOptional() @IsIn(['F', 'M']) sex?: 'F' | 'M';
  @IsIn([...FAMILY_RELATIONSHIPS]) relationship!: (typeof FAMILY_RELATIONSHIPS)[number];
  @IsOptional() @IsIn([...DISABILITIES]) disability?: (typeof DISABILITIES)[number];
}

/** A member as stored: NIK/KK masked unless revealed; verification and Dukcapil results. */
export class PrelistMemberV1 {
  @IsUUID('7') memberId!: string;
  @IsOptional() @IsString() nik!: string | null;
  @IsOptional() @IsString() noKk!: string | null;
  @IsString() name!: string;
  @IsOptional() @IsString() birthDate!: string | null;
  @IsOptional() @IsIn(['F', 'M']) sex!: 'F' | 'M' | null;
  @IsString() relationship!: string;
  @IsString() disability!: string;
  @IsOptional() @IsIn([...MEMBER_OUTCOMES]) verificationOutcome!: (typeof MEMBER_OUTCOMES)[number] | null;
  @IsOptional() @IsString() verificationNote!: string | null;
  @IsOptional() @IsIn([...DUKCAPIL_STATUSES]) dukcapilStatus!: (typeof DUKCAPIL_STATUSES)[number] | null;
}

/** The musdes/muskel deliberation as recorded (*Berita Acara*). */
export class MusdesRecordV1 {
  @IsIsoDate() date!: string;
  /** *Nomor Berita Acara*. */
  @IsString() minutesNumber!: string;
  @IsInt() attendance!: number;
  @IsIn([...MUSDES_DECISIONS]) decision!: (typeof MUSDES_DECISIONS)[number];
  @IsOptional() @IsString() note!: string | null;
  /** Reference of the attached minutes (an intake attachment id or a document number). */
  @IsOptional() @IsString() attachmentRef!: string | null;
  /** The musdes/muskel meeting that decided it (null when recorded per household). */
  @IsOptional() @IsUUID('7') meetingId?: string | null;
}

/** One entry of a proposal's history. */
export class ProposalHistoryItemV1 {
  @IsString() action!: string;
  @IsOptional() @IsIn([...PROPOSAL_STATUSES]) fromStatus!: ProposalStatus | null;
  @IsIn([...PROPOSAL_STATUSES]) toStatus!: ProposalStatus;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @IsOptional() @IsString() reason!: string | null;
  @IsOptional() @IsUUID('7') batchId!: string | null;
  @IsISO8601() at!: string;
}

/** Fields every proposal view shares. */
export class ProposalViewBaseV1 {
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  /** Optimistic concurrency: send it back as `expectedVersion` when acting. */
  @IsInt() version!: number;
  @IsOptional() @IsUUID('7') complaintId!: string | null;
  @Matches(DESA_CODE) desaCode!: string;
  /** Reason of the last status change (decline note, withdrawal reason, ministry's reason). */
  @IsOptional() @IsString() statusReason!: string | null;
  /** The SIKS-NG export batch it went out in. */
  @IsOptional() @IsUUID('7') batchId!: string | null;
  /** Actions the reader may take now (from the state machine and the reader's roles). */
  @IsArray() @IsString({ each: true }) allowedActions!: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProposalHistoryItemV1) history!: ProposalHistoryItemV1[];
  /** Whether NIK/KK/phone are shown in full (the read was audited). */
  @IsBoolean() revealed!: boolean;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

/** A prelist entry (*daftar awal*) with its household profile and members. */
export class PrelistEntryV1 extends ProposalViewBaseV1 {
  @IsUUID('7') entryId!: string;
  /** `intake` (created from a complaint's triage) or `direct` (entered by FO/FS). */
  @IsIn(['intake', 'direct']) source!: 'intake' | 'direct';
  @IsOptional() @IsString() rt!: string | null;
  @IsOptional() @IsString() rw!: string | null;
  @IsOptional() @IsString() address!: string | null;
  @IsOptional() @IsString() contactPhone!: string | null;
  @ValidateNested() @Type(() => HouseholdProfileV1) profile!: HouseholdProfileV1;
  @IsInt() memberCount!: number;
  @IsInt() disabledMemberCount!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => PrelistMemberV1) members!: PrelistMemberV1[];
  @IsOptional() @ValidateNested() @Type(() => MusdesRecordV1) musdes!: MusdesRecordV1 | null;
  /** Who verified in the field (name of the officer or TKSK) and on which date; null before. */
  @IsOptional() @IsString() verifier!: string | null;
  @IsOptional() @IsString() verifiedAt!: string | null;
  /** True when the stored result of an earlier request with the same idempotency key. */
  @IsOptional() @IsBoolean() replayed?: boolean;
}

// ── prelist requests ────────────────────────────────────────────────────────────────────────

/** `slrt.rpc.registry.create-prelist-entry.v1`: FO/FS proposes a household not in the registry. Idempotent by key (per officer). */
export class CreatePrelistEntryRequestV1 {
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE }) idempotencyKey!: string;
  /** The complaint this answers, when any (one entry per complaint). */
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  @Matches(DESA_CODE, { message: 'Kode desa berbentuk 62.71.01.1001' }) desaCode!: string;
  @IsOptional() @Matches(RT_RW, { message: 'RT 1–3 angka' }) rt?: string;
  @IsOptional() @Matches(RT_RW, { message: 'RW 1–3 angka' }) rw?: string;
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @IsOptional() @Matches(/^\+?[0-9 -]{8,20}$/, { message: 'Nomor telepon tidak valid' }) contactPhone?: string;
  @ValidateNested() @Type(() => HouseholdProfileV1) profile!: HouseholdProfileV1;
  @IsArray() @ArrayMinSize(1, { message: 'Paling sedikit satu anggota keluarga' }) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => PrelistMemberInputV1) members!: PrelistMemberInputV1[];
}

/** `slrt.rpc.registry.get-prelist-entry.v1`. */
export class GetPrelistEntryRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  /** Show NIK, KK and phone in full (FO, FS, BO only; audited). */
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** Filters and paging shared by the proposal lists; always within the caller's region scope. */
export class ListProposalsRequestBaseV1 {
  @IsOptional() @IsIn([...PROPOSAL_STATUSES]) status?: ProposalStatus;
  /** Kecamatan or desa (or kab/kota) code. */
  @IsOptional() @Matches(REGION_FILTER, { message: 'Kode wilayah tidak valid' }) regionCode?: string;
  @IsOptional() @IsUUID('7') complaintId?: string;
  /** Created from (inclusive), ISO 8601. */
  @IsOptional() @IsISO8601({ strict: true }) @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' }) from?: string;
  /** Created before (exclusive), ISO 8601. */
  @IsOptional() @IsISO8601({ strict: true }) @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' }) to?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

/** `slrt.rpc.registry.list-prelist-entries.v1`. */
export class ListPrelistEntriesRequestV1 extends ListProposalsRequestBaseV1 {}

/** A row of a proposal list: no personal data beyond the head's (or person's) name. */
export class ProposalListItemV1 {
  @IsUUID('7') proposalId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  @IsInt() version!: number;
  @IsOptional() @IsUUID('7') complaintId!: string | null;
  @Matches(DESA_CODE) desaCode!: string;
  /** Head of household (prelist), the person (data change, PPKS). */
  @IsString() name!: string;
  /** Members (prelist), changed fields (data change) or the category code (PPKS). */
  @IsString() detail!: string;
  @IsOptional() @IsUUID('7') batchId!: string | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

export class ListProposalsResponseV1 {
  @IsArray() @ValidateNested({ each: true }) @Type(() => ProposalListItemV1) items!: ProposalListItemV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.registry.update-prelist-entry.v1`: edits a draft; members, when given, replace the list. */
export class UpdatePrelistEntryRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsOptional() @Matches(DESA_CODE, { message: 'Kode desa berbentuk 62.71.01.1001' }) desaCode?: string;
  @IsOptional() @Matches(RT_RW, { message: 'RT 1–3 angka' }) rt?: string;
  @IsOptional() @Matches(RT_RW, { message: 'RW 1–3 angka' }) rw?: string;
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @IsOptional() @Matches(/^\+?[0-9 -]{8,20}$/, { message: 'Nomor telepon tidak valid' }) contactPhone?: string;
  /** Fields given replace the stored ones; fields left out stay. */
  @IsOptional() @ValidateNested() @Type(() => HouseholdProfileV1) profile?: HouseholdProfileV1;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => PrelistMemberInputV1) members?: PrelistMemberInputV1[];
}

/** `slrt.rpc.registry.record-musdes.v1`: the musdes/muskel decided → `deliberated` or `declined` (final). */
export class RecordMusdesRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsIsoDate({ message: 'Tanggal musdes berformat YYYY-MM-DD' }) date!: string;
  /** *Nomor Berita Acara*. */
  @IsString() @Matches(/\S/) @MaxLength(80) minutesNumber!: string;
  @IsInt() @Min(1, { message: 'Jumlah peserta paling sedikit 1' }) @Max(10000) attendance!: number;
  @IsIn([...MUSDES_DECISIONS], { message: 'Keputusan: agreed atau not-agreed' }) decision!: (typeof MUSDES_DECISIONS)[number];
  @IsOptional() @IsString() @MaxLength(500) note?: string;
  @IsOptional() @IsString() @MaxLength(120) attachmentRef?: string;
}

export class MemberVerificationInputV1 {
  @IsUUID('7') memberId!: string;
  @IsIn([...MEMBER_OUTCOMES]) outcome!: (typeof MEMBER_OUTCOMES)[number];
  @IsOptional() @IsString() @MaxLength(300) note?: string;
}

/** `slrt.rpc.registry.record-field-verification.v1`: field verivali with an outcome per member → `verified`. */
export class RecordFieldVerificationRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  /** Who verified (officer, TKSK or PSM name). */
  @IsString() @Matches(/\S/) @MaxLength(120) verifier!: string;
  @IsIsoDate({ message: 'Tanggal verifikasi berformat YYYY-MM-DD' }) verifiedAt!: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => MemberVerificationInputV1) members!: MemberVerificationInputV1[];
}

export class MemberDukcapilInputV1 {
  @IsUUID('7') memberId!: string;
  @IsIn([...DUKCAPIL_STATUSES]) status!: (typeof DUKCAPIL_STATUSES)[number];
}

/** `slrt.rpc.registry.record-dukcapil-match.v1`: Dukcapil matching per member (status unchanged). */
export class RecordDukcapilMatchRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(30) @ValidateNested({ each: true }) @Type(() => MemberDukcapilInputV1) members!: MemberDukcapilInputV1[];
}

/** `slrt.rpc.registry.withdraw-proposal.v1`: any proposal not yet submitted. */
export class WithdrawProposalRequestV1 {
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsUUID('7', { message: 'Id usulan tidak valid' }) proposalId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan paling sedikit 3 karakter' }) @MaxLength(500) reason!: string;
}

/** Where a proposal stands after an action that does not return its full view. */
export class ProposalRefV1 {
  @IsUUID('7') proposalId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  @IsInt() version!: number;
}

// ── data changes ────────────────────────────────────────────────────────────────────────────

export class DataChangeInputV1 {
  @IsIn([...DATA_CHANGE_FIELDS]) field!: DataChangeField;
  /** The proposed value as text (dates YYYY-MM-DD, sex F/M, `member_status` deceased/moved). */
  @IsString() @MinLength(1) @MaxLength(200) proposed!: string;
}

/** `slrt.rpc.registry.create-data-change.v1`: a change for a person of the current snapshot. Idempotent by key (per officer). */
export class CreateDataChangeRequestV1 {
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE }) idempotencyKey!: string;
  @IsNik() nik!: string;
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(DATA_CHANGE_FIELDS.length) @ValidateNested({ each: true }) @Type(() => DataChangeInputV1) changes!: DataChangeInputV1[];
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan paling sedikit 3 karakter' }) @MaxLength(500) reason!: string;
}

/** One changed field: the value in the snapshot when proposed, and the proposed one (NIK/KK masked unless revealed). */
export class DataChangeItemV1 {
  @IsIn([...DATA_CHANGE_FIELDS]) field!: DataChangeField;
  @IsOptional() @IsString() current!: string | null;
  @IsString() proposed!: string;
}

export class DataChangeV1 extends ProposalViewBaseV1 {
  @IsUUID('7') dataChangeId!: string;
  @IsString() nik!: string;
  @IsString() name!: string;
  @IsString() householdId!: string;
  /** Data period of the snapshot the current values were read from. */
  @IsOptional() @IsString() dataPeriod!: string | null;
  @IsArray() @ValidateNested({ each: true }) @Type(() => DataChangeItemV1) changes!: DataChangeItemV1[];
  @IsString() reason!: string;
  @IsOptional() @IsString() decidedBy!: string | null;
  @IsOptional() @IsISO8601() decidedAt!: string | null;
  @IsOptional() @IsBoolean() replayed?: boolean;
}

/** `slrt.rpc.registry.get-data-change.v1`. */
export class GetDataChangeRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) dataChangeId!: string;
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** `slrt.rpc.registry.list-data-changes.v1`. */
export class ListDataChangesRequestV1 extends ListProposalsRequestBaseV1 {}

/** `slrt.rpc.registry.decide-data-change.v1`: MJ or SEKRETARIAT approves (before export) or declines (with a note). */
export class DecideDataChangeRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) dataChangeId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsIn(['approve', 'decline'], { message: 'Keputusan: approve atau decline' }) decision!: 'approve' | 'decline';
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

// ── PPKS ────────────────────────────────────────────────────────────────────────────────────

/** A PPKS/PMKS category (versioned reference data; Permensos 08/2012 as revised by Permensos 3/2021). */
export class PpksCategoryV1 {
  @Matches(/^\d{2}$/) code!: string;
  @IsInt() version!: number;
  @IsString() name!: string;
  @IsIsoDate() validFrom!: string;
  @IsBoolean() active!: boolean;
}

/** `slrt.rpc.registry.list-ppks-categories.v1`. */
export class ListPpksCategoriesRequestV1 {
  /** Also earlier versions and retired categories. */
  @IsOptional() @IsBoolean() includeInactive?: boolean;
}

export class ListPpksCategoriesResponseV1 {
  @IsArray() @ValidateNested({ each: true }) @Type(() => PpksCategoryV1) items!: PpksCategoryV1[];
}

/**
 * `slrt.rpc.registry.save-ppks-category.v1` (ADMIN): saves a new version of a category (or a new
 * category). It retires the code's earlier versions (saved with `active: false` it retires the
 * category); records keep the version they used.
 */
export class SavePpksCategoryRequestV1 {
  @Matches(/^\d{2}$/, { message: 'Kode kategori 2 angka' }) code!: string;
  @IsString() @MinLength(3) @MaxLength(200) name!: string;
  @IsIsoDate({ message: 'Tanggal berlaku berformat YYYY-MM-DD' }) validFrom!: string;
  @IsBoolean() active!: boolean;
}

/** `slrt.rpc.registry.create-ppks-record.v1`: FO/FS records a person needing social welfare services. Idempotent by key (per officer). */
export class CreatePpksRecordRequestV1 {
  @Matches(IDEMPOTENCY_KEY, { message: IDEMPOTENCY_MESSAGE }) idempotencyKey!: string;
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId?: string;
  /** Code of a category in its active version. */
  @Matches(/^\d{2}$/, { message: 'Kode kategori 2 angka' }) categoryCode!: string;
  @IsOptional() @IsNik() nik?: string;
  @IsOptional() @IsNoKk() noKk?: string;
  @IsString() @MinLength(2) @MaxLength(120) name!: string;
  @IsOptional() @IsIsoDate({ message: 'Tanggal lahir berformat YYYY-MM-DD' }) birthDate?: string;
  @IsOptional() @IsIn(['F', 'M']) sex?: 'F' | 'M';
  @IsOptional() @IsString() @MaxLength(200) address?: string;
  @Matches(DESA_CODE, { message: 'Kode desa berbentuk 62.71.01.1001' }) desaCode!: string;
  /** The person's condition as observed (Bahasa Indonesia). */
  @IsString() @Matches(/\S.{2,}/, { message: 'Keterangan kondisi paling sedikit 3 karakter' }) @MaxLength(1000) conditionNote!: string;
}

export class PpksRecordV1 extends ProposalViewBaseV1 {
  @IsUUID('7') ppksRecordId!: string;
  @IsOptional() @IsString() nik!: string | null;
  @IsOptional() @IsString() noKk!: string | null;
  @IsString() name!: string;
  @IsOptional() @IsString() birthDate!: string | null;
  @IsOptional() @IsIn(['F', 'M']) sex!: 'F' | 'M' | null;
  @IsOptional() @IsString() address!: string | null;
  @Matches(/^\d{2}$/) categoryCode!: string;
  @IsInt() categoryVersion!: number;
  @IsString() categoryName!: string;
  @IsString() conditionNote!: string;
  @IsOptional() @IsBoolean() replayed?: boolean;
}

/** `slrt.rpc.registry.get-ppks-record.v1`. */
export class GetPpksRecordRequestV1 {
  @IsUUID('7', { message: 'Id data PPKS tidak valid' }) ppksRecordId!: string;
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** `slrt.rpc.registry.list-ppks-records.v1`. */
export class ListPpksRecordsRequestV1 extends ListProposalsRequestBaseV1 {
  @IsOptional() @Matches(/^\d{2}$/) categoryCode?: string;
}
