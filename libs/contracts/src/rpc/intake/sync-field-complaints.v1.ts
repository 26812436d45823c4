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
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ComplaintInputV1 } from './complaint-input.v1.js';
import { PROVISIONAL_NUMBER_PATTERN, TRACKING_CODE_PATTERN } from './field-devices.v1.js';

/** One complaint recorded offline by a Fasilitator. */
export class FieldComplaintItemV1 {
  /** The device's own id for the record (stable across retries and edits). */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'clientId 8–120 karakter (huruf, angka, . _ : -)' })
  clientId!: string;
  /** When the FS recorded (or last edited) it on the device. */
  @IsISO8601({ strict: true }, { message: 'Waktu pencatatan berformat ISO 8601' }) recordedAt!: string;
  /** The server version this edit was based on; absent for a record never synced. */
  @IsOptional() @IsInt() @Min(1) baseVersion?: number;
  /**
   * The complaint as recorded (shape of `ComplaintInputV1`). Validated item by item by intake, so
   * one bad item is answered `rejected` with its field errors instead of failing the whole batch.
   */
  @IsObject({ message: 'Data pengaduan wajib diisi' }) complaint!: ComplaintInputV1;
  /**
   * The provisional receipt number the citizen got offline (`L-<deviceCode>-<n>`): the device code
   * must be an active device of the caller. Unique: stored beside the official number.
   */
  @IsOptional()
  @Matches(PROVISIONAL_NUMBER_PATTERN, { message: 'Nomor sementara berbentuk L-ABCD-12' })
  provisionalNumber?: string;
  /** The tracking code printed offline with the provisional number (`K7PQ-4QX2`); required with it. */
  @ValidateIf((o: FieldComplaintItemV1) => o.provisionalNumber !== undefined || o.trackingCode !== undefined)
  @Matches(TRACKING_CODE_PATTERN, { message: 'Kode pelacakan berbentuk ABCD-2345 (tanpa 0, O, 1, I, L)' })
  trackingCode?: string;
}

/** `slrt.rpc.intake.sync-field-complaints.v1`: a batch recorded offline, answered item by item. */
export class SyncFieldComplaintsRequestV1 {
  @IsArray()
  @ArrayMinSize(1, { message: 'Kiriman kosong' })
  @ArrayMaxSize(100, { message: 'Paling banyak 100 pengaduan per kiriman' })
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldComplaintItemV1)
  items!: FieldComplaintItemV1[];
  /** The enrolled device sending the batch: a revoked device is refused 403 `DEVICE_REVOKED`. */
  @IsOptional() @IsUUID('7', { message: 'Id perangkat tidak valid' }) deviceId?: string;
}

export class FieldErrorViewV1 {
  @IsString() field!: string;
  @IsArray() @IsString({ each: true }) messages!: string[];
}

/** What happened to one item: created, unchanged (already synced), updated, conflict, or rejected. */
export class FieldComplaintResultV1 {
  @IsString() clientId!: string;
  @IsIn(['created', 'unchanged', 'updated', 'conflict', 'rejected']) outcome!:
    'created' | 'unchanged' | 'updated' | 'conflict' | 'rejected';
  @ValidateIf((o: FieldComplaintResultV1) => o.complaintId !== null) @IsString() complaintId!: string | null;
  @ValidateIf((o: FieldComplaintResultV1) => o.receiptNumber !== null) @IsString() receiptNumber!: string | null;
  @ValidateIf((o: FieldComplaintResultV1) => o.version !== null) @IsInt() version!: number | null;
  /** For conflicts and rejections, in Bahasa Indonesia. */
  @ValidateIf((o: FieldComplaintResultV1) => o.detail !== null) @IsString() detail!: string | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldErrorViewV1)
  fieldErrors!: FieldErrorViewV1[];
  /** The provisional number the item was synced with (beside the official `receiptNumber`), if any. */
  @IsOptional() @IsString() provisionalNumber?: string | null;
}

export class SyncFieldComplaintsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldComplaintResultV1)
  results!: FieldComplaintResultV1[];
}
