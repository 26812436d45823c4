import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { VULNERABLE_GROUPS, type VulnerableGroup } from '../../events/intake/complaint-vocabulary.js';

/** A catalogue programme code, as in `complaint.programmeCodes` (aliases such as KIP resolved by intake). */
const PROGRAMME_CODE = /^[A-Z][A-Z0-9_-]{1,30}$/;

/** How a household member relates to the head of the household (as on the KK). */
export const HOUSEHOLD_RELATIONSHIPS = [
  'kepala',
  'istri-suami',
  'anak',
  'menantu',
  'cucu',
  'orang-tua',
  'mertua',
  'famili-lain',
  'lainnya',
] as const;
export type HouseholdRelationship = (typeof HOUSEHOLD_RELATIONSHIPS)[number];

/**
 * A member of the subject's household, where it matters for programmes (a pupil's PIP, an elderly
 * parent's PBI, a disabled child): no NIK here (the household's NIK path is the subject's); the
 * name is personal data, never logged, shown only to who may see the complaint's persons.
 */
export class HouseholdMemberInputV1 {
  @IsString({ message: 'Nama anggota rumah tangga wajib diisi' })
  @MinLength(2, { message: 'Nama paling sedikit 2 huruf' })
  @MaxLength(120, { message: 'Nama paling panjang 120 karakter' })
  name!: string;
  @IsIn([...HOUSEHOLD_RELATIONSHIPS], {
    message: `Hubungan dengan kepala rumah tangga: ${HOUSEHOLD_RELATIONSHIPS.join(', ')}`,
  })
  relationship!: HouseholdRelationship;
  /** Year of birth (enough for age-based programmes; the full date is not needed here). */
  @IsOptional()
  @IsInt({ message: 'Tahun lahir berupa angka' })
  @Min(1890, { message: 'Tahun lahir terlalu lampau' })
  @Max(2100, { message: 'Tahun lahir tidak valid' })
  birthYear?: number;
  @IsOptional() @IsIn(['F', 'M'], { message: 'Jenis kelamin: F (perempuan) atau M (laki-laki)' }) sex?: 'F' | 'M';
  /** Priority groups of this member (disability, neglected child, elderly, …). */
  @IsOptional()
  @IsArray({ message: 'Kelompok prioritas harus berupa daftar' })
  @ArrayUnique({ message: 'Kelompok prioritas tidak boleh berulang' })
  @IsIn([...VULNERABLE_GROUPS], {
    each: true,
    message: `Kelompok prioritas harus salah satu dari: ${VULNERABLE_GROUPS.join(', ')}`,
  })
  vulnerableGroups?: VulnerableGroup[];
  /** Programmes this member receives now (catalogue codes). */
  @IsOptional()
  @IsArray({ message: 'Program harus berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 program' })
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode program tidak dikenal' })
  programmesReceived?: string[];
  /** Programmes this member needs (catalogue codes). */
  @IsOptional()
  @IsArray({ message: 'Program harus berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 program' })
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode program tidak dikenal' })
  programmesNeeded?: string[];
}

/**
 * The household's programme participation and needs, as recorded at intake (seed 002: "mencatat
 * kepesertaan rumah tangga … SLRT juga mencatat kebutuhan program"): which programmes it receives
 * now and which it needs, for the household as a whole and per member where it matters. Intake
 * checks the codes against the catalogue and cross-checks what is received with the registry's
 * programme flags (`ProgrammeParticipationV1` of the complaint detail).
 */
export class HouseholdInputV1 {
  /** Programmes the household receives now (catalogue codes, e.g. `PKH`, `BPNT`). */
  @IsOptional()
  @IsArray({ message: 'Program harus berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 program' })
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode program tidak dikenal' })
  programmesReceived?: string[];
  /** Programmes the household needs. */
  @IsOptional()
  @IsArray({ message: 'Program harus berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 program' })
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode program tidak dikenal' })
  programmesNeeded?: string[];
  /** Why the household needs them, in the officer's words (shown to reviewers; may hold personal data). */
  @IsOptional()
  @IsString({ message: 'Catatan kebutuhan harus berupa teks' })
  @MaxLength(1000, { message: 'Catatan kebutuhan paling panjang 1000 karakter' })
  needsNote?: string;
  /** Members where it matters (at most 20). */
  @IsOptional()
  @IsArray({ message: 'Anggota rumah tangga harus berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 anggota rumah tangga' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => HouseholdMemberInputV1)
  members?: HouseholdMemberInputV1[];
}

/**
 * One programme of the household in the complaint detail: reported received (household or a
 * member), found in the registry's programme flags, needed. `inRegistry` is null when the registry
 * could not say (not checked yet, not in DTKS/DTSEN, or a programme the registry has no flag for).
 */
export class ProgrammeParticipationV1 {
  @IsString() programmeCode!: string;
  /** The household or a member says it receives it now. */
  @IsBoolean() reportedReceived!: boolean;
  /** The registry's flags for the household say it receives it; null: unknown. */
  @ValidateIf((o: ProgrammeParticipationV1) => o.inRegistry !== null) @IsBoolean() inRegistry!: boolean | null;
  /** The household or a member needs it. */
  @IsBoolean() needed!: boolean;
  /**
   * `sesuai` (reported and in the registry), `tidak-ada-di-dtks` (reported, the registry has no flag),
   * `tidak-dilaporkan` (the registry has a flag, the household did not report it), `tidak-diketahui`.
   */
  @IsIn(['sesuai', 'tidak-ada-di-dtks', 'tidak-dilaporkan', 'tidak-diketahui']) check!:
    'sesuai' | 'tidak-ada-di-dtks' | 'tidak-dilaporkan' | 'tidak-diketahui';
  /** Indices into `household.members` of the members it concerns (received or needed). */
  @IsArray() @IsInt({ each: true }) members!: number[];
}
