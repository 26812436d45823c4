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
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** File types accepted as attachments (checked by content, not by name). WIRE-STABLE. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * Largest chunk of an attachment on the bus (bytes, before base64). NATS's default message limit
 * is 1 MiB; 512 KiB of data is about 683 KiB of base64, leaving room for the envelope.
 */
export const ATTACHMENT_CHUNK_BYTES = 512 * 1024;

/** An attachment as listed on a complaint. */
export class AttachmentViewV1 {
  @IsString() attachmentId!: string;
  @IsString() fileName!: string;
  @IsIn([...ATTACHMENT_TYPES]) contentType!: AttachmentType;
  @IsInt() size!: number;
  /** SHA-256 of the content, hex. */
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsString() uploadedBy!: string;
  @IsISO8601() uploadedAt!: string;
}

/**
 * `slrt.rpc.intake.add-attachment-chunk.v1`: one chunk of a photo or PDF for a complaint. Chunks of
 * an upload arrive in order; the last one completes the upload (type checked by content, size
 * checked, stored under the attachment directory, never in the database row). Repeating a chunk
 * already received changes nothing.
 */
export class AddAttachmentChunkRequestV1 {
  /** Chosen by the uploader (UUIDv7), the same for every chunk of one file. */
  @IsUUID('7', { message: 'uploadId harus UUIDv7' }) uploadId!: string;
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @IsString() @MinLength(1) @MaxLength(200, { message: 'Nama berkas paling panjang 200 karakter' }) fileName!: string;
  @IsInt() @Min(1, { message: 'Berkas kosong' }) totalSize!: number;
  @IsInt() @Min(0) chunkIndex!: number;
  @IsInt() @Min(1) @Max(64) chunkCount!: number;
  @IsString() @MaxLength(Math.ceil((ATTACHMENT_CHUNK_BYTES * 4) / 3) + 4) contentBase64!: string;
}

export class AddAttachmentChunkResponseV1 {
  @IsString() uploadId!: string;
  @IsInt() received!: number;
  @IsBoolean() complete!: boolean;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AttachmentViewV1) attachment?: AttachmentViewV1;
}

/** `slrt.rpc.intake.list-attachments.v1`. */
export class ListAttachmentsRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
}

export class ListAttachmentsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => AttachmentViewV1)
  items!: AttachmentViewV1[];
}

/** `slrt.rpc.intake.get-attachment-chunk.v1`: downloads travel in chunks too. */
export class GetAttachmentChunkRequestV1 {
  @IsUUID('7', { message: 'Id lampiran tidak valid' }) attachmentId!: string;
  @IsInt() @Min(0) chunkIndex!: number;
}

export class GetAttachmentChunkResponseV1 {
  @IsObject() @ValidateNested() @Type(() => AttachmentViewV1) attachment!: AttachmentViewV1;
  @IsInt() chunkIndex!: number;
  @IsInt() chunkCount!: number;
  @IsString() contentBase64!: string;
}
