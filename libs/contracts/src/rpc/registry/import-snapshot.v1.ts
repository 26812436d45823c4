import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/**
 * `slrt.rpc.registry.import-snapshot.v1`: load a DTKS/DTSEN file of the kab/kota as a new snapshot.
 * The file lies under the registry's import directory; the job runs in the background
 * (`get-import-job` to follow it) and the snapshot becomes current only when it is complete.
 */
export class ImportSnapshotRequestV1 {
  /** File name under the registry's import directory (no path separators), `.csv` or `.xlsx` (first sheet). */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.(csv|xlsx)$/, { message: 'Nama berkas CSV atau XLSX di direktori impor (tanpa folder)' }) fileName!: string;
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
