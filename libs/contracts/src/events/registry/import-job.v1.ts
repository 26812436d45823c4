import { IsIn, IsInt, IsISO8601, IsUUID, Matches, Min, ValidateIf, IsString, MaxLength } from 'class-validator';

/**
 * A snapshot import made progress (`slrt.evt.registry.import.progressed.v1`): published every
 * block of rows so the console can draw a bar. Counts only, never row content.
 */
export class ImportProgressedV1 {
  /** The import job (`get-import-job` gives its details). */
  @IsUUID('7') jobId!: string;
  /** Data period being loaded, `YYYY-MM`. */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/) dataPeriod!: string;
  /** Data rows read so far (header excluded). */
  @IsInt() @Min(0) rowsRead!: number;
  /** Rows that passed validation so far. */
  @IsInt() @Min(0) rowsAccepted!: number;
  /** Rows rejected so far (each listed in the job's error report). */
  @IsInt() @Min(0) rowsRejected!: number;
}

/**
 * A snapshot import ended (`slrt.evt.registry.import.completed.v1`): `succeeded` means the period
 * is now the current snapshot; `failed` means the previous snapshot stays current.
 */
export class ImportCompletedV1 extends ImportProgressedV1 {
  @IsIn(['succeeded', 'failed']) status!: 'succeeded' | 'failed';
  /** Why it failed, in Bahasa Indonesia for the operator; null when it succeeded. */
  @ValidateIf((o: ImportCompletedV1) => o.error !== null) @IsString() @MaxLength(1000) error!: string | null;
  @IsISO8601({ strict: true }) finishedAt!: string;
}
