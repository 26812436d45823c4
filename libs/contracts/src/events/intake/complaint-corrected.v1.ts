import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsString, IsUUID, Matches, Min } from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from './complaint-registered.v1.js';

/**
 * Registration data of a complaint was corrected (`slrt.evt.intake.complaint.corrected.v1`).
 * Names the changed fields only; consumers that need values ask intake.
 */
export class ComplaintCorrectedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsInt() @Min(2) version!: number;
  /** Dotted paths of what changed, e.g. `complaint.programmeCodes`, `subject.nik`. */
  @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) changedFields!: string[];
  /** Programme codes after the correction. */
  @IsArray() @ArrayMaxSize(20) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeCodes!: string[];
  @IsISO8601({ strict: true }) correctedAt!: string;
}
