import { Type } from 'class-transformer';
import {
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
import { ATTACHMENT_CHUNK_BYTES, ATTACHMENT_TYPES, AttachmentViewV1, type AttachmentType } from './attachments.v1.js';

/**
 * A resumable upload of a photo (or PDF) from the field app. Created with the declared size and
 * SHA-256, filled by chunks at byte offsets, completed when all bytes are there (hash and type
 * checked), then attached to the complaint. Open sessions are deleted a day after their last chunk.
 */
export class FieldUploadV1 {
  @IsUUID('7') uploadId!: string;
  @IsString() clientUploadId!: string;
  @IsIn(['open', 'complete']) status!: 'open' | 'complete';
  /** Bytes received so far: the next chunk starts here (resume from it). */
  @IsInt() offset!: number;
  @IsInt() size!: number;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsISO8601() expiresAt!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AttachmentViewV1) attachment?: AttachmentViewV1;
}

/**
 * `slrt.rpc.intake.create-field-upload.v1` (FS, FO). Idempotent per user and `clientUploadId`: the
 * same id with the same size and hash answers the existing session (with its offset); with other
 * values 409 `UPLOAD_ID_REUSED`. The complaint is named by its id or by the `clientId` it was synced with.
 */
export class CreateFieldUploadRequestV1 {
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'clientUploadId 8–120 karakter (huruf, angka, . _ : -)' })
  clientUploadId!: string;
  @ValidateIf((o: CreateFieldUploadRequestV1) => o.complaintClientId === undefined)
  @IsUUID('7', { message: 'Id pengaduan tidak valid' })
  complaintId?: string;
  @ValidateIf((o: CreateFieldUploadRequestV1) => o.complaintId === undefined)
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'Id pengaduan di perangkat (clientId) tidak valid' })
  complaintClientId?: string;
  @IsString()
  @MinLength(1, { message: 'Nama berkas wajib diisi' })
  @MaxLength(200, { message: 'Nama berkas paling panjang 200 karakter' })
  fileName!: string;
  /** Declared type; the real type is checked by content at completion. */
  @IsIn([...ATTACHMENT_TYPES], { message: 'Jenis berkas: image/jpeg, image/png, image/webp atau application/pdf' })
  contentType!: AttachmentType;
  @IsInt({ message: 'Ukuran berkas harus bilangan bulat' }) @Min(1, { message: 'Berkas kosong' }) size!: number;
  @Matches(/^[0-9a-f]{64}$/, { message: 'SHA-256 berupa 64 karakter heksadesimal huruf kecil' }) sha256!: string;
  /** The enrolled device uploading (refused 403 DEVICE_REVOKED once revoked). */
  @IsOptional() @IsUUID('7', { message: 'Id perangkat tidak valid' }) deviceId?: string;
}

/** `slrt.rpc.intake.get-field-upload.v1`: where a session stands (resume from `offset`). */
export class GetFieldUploadRequestV1 {
  @IsUUID('7', { message: 'Id unggahan tidak valid' }) uploadId!: string;
}

/**
 * `slrt.rpc.intake.put-field-upload-chunk.v1`: bytes at `offset`. A chunk the session already has
 * (offset + length ≤ session offset) changes nothing; a chunk starting after the session offset
 * answers `accepted: false` (the gateway: 409 `UPLOAD_OFFSET_MISMATCH` with `Upload-Offset`).
 */
export class PutFieldUploadChunkRequestV1 {
  @IsUUID('7', { message: 'Id unggahan tidak valid' }) uploadId!: string;
  @IsInt() @Min(0) offset!: number;
  @IsString()
  @MinLength(1, { message: 'Potongan kosong' })
  @MaxLength(Math.ceil((ATTACHMENT_CHUNK_BYTES * 4) / 3) + 4)
  contentBase64!: string;
}

export class PutFieldUploadChunkResponseV1 {
  /** False when the chunk did not start at (or before) the session's offset: nothing written. */
  @IsIn([true, false]) accepted!: boolean;
  @IsObject() @ValidateNested() @Type(() => FieldUploadV1) upload!: FieldUploadV1;
}

/** `slrt.rpc.intake.complete-field-upload.v1`: checks size, SHA-256 and type, then attaches. Repeating it answers the same attachment. */
export class CompleteFieldUploadRequestV1 {
  @IsUUID('7', { message: 'Id unggahan tidak valid' }) uploadId!: string;
}
