import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { ComplaintAttributesV1 } from './complaint-attributes.v1.js';
import { COMPLAINT_CATEGORIES, type ComplaintCategory } from './complaint-vocabulary.js';
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
  /** Category after the correction (absent in events before it was added). */
  @IsOptional() @IsIn([...COMPLAINT_CATEGORIES]) category?: ComplaintCategory;
  /** Routing attributes after the correction; absent: none. Referral routes a case not yet sent again. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ComplaintAttributesV1) attributes?: ComplaintAttributesV1;
  @IsISO8601({ strict: true }) correctedAt!: string;
}
