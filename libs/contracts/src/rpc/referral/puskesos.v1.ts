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
import { IsIsoDate } from '../../identifiers.js';

const OWNER_CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PROGRAMME_CODE = /^[A-Z][A-Z0-9_-]{1,30}$/;

// ── the Puskesos resolves a complaint itself (seed 001: "sesuai kapasitas Puskesos") ──────────

/**
 * What the Puskesos did to settle a complaint without a referral. WIRE-STABLE (stored, counted):
 * - `informasi`: information or explanation given (how to claim, where to go, what the status is)
 * - `pendampingan`: the citizen was accompanied (to the bank, the school, the clinic, the desa office)
 * - `layanan-desa`: a service of the desa/kelurahan itself (letters, SKTM, data correction at the desa)
 * - `bantuan-langsung`: direct help the Puskesos could give (emergency food, a local fund)
 * - `mediasi`: the matter was settled by talking with the party concerned
 * - `lainnya`: anything else (described in `actionTaken`)
 */
export const LOCAL_RESOLUTION_KINDS = [
  'informasi',
  'pendampingan',
  'layanan-desa',
  'bantuan-langsung',
  'mediasi',
  'lainnya',
] as const;
export type LocalResolutionKind = (typeof LOCAL_RESOLUTION_KINDS)[number];

/** `slrt.rpc.referral.resolve-at-puskesos.v1`: a Puskesos BO or SPV settles the case itself ("Selesaikan di Puskesos"). */
export class ResolveAtPuskesosRequestV1 {
  @IsUUID('7', { message: 'Id kasus tidak valid' }) caseId!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  /** Client-chosen id of this resolution: repeating it changes nothing and counts nothing twice. */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'Kunci idempoten 8–120 karakter (huruf, angka, . _ : -)' })
  requestId!: string;
  @IsIn([...LOCAL_RESOLUTION_KINDS], {
    message: `Jenis penanganan harus salah satu dari: ${LOCAL_RESOLUTION_KINDS.join(', ')}`,
  })
  kind!: LocalResolutionKind;
  /** What was done, in words the citizen can be told (Bahasa Indonesia). */
  @IsString({ message: 'Tuliskan apa yang sudah dilakukan' })
  @MinLength(10, { message: 'Uraian penanganan paling sedikit 10 karakter' })
  @MaxLength(2000, { message: 'Uraian penanganan paling banyak 2000 karakter' })
  actionTaken!: string;
}

/** One local resolution as recorded (on the case view and in the Puskesos's count). */
export class LocalResolutionViewV1 {
  @IsString() resolutionId!: string;
  @IsString() caseId!: string;
  @IsString() desaCode!: string;
  @IsIn([...LOCAL_RESOLUTION_KINDS]) kind!: LocalResolutionKind;
  @IsString() actionTaken!: string;
  @IsString() resolvedBy!: string;
  @IsString() resolvedByRole!: string;
  @IsISO8601() resolvedAt!: string;
}

/** Reply of resolve-at-puskesos: the case after the move and the resolution recorded. */
export class ResolveAtPuskesosResponseV1 {
  @IsString() caseId!: string;
  @IsString() state!: string;
  @IsInt() version!: number;
  @IsObject() @ValidateNested() @Type(() => LocalResolutionViewV1) resolution!: LocalResolutionViewV1;
  /** True when this requestId had been applied before (nothing changed, nothing counted twice). */
  @IsBoolean() repeated!: boolean;
}

// ── an owner passes a referral up a level (seed 002: "Kabupaten/Kota …, Provinsi atau Pusat") ──

/** `slrt.rpc.referral.forward-referral.v1`: the owner (PO user or owner API key) passes its referral to a higher-level owner over HTTP. */
export class ForwardReferralRequestV1 {
  @IsUUID('7', { message: 'Id rujukan tidak valid' }) referralId!: string;
  /** Client-chosen id of this answer: repeating it changes nothing (one new referral, whatever the retries). */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'responseId 8–120 karakter' }) responseId!: string;
  @Matches(OWNER_CODE, { message: 'Kode pengelola program tujuan tidak valid' }) targetOwnerCode!: string;
  @IsString({ message: 'Tuliskan alasan meneruskan' })
  @MinLength(3, { message: 'Alasan paling sedikit 3 karakter' })
  @MaxLength(2000)
  reason!: string;
}

export class ForwardReferralResponseV1 {
  @IsString() referralId!: string;
  /** `forwarded` once applied. */
  @IsString() status!: string;
  /** The new referral to the higher-level owner. */
  @IsString() newReferralId!: string;
  @IsString() targetOwnerCode!: string;
  @IsBoolean() repeated!: boolean;
}

// ── non-government partners and their agreements (seed 001: CSR, BAZNAS, hospitals) ──────────

/** `slrt.rpc.referral.save-partnership.v1` (kab/kota-wide ADMIN): create (no `partnershipId`) or update an agreement with a non-government partner. */
export class SavePartnershipRequestV1 {
  /** Absent: a new agreement; present with `expectedVersion`: the next version of that one. */
  @IsOptional() @IsUUID('7', { message: 'Id kemitraan tidak valid' }) partnershipId?: string;
  @ValidateIf((o: SavePartnershipRequestV1) => o.partnershipId !== undefined)
  @IsInt({ message: 'Versi yang sedang dilihat wajib diisi saat mengubah' })
  @Min(1)
  expectedVersion?: number;
  @Matches(OWNER_CODE, { message: 'Kode mitra tidak valid' }) ownerCode!: string;
  /** The agreement's number (Nomor Perjanjian Kerja Sama / MoU). */
  @IsString({ message: 'Nomor perjanjian wajib diisi' })
  @MinLength(3, { message: 'Nomor perjanjian paling sedikit 3 karakter' })
  @MaxLength(120)
  agreementNumber!: string;
  @IsArray({ message: 'Daftar program' })
  @ArrayMinSize(1, { message: 'Sebut paling sedikit satu program' })
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'Program tidak boleh berulang' })
  @Matches(PROGRAMME_CODE, { each: true, message: 'Kode program tidak valid' })
  programmeCodes!: string[];
  @IsIsoDate({ message: 'Tanggal mulai berformat TTTT-BB-HH' }) periodStart!: string;
  @IsIsoDate({ message: 'Tanggal berakhir berformat TTTT-BB-HH' }) periodEnd!: string;
  /** The signed agreement as a PDF, base64 (at most 512 KB): required for a new agreement, optional when updating (kept). */
  @IsOptional()
  @IsString()
  @MaxLength(700_000, { message: 'Berkas perjanjian paling besar 512 KB' })
  documentBase64?: string;
  @IsOptional() @IsString() @MaxLength(200) documentName?: string;
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @IsBoolean() active!: boolean;
}

/** An agreement with a partner; `inForce` says whether it covers today (and is active). */
export class PartnershipViewV1 {
  @IsString() partnershipId!: string;
  @IsString() ownerCode!: string;
  @IsString() agreementNumber!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsIsoDate() periodStart!: string;
  @IsIsoDate() periodEnd!: string;
  @IsBoolean() active!: boolean;
  @IsBoolean() inForce!: boolean;
  @IsString() documentName!: string;
  @IsInt() documentSize!: number;
  /** SHA-256 (hex) of the stored PDF. */
  @IsString() documentSha256!: string;
  @ValidateIf((o: PartnershipViewV1) => o.note !== null) @IsString() note!: string | null;
  @IsInt() version!: number;
  @IsString() updatedBy!: string;
  @IsISO8601() updatedAt!: string;
}

/** `slrt.rpc.referral.list-partners.v1`: the non-government owners with their agreements. */
export class ListPartnersRequestV1 {
  /** Only agreements in force today (and partners having one). */
  @IsOptional() @IsBoolean() inForceOnly?: boolean;
}

export class PartnerViewV1 {
  @IsString() code!: string;
  @IsString() name!: string;
  @IsString() level!: string;
  @IsBoolean() active!: boolean;
  /** Programmes a referral may concern today (union of the agreements in force). */
  @IsArray() @IsString({ each: true }) programmesInForce!: string[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PartnershipViewV1)
  partnerships!: PartnershipViewV1[];
}

export class ListPartnersResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PartnerViewV1)
  items!: PartnerViewV1[];
}

/** `slrt.rpc.referral.get-partnership-document.v1`: the signed agreement PDF. */
export class GetPartnershipDocumentRequestV1 {
  @IsUUID('7', { message: 'Id kemitraan tidak valid' }) partnershipId!: string;
}

export class PartnershipDocumentV1 {
  @IsString() fileName!: string;
  @IsString() contentType!: string;
  @IsString() contentBase64!: string;
  @IsString() sha256!: string;
  @IsInt() @Min(1) @Max(524_288) size!: number;
}
