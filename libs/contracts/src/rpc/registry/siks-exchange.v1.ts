import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
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
import { PROPOSAL_KINDS, type ProposalKind } from '../../events/registry/proposal-status.v1.js';

/** A Kemendagri region code: kab/kota `62.71`, kecamatan `62.71.01` or desa/kelurahan `62.71.01.1001`. */
export const EXPORT_REGION_CODE = /^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/;

/** Data period of a SIKS-NG round, `YYYY-MM`. */
export const DATA_PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * How a value is written into an export cell (WIRE-STABLE: stored in export profiles):
 * `text` as stored; `upper` upper-case; `date-dmy` `DD-MM-YYYY`; `date-iso` `YYYY-MM-DD`;
 * `digits` only the digits (region codes without dots, e.g. `6271011001`).
 */
export const EXPORT_FORMATS = ['text', 'upper', 'date-dmy', 'date-iso', 'digits'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File formats of exports and results files. WIRE-STABLE. */
export const EXCHANGE_FILE_FORMATS = ['csv', 'xlsx'] as const;
export type ExchangeFileFormat = (typeof EXCHANGE_FILE_FORMATS)[number];

/**
 * Largest chunk of an exchanged file on the bus (bytes, before base64): 720 KiB is 960 KiB of
 * base64, under NATS's 1 MiB message limit (`max_payload` in deploy/nats) with about 60 KiB left
 * for the envelope. Exports run to hundreds of MB: fewer, fuller messages are what makes them fast.
 */
export const EXCHANGE_CHUNK_BYTES = 720 * 1024;

/** One column of an export: its header, the source field it takes its value from, and how the value is written. */
export class ExportColumnV1 {
  /** Header in the file (plain upper-case Indonesian, e.g. `NIK`, `TGL_LAHIR`). */
  @Matches(/^[A-Z][A-Z0-9_]{0,39}$/, { message: 'Judul kolom huruf besar, angka atau garis bawah (maks. 40)' })
  header!: string;
  /** Source field key known to the registry for the profile's kind (e.g. `member.nik`, `entry.desa_code`). */
  @Matches(/^[a-z][a-z0-9_.]{1,60}$/, { message: 'Kunci sumber tidak valid' }) source!: string;
  @IsIn([...EXPORT_FORMATS], { message: 'Format tidak dikenal' }) format!: ExportFormat;
}

/** An export column profile (data, editable by ADMIN): the ordered columns of one kind's file. */
export class SiksExportProfileV1 {
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil huruf kecil, angka atau tanda hubung' }) code!: string;
  @IsIn([...PROPOSAL_KINDS], { message: 'Jenis usulan tidak dikenal' }) kind!: ProposalKind;
  @IsString() @MinLength(3) @MaxLength(300) description!: string;
  @IsArray()
  @ArrayMinSize(1, { message: 'Paling sedikit satu kolom' })
  @ArrayMaxSize(80)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ExportColumnV1)
  columns!: ExportColumnV1[];
}

/** `slrt.rpc.registry.list-siks-export-profiles.v1`. */
export class ListSiksExportProfilesRequestV1 {
  @IsOptional() @IsIn([...PROPOSAL_KINDS]) kind?: ProposalKind;
}

export class ListSiksExportProfilesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SiksExportProfileV1)
  items!: SiksExportProfileV1[];
  /** Source field keys an ADMIN may use, per kind. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ExportSourceFieldsV1)
  sources!: ExportSourceFieldsV1[];
}

export class ExportSourceFieldsV1 {
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @IsArray() @IsString({ each: true }) fields!: string[];
}

/** `slrt.rpc.registry.save-siks-export-profile.v1`: creates or replaces a profile (ADMIN). The request is the profile. */
export class SaveSiksExportProfileRequestV1 extends SiksExportProfileV1 {}

/**
 * `slrt.rpc.registry.create-siks-export.v1`: freezes every exportable proposal of one kind in a
 * region (prelist `verified`, data-change `approved`, ppks `recorded`) into an immutable batch and
 * marks them `submitted`, in one transaction.
 */
export class CreateSiksExportRequestV1 {
  @IsIn([...PROPOSAL_KINDS], { message: 'Jenis usulan tidak dikenal' }) kind!: ProposalKind;
  @Matches(DATA_PERIOD, { message: 'Periode data berformat TTTT-BB' }) dataPeriod!: string;
  /** Kab/kota, kecamatan or desa code within the caller's region scope. */
  @Matches(EXPORT_REGION_CODE, { message: 'Kode wilayah Kemendagri (kab/kota, kecamatan atau desa)' })
  regionCode!: string;
  /** Column profile code of the same kind. */
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil tidak valid' }) profile!: string;
}

/** A SIKS-NG export batch (immutable once created). */
export class SiksExportBatchV1 {
  @IsUUID('7') batchId!: string;
  @IsIn([...PROPOSAL_KINDS]) kind!: ProposalKind;
  @Matches(DATA_PERIOD) dataPeriod!: string;
  @Matches(EXPORT_REGION_CODE) regionCode!: string;
  @IsString() profile!: string;
  /** Proposals in the batch. */
  @IsInt() proposalCount!: number;
  /** Rows in the file (a prelist household has one row per member). */
  @IsInt() rowCount!: number;
  /** SHA-256 (hex) of the CSV and XLSX files, null until first generated. */
  @ValidateIf((o: SiksExportBatchV1) => o.csvSha256 !== null) @Matches(/^[0-9a-f]{64}$/) csvSha256!: string | null;
  @ValidateIf((o: SiksExportBatchV1) => o.xlsxSha256 !== null) @Matches(/^[0-9a-f]{64}$/) xlsxSha256!: string | null;
  @IsString() createdBy!: string;
  @IsISO8601() createdAt!: string;
}

/** `slrt.rpc.registry.list-siks-exports.v1`: batches in the caller's region scope, newest first. */
export class ListSiksExportsRequestV1 {
  @IsOptional() @IsIn([...PROPOSAL_KINDS]) kind?: ProposalKind;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200) pageSize!: number;
}

export class ListSiksExportsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => SiksExportBatchV1)
  items!: SiksExportBatchV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.registry.get-siks-export.v1`. */
export class GetSiksExportRequestV1 {
  @IsUUID('7', { message: 'Id batch tidak valid' }) batchId!: string;
}

/**
 * `slrt.rpc.registry.get-siks-export-chunk.v1`: one chunk of a batch's file. The file is generated
 * (streamed, constant memory) on the first request and is byte-identical on every download.
 */
export class GetSiksExportChunkRequestV1 {
  @IsUUID('7', { message: 'Id batch tidak valid' }) batchId!: string;
  @IsIn([...EXCHANGE_FILE_FORMATS], { message: 'Format csv atau xlsx' }) format!: ExchangeFileFormat;
  @IsInt() @Min(0) chunkIndex!: number;
}

/** One chunk of a generated file (SIKS-NG export or candidate ranking). */
export class FileChunkV1 {
  @IsString() fileName!: string;
  @IsString() contentType!: string;
  /** Size of the whole file in bytes. */
  @IsInt() size!: number;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsInt() chunkIndex!: number;
  @IsInt() chunkCount!: number;
  /** The chunk's bytes, base64; gzip-compressed first when `contentEncoding` says so. */
  @IsString() contentBase64!: string;
  /**
   * `gzip`: the chunk was compressed (level 1) before base64, because text files (CSV) shrink
   * five- to eightfold and the bus, not PostgreSQL, bounds an export's download speed. Absent:
   * raw bytes (XLSX is already a zip). Each chunk decompresses on its own.
   */
  @IsOptional() @IsIn(['gzip']) contentEncoding?: 'gzip';
}

/**
 * `slrt.rpc.registry.add-verivali-chunk.v1`: one chunk of a verivali results file (CSV or XLSX).
 * Chunks of an upload arrive in order; the last one starts the import job.
 */
export class AddVerivaliChunkRequestV1 {
  /** Chosen by the uploader (UUIDv7), the same for every chunk of one file. */
  @IsUUID('7', { message: 'uploadId harus UUIDv7' }) uploadId!: string;
  @IsString() @MinLength(1) @MaxLength(200, { message: 'Nama berkas paling panjang 200 karakter' }) fileName!: string;
  @IsIn([...EXCHANGE_FILE_FORMATS], { message: 'Format csv atau xlsx' }) format!: ExchangeFileFormat;
  @IsInt() @Min(1, { message: 'Berkas kosong' }) @Max(64 * EXCHANGE_CHUNK_BYTES) totalSize!: number;
  @IsInt() @Min(0) chunkIndex!: number;
  @IsInt() @Min(1) @Max(64) chunkCount!: number;
  @IsString() @MaxLength(Math.ceil((EXCHANGE_CHUNK_BYTES * 4) / 3) + 4) contentBase64!: string;
}

/** A line of a verivali results file that could not be used (Bahasa Indonesia). */
export class VerivaliLineErrorV1 {
  /** Line number in the file (header = 1). */
  @IsInt() baris!: number;
  @IsString() kolom!: string;
  @IsString() pesan!: string;
}

/** A verivali results import and what it did. */
export class VerivaliImportV1 {
  @IsUUID('7') jobId!: string;
  @IsString() fileName!: string;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsIn(['running', 'succeeded', 'failed']) status!: 'running' | 'succeeded' | 'failed';
  /** Data lines read (header excluded). */
  @IsInt() lines!: number;
  /** Proposals whose status changed. */
  @IsInt() applied!: number;
  /** Proposals that already had this outcome (a re-import changes nothing). */
  @IsInt() unchanged!: number;
  /** Proposals whose state did not allow the outcome (each reported). */
  @IsInt() refused!: number;
  /** Lines that could not be read (each reported). */
  @IsInt() invalid!: number;
  /** The first 1,000 problems, in file order. */
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => VerivaliLineErrorV1)
  errors!: VerivaliLineErrorV1[];
  @ValidateIf((o: VerivaliImportV1) => o.error !== null) @IsString() error!: string | null;
  @IsString() startedBy!: string;
  @IsISO8601() startedAt!: string;
  @ValidateIf((o: VerivaliImportV1) => o.finishedAt !== null) @IsISO8601() finishedAt!: string | null;
}

export class AddVerivaliChunkResponseV1 {
  @IsString() uploadId!: string;
  @IsInt() received!: number;
  @IsIn([true, false]) complete!: boolean;
  /** The import job, once the last chunk arrived. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => VerivaliImportV1) job?: VerivaliImportV1;
}

/** `slrt.rpc.registry.get-verivali-import.v1`. */
export class GetVerivaliImportRequestV1 {
  @IsUUID('7', { message: 'Id impor tidak valid' }) jobId!: string;
}
