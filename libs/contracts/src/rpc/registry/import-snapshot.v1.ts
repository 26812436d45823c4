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
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/**
 * `slrt.rpc.registry.import-snapshot.v1`: load a DTKS/DTSEN file of the kab/kota as a new snapshot.
 * The file lies under the registry's import directory; the job runs in the background
 * (`get-import-job` to follow it) and the snapshot becomes current only when it is complete.
 */
export class ImportSnapshotRequestV1 {
  /** File name under the registry's import directory (no path separators), `.csv` or `.xlsx` (first sheet). */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(csv|xlsx)$/, {
    message: 'Nama berkas CSV atau XLSX di direktori impor (tanpa folder)',
  })
  fileName!: string;
  /** Data period of the snapshot, `YYYY-MM`. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Periode data berformat TTTT-BB' }) dataPeriod!: string;
  /** Column profile code (e.g. `dtsen`); profiles are data. */
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil kolom tidak valid' }) profile!: string;
}

/** An import job and what it did. */
export class ImportJobV1 {
  /** Id of the import job (UUIDv7). */
  @IsString() jobId!: string;
  /** File name under the import directory, as requested. */
  @IsString() fileName!: string;
  /** Data period of the snapshot, `YYYY-MM`. */
  @IsString() dataPeriod!: string;
  /** Column profile code the file was read with. */
  @IsString() profile!: string;
  /** `running` until the snapshot is current (`succeeded`) or abandoned (`failed`: the previous one stays). */
  @IsIn(['running', 'succeeded', 'failed']) status!: 'running' | 'succeeded' | 'failed';
  /** Data rows read so far (header excluded). */
  @IsInt() rowsRead!: number;
  /** Rows that passed validation. */
  @IsInt() rowsAccepted!: number;
  /** Rows rejected, each listed in the job's error report. */
  @IsInt() rowsRejected!: number;
  /** Whether this snapshot is the one lookups use now. */
  @IsOptional() @IsBoolean() current?: boolean;
  /** Why the job failed, in Bahasa Indonesia; null otherwise. */
  @ValidateIf((o: ImportJobV1) => o.error !== null) @IsString() @MaxLength(1000) error!: string | null;
  @IsISO8601() startedAt!: string;
  /** When the job ended; null while running. */
  @ValidateIf((o: ImportJobV1) => o.finishedAt !== null) @IsISO8601() finishedAt!: string | null;
}

/** `slrt.rpc.registry.get-import-job.v1`. */
export class GetImportJobRequestV1 {
  /** Id of the import job. */
  @Matches(/^[0-9a-f-]{36}$/, { message: 'Id pekerjaan impor tidak valid' }) jobId!: string;
}

/** Bytes of a snapshot file carried by one upload chunk (base64 in the message). */
export const SNAPSHOT_CHUNK_BYTES = 512 * 1024;

/**
 * `slrt.rpc.registry.upload-snapshot-chunk.v1`: one chunk of a snapshot file sent through the
 * gateway (no shell on the server needed). Chunks of an upload arrive in order, each but the last
 * exactly {@link SNAPSHOT_CHUNK_BYTES} long; the last one stores the file under the import
 * directory and starts its import, as `import-snapshot` does.
 */
export class UploadSnapshotChunkRequestV1 {
  /** Chosen by the uploader (UUIDv7), the same for every chunk of one file. */
  @IsUUID('7', { message: 'uploadId harus UUIDv7' }) uploadId!: string;
  /** The file's own name (kept in the stored name), `.csv` or `.xlsx`. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(csv|xlsx)$/, {
    message: 'Nama berkas CSV atau XLSX (huruf, angka, titik, garis bawah, tanda hubung)',
  })
  fileName!: string;
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Periode data berformat TTTT-BB' }) dataPeriod!: string;
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil kolom tidak valid' }) profile!: string;
  @IsInt() @Min(0) chunkIndex!: number;
  /** Whether this is the file's last chunk. */
  @IsBoolean() last!: boolean;
  @IsString() @MaxLength(Math.ceil((SNAPSHOT_CHUNK_BYTES * 4) / 3) + 4) contentBase64!: string;
}

/** What the registry holds of an upload after one chunk; `job` once the last chunk started the import. */
export class UploadSnapshotChunkResponseV1 {
  @IsString() uploadId!: string;
  /** Bytes stored so far. */
  @IsInt() receivedBytes!: number;
  @ValidateIf((o: UploadSnapshotChunkResponseV1) => o.job !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => ImportJobV1)
  job!: ImportJobV1 | null;
}

/**
 * `slrt.rpc.registry.get-import-errors-chunk.v1`: one chunk of a finished job's error report
 * (CSV `baris,kolom,pesan`), answered as a `FileChunkV1`.
 */
export class GetImportErrorsChunkRequestV1 {
  @Matches(/^[0-9a-f-]{36}$/, { message: 'Id pekerjaan impor tidak valid' }) jobId!: string;
  @IsInt() @Min(0) chunkIndex!: number;
}

/**
 * Where each snapshot field is read from: the header name in the file (case-insensitive). NIK, No.
 * KK, name and desa code must be mapped; the others are optional.
 */
export class ColumnMappingV1 {
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) household_id?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) member_id?: string;
  @IsString({ message: 'Kolom NIK wajib dipetakan' }) @MinLength(1) @MaxLength(100) nik!: string;
  @IsString({ message: 'Kolom nomor KK wajib dipetakan' }) @MinLength(1) @MaxLength(100) no_kk!: string;
  @IsString({ message: 'Kolom nama wajib dipetakan' }) @MinLength(1) @MaxLength(100) name!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) birth_date?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) sex?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) relationship?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) address?: string;
  @IsString({ message: 'Kolom kode desa wajib dipetakan' }) @MinLength(1) @MaxLength(100) desa_code!: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) desil?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) pkh?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) bpnt?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) pbi?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) kip?: string;
}

/** A column profile: how the headers of one kind of registry file map onto snapshot fields. */
export class ColumnProfileV1 {
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil kolom tidak valid' }) code!: string;
  @IsString() @MinLength(3, { message: 'Keterangan paling sedikit 3 huruf' }) @MaxLength(300) description!: string;
  @IsObject() @ValidateNested() @Type(() => ColumnMappingV1) columns!: ColumnMappingV1;
}

/** `slrt.rpc.registry.list-column-profiles.v1`: every profile, or the one with `code`. */
export class ListColumnProfilesRequestV1 {
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode profil kolom tidak valid' }) code?: string;
}

export class ListColumnProfilesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ColumnProfileV1)
  items!: ColumnProfileV1[];
}

/** `slrt.rpc.registry.save-column-profile.v1`: ADMIN adds or replaces a profile (no code change needed). */
export class SaveColumnProfileRequestV1 extends ColumnProfileV1 {}
