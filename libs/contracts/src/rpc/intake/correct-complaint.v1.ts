import { Type } from 'class-transformer';
import { IsInt, IsObject, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { ComplaintInputV1 } from './complaint-input.v1.js';

/**
 * `slrt.rpc.intake.correct-complaint.v1`: correction of registration data before referral. The
 * whole corrected record is sent (what the form shows); intake stores before/after and the reason.
 */
export class CorrectComplaintRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  /** The version the operator edited; a newer one on the server means a conflict (409). */
  @IsInt() @Min(1) expectedVersion!: number;
  @IsString() @Matches(/\S.{2,}/, { message: 'Alasan koreksi paling sedikit 3 karakter' }) reason!: string;
  @IsObject() @ValidateNested() @Type(() => ComplaintInputV1) complaint!: ComplaintInputV1;
}
