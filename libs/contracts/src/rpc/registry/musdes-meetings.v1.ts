import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
  ValidateNested,
} from 'class-validator';
import { DESA_CODE } from '../../events/intake/complaint-registered.v1.js';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../events/registry/proposal-status.v1.js';
import { IsIsoDate } from '../../identifiers.js';

/**
 * The musdes/muskel (*musyawarah desa/kelurahan*) as one meeting per desa/kelurahan and date,
 * covering many prelist households: agenda, place, chair, attendance (officials by name and role,
 * citizens as a count: no NIK), a decision per household, the generated *Berita Acara* and its
 * signed scan. WIRE-STABLE codes: stored in the registry's tables.
 */

const REGION_FILTER = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/** Decision of the meeting on one household: agreed (*setuju*), not agreed (*tidak setuju*), postponed (*ditunda*). */
export const MUSDES_MEETING_DECISIONS = ['agreed', 'not-agreed', 'postponed'] as const;
export type MusdesMeetingDecision = (typeof MUSDES_MEETING_DECISIONS)[number];

/** Roles of the officials present (printed in words on the Berita Acara). */
export const MUSDES_OFFICIAL_ROLES = [
  'kepala-desa',
  'lurah',
  'sekretaris-desa',
  'perangkat-desa',
  'bpd',
  'lpm',
  'camat',
  'tokoh-masyarakat',
  'tokoh-agama',
  'pendamping-sosial',
  'tksk',
  'fasilitator-slrt',
  'puskesos',
  'lainnya',
] as const;
export type MusdesOfficialRole = (typeof MUSDES_OFFICIAL_ROLES)[number];

/** Status of a meeting: `open` (attendance and decisions may be recorded) or `final` (signed Berita Acara uploaded; locked). */
export const MUSDES_MEETING_STATUSES = ['open', 'final'] as const;
export type MusdesMeetingStatus = (typeof MUSDES_MEETING_STATUSES)[number];

/** An official present at the meeting: name and role only, never a NIK. */
export class MusdesOfficialV1 {
  @IsString({ message: 'Nama wajib diisi' })
  @MinLength(2, { message: 'Nama paling sedikit 2 huruf' })
  @MaxLength(120, { message: 'Nama paling panjang 120 karakter' })
  name!: string;
  @IsIn([...MUSDES_OFFICIAL_ROLES], { message: `Jabatan salah satu dari: ${MUSDES_OFFICIAL_ROLES.join(', ')}` })
  role!: MusdesOfficialRole;
  /** Signs the Berita Acara as a witness (*saksi*). */
  @IsOptional() @IsBoolean({ message: 'Saksi: ya atau tidak' }) witness?: boolean;
}

/** `slrt.rpc.registry.create-musdes-meeting.v1`: one meeting per desa/kelurahan and date (asking again for the same returns it, `replayed`). */
export class CreateMusdesMeetingRequestV1 {
  @Matches(DESA_CODE, { message: 'Kode desa berbentuk 62.71.01.1001' }) desaCode!: string;
  @IsIsoDate({ message: 'Tanggal musyawarah berformat YYYY-MM-DD' }) date!: string;
  @IsString({ message: 'Agenda wajib diisi' })
  @MinLength(3, { message: 'Agenda paling sedikit 3 karakter' })
  @MaxLength(500, { message: 'Agenda paling panjang 500 karakter' })
  agenda!: string;
  @IsString({ message: 'Tempat wajib diisi' })
  @MinLength(3, { message: 'Tempat paling sedikit 3 karakter' })
  @MaxLength(200, { message: 'Tempat paling panjang 200 karakter' })
  place!: string;
  /** Who chairs (*pimpinan musyawarah*), usually the kepala desa or the ketua BPD. */
  @IsString({ message: 'Nama pimpinan wajib diisi' })
  @MinLength(2, { message: 'Nama pimpinan paling sedikit 2 huruf' })
  @MaxLength(120, { message: 'Nama pimpinan paling panjang 120 karakter' })
  chairName!: string;
  @IsIn([...MUSDES_OFFICIAL_ROLES], {
    message: `Jabatan pimpinan salah satu dari: ${MUSDES_OFFICIAL_ROLES.join(', ')}`,
  })
  chairRole!: MusdesOfficialRole;
}

/** `slrt.rpc.registry.record-musdes-attendance.v1`: who attended (replaces the list) while the meeting is open. */
export class RecordMusdesAttendanceRequestV1 {
  @IsUUID('7', { message: 'Id musyawarah tidak valid' }) meetingId!: string;
  @IsInt({ message: 'Versi wajib diisi' }) @Min(1) expectedVersion!: number;
  @IsArray({ message: 'Daftar pejabat yang hadir harus berupa daftar' })
  @ArrayMinSize(1, { message: 'Paling sedikit satu pejabat hadir' })
  @ArrayMaxSize(60, { message: 'Paling banyak 60 pejabat' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesOfficialV1)
  officials!: MusdesOfficialV1[];
  /** Citizens present (a count; their names are not recorded here). */
  @IsInt({ message: 'Jumlah warga hadir berupa angka' })
  @Min(0, { message: 'Jumlah warga hadir tidak boleh negatif' })
  @Max(10000, { message: 'Jumlah warga hadir paling banyak 10000' })
  citizenCount!: number;
}

/** One household's decision. */
export class MusdesDecisionInputV1 {
  @IsUUID('7', { message: 'Id usulan tidak valid' }) entryId!: string;
  @IsIn([...MUSDES_MEETING_DECISIONS], {
    message: 'Keputusan: agreed (setuju), not-agreed (tidak setuju) atau postponed (ditunda)',
  })
  decision!: MusdesMeetingDecision;
  /** Required when not agreed or postponed. */
  @IsOptional()
  @IsString({ message: 'Alasan berupa teks' })
  @MaxLength(500, { message: 'Alasan paling panjang 500 karakter' })
  reason?: string;
}

/**
 * `slrt.rpc.registry.record-musdes-decisions.v1`: decisions on households (prelist entries of the
 * meeting's desa in `draft`). Agreed / not agreed moves the proposal once (`deliberated` /
 * `declined`) with its musdes fields taken from the meeting; postponed keeps it in `draft`.
 * Repeating an identical decision changes nothing.
 */
export class RecordMusdesDecisionsRequestV1 {
  @IsUUID('7', { message: 'Id musyawarah tidak valid' }) meetingId!: string;
  @IsArray({ message: 'Keputusan harus berupa daftar' })
  @ArrayMinSize(1, { message: 'Paling sedikit satu keputusan' })
  @ArrayMaxSize(200, { message: 'Paling banyak 200 keputusan sekaligus' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesDecisionInputV1)
  decisions!: MusdesDecisionInputV1[];
}

/** `slrt.rpc.registry.get-musdes-meeting.v1`. */
export class GetMusdesMeetingRequestV1 {
  @IsUUID('7', { message: 'Id musyawarah tidak valid' }) meetingId!: string;
}

/** `slrt.rpc.registry.list-musdes-meetings.v1`: within the caller's scope, newest first. */
export class ListMusdesMeetingsRequestV1 {
  /** Kecamatan or desa (or kab/kota) code. */
  @IsOptional() @Matches(REGION_FILTER, { message: 'Kode wilayah tidak valid' }) regionCode?: string;
  @IsOptional()
  @IsIn([...MUSDES_MEETING_STATUSES], { message: 'Status: open atau final' })
  status?: MusdesMeetingStatus;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

/** A household on the meeting's table: decided, or a draft prelist entry of the desa still to decide. */
export class MusdesHouseholdV1 {
  @IsUUID('7') entryId!: string;
  /** Head of household (or first member) by name. */
  @IsString() headName!: string;
  /** Masked (`************0001`) or null when the head has no NIK. */
  @IsOptional() @IsString() maskedNik!: string | null;
  @IsInt() memberCount!: number;
  @IsOptional() @IsString() rt!: string | null;
  @IsOptional() @IsString() rw!: string | null;
  @IsIn([...PROPOSAL_STATUSES]) status!: ProposalStatus;
  /** Null while not decided in this meeting. */
  @IsOptional() @IsIn([...MUSDES_MEETING_DECISIONS]) decision!: MusdesMeetingDecision | null;
  @IsOptional() @IsString() reason!: string | null;
  /** Whether the household profile is complete enough to be decided. */
  @IsBoolean() profileComplete!: boolean;
}

/** A meeting as its readers see it. */
export class MusdesMeetingV1 {
  @IsUUID('7') meetingId!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() desaName!: string;
  /** `musdes` (desa) or `muskel` (kelurahan). */
  @IsIn(['musdes', 'muskel']) kind!: 'musdes' | 'muskel';
  @IsIsoDate() date!: string;
  /** *Nomor Berita Acara*. */
  @IsString() number!: string;
  @IsString() agenda!: string;
  @IsString() place!: string;
  @IsString() chairName!: string;
  @IsString() chairRole!: string;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesOfficialV1)
  officials!: MusdesOfficialV1[];
  @IsInt() citizenCount!: number;
  @IsIn([...MUSDES_MEETING_STATUSES]) status!: MusdesMeetingStatus;
  @IsInt() version!: number;
  /** Decided households, in the order decided. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesHouseholdV1)
  decisions!: MusdesHouseholdV1[];
  /** Draft prelist entries of the desa not yet agreed or not agreed (while open; empty when final). */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesHouseholdV1)
  candidates!: MusdesHouseholdV1[];
  /** Whether the Berita Acara of the current version was generated (a signed scan can be uploaded then). */
  @IsBoolean() minutesGenerated!: boolean;
  /** The signed scan, once uploaded. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MusdesSignedFileV1) signed!: MusdesSignedFileV1 | null;
  /** What the reader may do now: `record-attendance`, `record-decisions`, `download-minutes`, `upload-signed`. */
  @IsArray() @IsString({ each: true }) allowedActions!: string[];
  @IsOptional() @IsBoolean() replayed?: boolean;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

/** The signed Berita Acara as stored. */
export class MusdesSignedFileV1 {
  @IsString() fileName!: string;
  @IsIn(['application/pdf', 'image/jpeg']) contentType!: 'application/pdf' | 'image/jpeg';
  @IsInt() size!: number;
  @IsString() sha256!: string;
  @IsISO8601() uploadedAt!: string;
  @IsString() uploadedBy!: string;
}

/** A row of the meeting list. */
export class MusdesMeetingListItemV1 {
  @IsUUID('7') meetingId!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() desaName!: string;
  @IsIsoDate() date!: string;
  @IsString() number!: string;
  @IsIn([...MUSDES_MEETING_STATUSES]) status!: MusdesMeetingStatus;
  @IsInt() decidedCount!: number;
  @IsInt() agreedCount!: number;
}

export class ListMusdesMeetingsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MusdesMeetingListItemV1)
  items!: MusdesMeetingListItemV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.registry.get-musdes-minutes.v1`: the Berita Acara (PDF) of the meeting's current version. */
export class GetMusdesMinutesRequestV1 {
  @IsUUID('7', { message: 'Id musyawarah tidak valid' }) meetingId!: string;
}

/** The Berita Acara PDF: the same bytes for the same meeting version. */
export class MusdesMinutesFileV1 {
  @IsString() fileName!: string;
  @IsIn(['application/pdf']) contentType!: 'application/pdf';
  @IsString() contentBase64!: string;
  @IsString() number!: string;
  /** The meeting version it states. */
  @IsInt() version!: number;
}

/** Largest chunk of a signed scan on the bus (bytes, before base64), as for intake's attachments. */
export const MUSDES_SIGNED_CHUNK_BYTES = 512 * 1024;
/** Largest signed scan accepted (bytes). */
export const MUSDES_SIGNED_MAX_BYTES = 10 * 1024 * 1024;

/**
 * `slrt.rpc.registry.upload-musdes-signed-chunk.v1`: chunk *n* of the signed Berita Acara (PDF or
 * JPEG, checked by content). The last chunk stores the file and makes the meeting `final`.
 */
export class UploadMusdesSignedChunkRequestV1 {
  @IsUUID('7', { message: 'Id musyawarah tidak valid' }) meetingId!: string;
  /** Chosen by the uploader, the same for every chunk of one file. */
  @IsUUID('7') uploadId!: string;
  @IsString() @MinLength(1) @MaxLength(200, { message: 'Nama berkas paling panjang 200 karakter' }) fileName!: string;
  @IsInt() @Min(1) @Max(MUSDES_SIGNED_MAX_BYTES, { message: 'Berkas paling besar 10 MB' }) totalSize!: number;
  @IsInt() @Min(0) chunkIndex!: number;
  @IsInt() @Min(1) @Max(20) chunkCount!: number;
  @IsString() @MaxLength(Math.ceil((MUSDES_SIGNED_CHUNK_BYTES * 4) / 3) + 4) contentBase64!: string;
}

export class UploadMusdesSignedChunkResponseV1 {
  @IsInt() received!: number;
  /** The meeting once the last chunk made it final; null before. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => MusdesMeetingV1) meeting!: MusdesMeetingV1 | null;
}
