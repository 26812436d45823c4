import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
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
import { DESA_CODE } from '../../../events/intake/complaint-registered.v1.js';
import { IsNik, IsNoKk, IsIsoDate } from '../../../identifiers.js';
import {
  HOUSE_OWNERSHIPS,
  FLOOR_MATERIALS,
  WALL_MATERIALS,
  ROOF_MATERIALS,
  DRINKING_WATER_SOURCES,
  LIGHTING_SOURCES,
  ELECTRICITY_POWERS,
  TOILET_FACILITIES,
  HOUSEHOLD_ASSETS,
  PROPOSAL_REASONS,
  FAMILY_RELATIONSHIPS,
  DISABILITIES,
  MEMBER_OUTCOMES,
  DUKCAPIL_STATUSES,
  MUSDES_DECISIONS,
} from './proposal-vocabularies.v1.js';
import { IDEMPOTENCY_KEY, IDEMPOTENCY_MESSAGE, RT_RW } from './proposal-patterns.js';
import { ProposalViewBaseV1, ListProposalsRequestBaseV1 } from './proposal-common.v1.js';

/** Prelist entries (*daftar awal*): the household profile and members, and the requests of their lifecycle. */

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
  @IsOptional() @IsArray() @ArrayUnique() @IsIn([...HOUSEHOLD_ASSETS], { each: true }) assets?: Array<
    (typeof HOUSEHOLD_ASSETS)[number]
  >;
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

/** A prelist entry (*daftar awal*) with its household profile and members. */
export class PrelistEntryV1 extends ProposalViewBaseV1 {
  @IsUUID('7') entryId!: string;
  /** `intake` (created from a complaint's triage) or `direct` (entered by FO/FS). */
  @IsIn(['intake', 'direct']) source!: 'intake' | 'direct';
  @IsOptional() @IsString() rt!: string | null;
  @IsOptional() @IsString() rw!: string | null;
  @IsOptional() @IsString() address!: string | null;
  @IsOptional() @IsString() contactPhone!: string | null;
  @IsObject() @ValidateNested() @Type(() => HouseholdProfileV1) profile!: HouseholdProfileV1;
  @IsInt() memberCount!: number;
  @IsInt() disabledMemberCount!: number;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrelistMemberV1)
  members!: PrelistMemberV1[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MusdesRecordV1) musdes!: MusdesRecordV1 | null;
  /** Who verified in the field (name of the officer or TKSK) and on which date; null before. */
  @IsOptional() @IsString() verifier!: string | null;
  @IsOptional() @IsString() verifiedAt!: string | null;
  /** True when the stored result of an earlier request with the same idempotency key. */
  @IsOptional() @IsBoolean() replayed?: boolean;
}

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
  @IsObject() @ValidateNested() @Type(() => HouseholdProfileV1) profile!: HouseholdProfileV1;
  @IsArray()
  @ArrayMinSize(1, { message: 'Paling sedikit satu anggota keluarga' })
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrelistMemberInputV1)
  members!: PrelistMemberInputV1[];
}

/** `slrt.rpc.registry.get-prelist-entry.v1`. */
export class GetPrelistEntryRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  /** Show NIK, KK and phone in full (FO, FS, BO only; audited). */
  @IsOptional() @IsBoolean() reveal?: boolean;
}

/** `slrt.rpc.registry.list-prelist-entries.v1`. */
export class ListPrelistEntriesRequestV1 extends ListProposalsRequestBaseV1 {}

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
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HouseholdProfileV1) profile?: HouseholdProfileV1;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PrelistMemberInputV1)
  members?: PrelistMemberInputV1[];
}

/** `slrt.rpc.registry.record-musdes.v1`: the musdes/muskel decided → `deliberated` or `declined` (final). */
export class RecordMusdesRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsIsoDate({ message: 'Tanggal musdes berformat YYYY-MM-DD' }) date!: string;
  /** *Nomor Berita Acara*. */
  @IsString() @Matches(/\S/) @MaxLength(80) minutesNumber!: string;
  @IsInt() @Min(1, { message: 'Jumlah peserta paling sedikit 1' }) @Max(10000) attendance!: number;
  @IsIn([...MUSDES_DECISIONS], { message: 'Keputusan: agreed atau not-agreed' })
  decision!: (typeof MUSDES_DECISIONS)[number];
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
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MemberVerificationInputV1)
  members!: MemberVerificationInputV1[];
}

export class MemberDukcapilInputV1 {
  @IsUUID('7') memberId!: string;
  @IsIn([...DUKCAPIL_STATUSES]) status!: (typeof DUKCAPIL_STATUSES)[number];
}

/** `slrt.rpc.registry.record-dukcapil-match.v1`: Dukcapil matching per member (status unchanged). */
export class RecordDukcapilMatchRequestV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MemberDukcapilInputV1)
  members!: MemberDukcapilInputV1[];
}
