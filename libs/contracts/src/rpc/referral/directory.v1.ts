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
import { SECTORS, type Sector } from '@slrt/domain';
import {
  COMPLAINT_CATEGORIES,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type VulnerableGroup,
} from '../../events/intake/complaint-vocabulary.js';
import { SCHOOL_TYPES, type SchoolType } from '../../events/intake/complaint-attributes.v1.js';

const PROGRAMME_CODE = /^[A-Z][A-Z0-9_-]{1,30}$/;
const OWNER_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// ── routing rules ────────────────────────────────────────────────────────────────────────────

/**
 * Conditions of a routing rule: each named attribute must have one of the listed values (the
 * complaint's attributes, `ComplaintAttributesV1`); no condition: every complaint matches.
 */
export class RoutingConditionsV1 {
  @IsOptional()
  @IsArray({ message: 'Daftar jenis sekolah' })
  @ArrayMinSize(1, { message: 'Sebut paling sedikit satu jenis sekolah' })
  @ArrayUnique({ message: 'Jenis sekolah tidak boleh berulang' })
  @IsIn([...SCHOOL_TYPES], { each: true, message: `Jenis sekolah harus salah satu dari: ${SCHOOL_TYPES.join(', ')}` })
  schoolType?: SchoolType[];
  /** The person's priority groups (subject or household member): the rule matches when the complaint has any of them. */
  @IsOptional()
  @IsArray({ message: 'Daftar kelompok prioritas' })
  @ArrayMinSize(1, { message: 'Sebut paling sedikit satu kelompok prioritas' })
  @ArrayUnique({ message: 'Kelompok prioritas tidak boleh berulang' })
  @IsIn([...VULNERABLE_GROUPS], {
    each: true,
    message: `Kelompok prioritas harus salah satu dari: ${VULNERABLE_GROUPS.join(', ')}`,
  })
  priorityGroup?: VulnerableGroup[];
}

/** One saved version of a rule: who changed it, when, why, and the rule before and after. */
export class RoutingRuleChangeV1 {
  @IsInt() version!: number;
  @IsISO8601() at!: string;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @ValidateIf((o: RoutingRuleChangeV1) => o.reason !== null) @IsString() reason!: string | null;
  /** The rule before the change; null when it was created. */
  @ValidateIf((o: RoutingRuleChangeV1) => o.before !== null) @IsObject() before!: Record<string, unknown> | null;
  @IsObject() after!: Record<string, unknown>;
}

/** A routing rule: complaints of `category` about `programmeCode` (any programme when null) whose attributes meet `conditions` go to `ownerCodes`. Lowest `priority` first; per programme the first matching rule decides. */
export class RoutingRuleViewV1 {
  @IsInt() id!: number;
  /** Increases with every save; a save names the version it changes (`expectedVersion`). */
  @IsInt() version!: number;
  @IsIn([...COMPLAINT_CATEGORIES]) category!: ComplaintCategory;
  @ValidateIf((o: RoutingRuleViewV1) => o.programmeCode !== null) @IsString() programmeCode!: string | null;
  @IsObject() @ValidateNested() @Type(() => RoutingConditionsV1) conditions!: RoutingConditionsV1;
  @IsArray() @IsString({ each: true }) ownerCodes!: string[];
  @IsInt() priority!: number;
  @ValidateIf((o: RoutingRuleViewV1) => o.note !== null) @IsString() note!: string | null;
  @IsBoolean() active!: boolean;
  @IsISO8601() updatedAt!: string;
  /** Who saved the current version (`seed` for the rules of the first start). */
  @IsString() updatedBy!: string;
  /** Every version, oldest first (when asked with `includeHistory`, and in the reply of a save). */
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleChangeV1)
  history?: RoutingRuleChangeV1[];
}

/** `slrt.rpc.referral.list-routing-rules.v1` (ADMIN, SEKRETARIAT, MJ, BO of the kab/kota). */
export class ListRoutingRulesRequestV1 {
  @IsOptional()
  @IsIn([...COMPLAINT_CATEGORIES], { message: 'Kategori: kepesertaan atau non-kepesertaan' })
  category?: ComplaintCategory;
  @IsOptional() @Matches(PROGRAMME_CODE, { message: 'Kode program tidak valid' }) programmeCode?: string;
  @IsOptional() @IsBoolean() includeInactive?: boolean;
  @IsOptional() @IsBoolean() includeHistory?: boolean;
}

export class ListRoutingRulesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleViewV1)
  items!: RoutingRuleViewV1[];
}

/** `slrt.rpc.referral.save-routing-rule.v1` (ADMIN of the kab/kota): creates a rule (no `id`) or saves a new version of one. */
export class SaveRoutingRuleRequestV1 {
  /** The rule to change; absent: a new rule. */
  @IsOptional() @IsInt({ message: 'Id aturan berupa bilangan bulat' }) @Min(1) id?: number;
  /** Required with `id`: the version being changed (a stale version is a 409). */
  @IsOptional() @IsInt({ message: 'Versi berupa bilangan bulat' }) @Min(1) expectedVersion?: number;
  @IsIn([...COMPLAINT_CATEGORIES], { message: 'Kategori: kepesertaan atau non-kepesertaan' })
  category!: ComplaintCategory;
  /** The programme the rule is for; null or absent: any programme. */
  @IsOptional()
  @ValidateIf((o: SaveRoutingRuleRequestV1) => o.programmeCode !== null)
  @Matches(PROGRAMME_CODE, { message: 'Kode program tidak valid' })
  programmeCode?: string | null;
  @IsObject({ message: 'Syarat aturan berupa objek, mis. {"schoolType": ["MI", "MTS", "MA"]}' })
  @ValidateNested()
  @Type(() => RoutingConditionsV1)
  conditions!: RoutingConditionsV1;
  @IsArray({ message: 'Pengelola program tujuan berupa daftar' })
  @ArrayMinSize(1, { message: 'Pilih paling sedikit satu pengelola program' })
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'Pengelola program tidak boleh berulang' })
  @Matches(OWNER_CODE, { each: true, message: 'Kode pengelola program tidak valid' })
  ownerCodes!: string[];
  /** Lower first (default rules 100, more specific ones lower). */
  @IsInt({ message: 'Prioritas berupa bilangan bulat' })
  @Min(1, { message: 'Prioritas 1–1000' })
  @Max(1000, { message: 'Prioritas 1–1000' })
  priority!: number;
  @IsOptional() @IsString() @MaxLength(300, { message: 'Catatan paling panjang 300 karakter' }) note?: string;
  @IsBoolean({ message: 'Aktif: true atau false' }) active!: boolean;
  /** Why the rule changes (kept in its history). */
  @IsOptional() @IsString() @MaxLength(500, { message: 'Alasan paling panjang 500 karakter' }) reason?: string;
}

// ── programme catalogue ──────────────────────────────────────────────────────────────────────

/** Who funds a programme: national budget, regional budget, village fund, zakat, companies' CSR, other. */
export const PROGRAMME_FUNDERS = ['APBN', 'APBD', 'DANA-DESA', 'BAZNAS', 'CSR', 'LAINNYA'] as const;
export type ProgrammeFunder = (typeof PROGRAMME_FUNDERS)[number];

/** A programme complaints can concern: the national seed and the kab/kota's own (local budget, BAZNAS, CSR). */
export class ProgrammeViewV1 {
  @IsString() code!: string;
  @IsArray() @IsString({ each: true }) aliases!: string[];
  @IsString() name!: string;
  @IsIn([...SECTORS]) sector!: Sector;
  @IsIn(['nasional', 'daerah']) scope!: 'nasional' | 'daerah';
  @IsIn([...PROGRAMME_FUNDERS]) funder!: ProgrammeFunder;
  @IsString() defaultOwnerCode!: string;
  @IsArray() @IsString({ each: true }) otherOwnerCodes!: string[];
  @IsString() notes!: string;
  /** What the programme gives (shown to citizens). */
  @IsString() description!: string;
  /** Who may receive it. */
  @IsString() eligibility!: string;
  /** Documents a citizen brings to apply. */
  @IsArray() @IsString({ each: true }) documentsNeeded!: string[];
  /** How to apply or where to go. */
  @IsString() howToApply!: string;
  /** Shown on the public programme page (`GET /program`) while active. */
  @IsBoolean() publicInfo!: boolean;
  @IsBoolean() active!: boolean;
  @IsInt() version!: number;
  @IsISO8601() updatedAt!: string;
}

/** `slrt.rpc.referral.list-programmes.v1`: operators, and intake (`system:intake`) to validate a complaint's programmes. */
export class ListProgrammesRequestV1 {
  @IsOptional() @IsBoolean() includeInactive?: boolean;
  /** Search in name, code, aliases, description and eligibility (case-insensitive). */
  @IsOptional()
  @IsString({ message: 'Kata pencarian berupa teks' })
  @MaxLength(100, { message: 'Kata pencarian paling panjang 100 karakter' })
  q?: string;
  @IsOptional() @IsIn([...SECTORS], { message: `Sektor harus salah satu dari: ${SECTORS.join(', ')}` }) sector?: Sector;
}

/** A programme as citizens see it on the public page: no owners, no internal notes. */
export class PublicProgrammeV1 {
  @IsString() code!: string;
  @IsString() name!: string;
  @IsIn([...SECTORS]) sector!: Sector;
  @IsIn(['nasional', 'daerah']) scope!: 'nasional' | 'daerah';
  @IsString() description!: string;
  @IsString() eligibility!: string;
  @IsArray() @IsString({ each: true }) documentsNeeded!: string[];
  @IsString() howToApply!: string;
}

/** `slrt.rpc.referral.list-public-programmes.v1`: only the gateway (`system:gateway`) for the public page; active programmes with `publicInfo`. */
export class ListPublicProgrammesRequestV1 {
  @IsOptional()
  @IsString({ message: 'Kata pencarian berupa teks' })
  @MaxLength(100, { message: 'Kata pencarian paling panjang 100 karakter' })
  q?: string;
  @IsOptional() @IsIn([...SECTORS], { message: `Sektor harus salah satu dari: ${SECTORS.join(', ')}` }) sector?: Sector;
}

export class ListPublicProgrammesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PublicProgrammeV1)
  items!: PublicProgrammeV1[];
}

export class ListProgrammesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProgrammeViewV1)
  items!: ProgrammeViewV1[];
}

/** `slrt.rpc.referral.save-programme.v1` (ADMIN of the kab/kota): adds a local programme or changes one; a new programme gets a default routing rule to its owner. */
export class SaveProgrammeRequestV1 {
  @Matches(PROGRAMME_CODE, { message: 'Kode program: huruf besar, angka, _ atau -, 2–31 karakter, mis. BANSOS-KOTA' })
  code!: string;
  @IsString({ message: 'Nama program wajib diisi' })
  @MinLength(3, { message: 'Nama paling sedikit 3 karakter' })
  @MaxLength(200, { message: 'Nama paling panjang 200 karakter' })
  name!: string;
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode alias tidak valid' })
  aliases!: string[];
  @IsIn([...SECTORS], { message: `Sektor harus salah satu dari: ${SECTORS.join(', ')}` }) sector!: Sector;
  @IsIn(['nasional', 'daerah'], { message: 'Cakupan: nasional atau daerah' }) scope!: 'nasional' | 'daerah';
  @IsIn([...PROGRAMME_FUNDERS], { message: `Sumber dana harus salah satu dari: ${PROGRAMME_FUNDERS.join(', ')}` })
  funder!: ProgrammeFunder;
  @Matches(OWNER_CODE, { message: 'Kode pengelola program tidak valid' }) defaultOwnerCode!: string;
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @Matches(OWNER_CODE, { each: true, message: 'Kode pengelola program tidak valid' })
  otherOwnerCodes!: string[];
  @IsOptional() @IsString() @MaxLength(1000) notes?: string;
  /** Information fields (optional: absent keeps the stored value; a new programme starts empty and not public). */
  @IsOptional()
  @IsString({ message: 'Manfaat program berupa teks' })
  @MaxLength(1000, { message: 'Manfaat program paling panjang 1000 karakter' })
  description?: string;
  @IsOptional()
  @IsString({ message: 'Syarat penerima berupa teks' })
  @MaxLength(1000, { message: 'Syarat penerima paling panjang 1000 karakter' })
  eligibility?: string;
  @IsOptional()
  @IsArray({ message: 'Dokumen yang diperlukan berupa daftar' })
  @ArrayMaxSize(20, { message: 'Paling banyak 20 dokumen' })
  @IsString({ each: true, message: 'Setiap dokumen berupa teks' })
  @MinLength(2, { each: true, message: 'Nama dokumen paling sedikit 2 karakter' })
  @MaxLength(200, { each: true, message: 'Nama dokumen paling panjang 200 karakter' })
  documentsNeeded?: string[];
  @IsOptional()
  @IsString({ message: 'Cara mendaftar berupa teks' })
  @MaxLength(1000, { message: 'Cara mendaftar paling panjang 1000 karakter' })
  howToApply?: string;
  @IsOptional() @IsBoolean({ message: 'Tampil di halaman publik: true atau false' }) publicInfo?: boolean;
  @IsBoolean() active!: boolean;
  /** Required when the programme exists: the version being changed (a stale version is a 409). */
  @IsOptional() @IsInt() @Min(1) expectedVersion?: number;
}

// ── one referral for its owner ───────────────────────────────────────────────────────────────

/** `slrt.rpc.referral.get-owner-referral.v1`: one referral of the calling owner (PO user or owner API key); audited like the list. */
export class GetOwnerReferralRequestV1 {
  @IsUUID('7', { message: 'Id rujukan tidak valid' }) referralId!: string;
}
