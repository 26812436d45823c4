import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, Matches, Min, ValidateIf, ValidateNested } from 'class-validator';
import { ComplaintInputV1 } from './complaint-input.v1.js';

/** One complaint recorded offline by a Fasilitator. */
export class FieldComplaintItemV1 {
  /** The device's own id for the record (stable across retries and edits). */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'clientId 8–120 karakter (huruf, angka, . _ : -)' }) clientId!: string;
  /** When the FS recorded (or last edited) it on the device. */
  @IsISO8601({ strict: true }, { message: 'Waktu pencatatan berformat ISO 8601' }) recordedAt!: string;
  /** The server version this edit was based on; absent for a record never synced. */
  @IsOptional() @IsInt() @Min(1) baseVersion?: number;
  /**
   * The complaint as recorded (shape of `ComplaintInputV1`). Validated item by item by intake, so
   * one bad item is answered `rejected` with its field errors instead of failing the whole batch.
   */
  @IsObject({ message: 'Data pengaduan wajib diisi' }) complaint!: ComplaintInputV1;
}

/** `slrt.rpc.intake.sync-field-complaints.v1`: a batch recorded offline, answered item by item. */
export class SyncFieldComplaintsRequestV1 {
  @IsArray() @ArrayMinSize(1, { message: 'Kiriman kosong' }) @ArrayMaxSize(100, { message: 'Paling banyak 100 pengaduan per kiriman' }) @ValidateNested({ each: true }) @Type(() => FieldComplaintItemV1) items!: FieldComplaintItemV1[];
}

export class FieldErrorViewV1 {
  @IsString() field!: string;
  @IsArray() @IsString({ each: true }) messages!: string[];
}

/** What happened to one item: created, unchanged (already synced), updated, conflict, or rejected. */
export class FieldComplaintResultV1 {
  @IsString() clientId!: string;
  @IsIn(['created', 'unchanged', 'updated', 'conflict', 'rejected']) outcome!: 'created' | 'unchanged' | 'updated' | 'conflict' | 'rejected';
  @ValidateIf((o: FieldComplaintResultV1) => o.complaintId !== null) @IsString() complaintId!: string | null;
  @ValidateIf((o: FieldComplaintResultV1) => o.receiptNumber !== null) @IsString() receiptNumber!: string | null;
  @ValidateIf((o: FieldComplaintResultV1) => o.version !== null) @IsInt() version!: number | null;
  /** For conflicts and rejections, in Bahasa Indonesia. */
  @ValidateIf((o: FieldComplaintResultV1) => o.detail !== null) @IsString() detail!: string | null;
  @IsArray() @ValidateNested({ each: true }) @Type(() => FieldErrorViewV1) fieldErrors!: FieldErrorViewV1[];
}

export class SyncFieldComplaintsResponseV1 {
  @IsArray() @ValidateNested({ each: true }) @Type(() => FieldComplaintResultV1) results!: FieldComplaintResultV1[];
}
