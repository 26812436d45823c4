import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsISO8601,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { ComplaintAttributesV1 } from './complaint-attributes.v1.js';
import {
  COMPLAINT_CATEGORIES,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type VulnerableGroup,
} from './complaint-vocabulary.js';
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
  /** Priority groups after the correction (see `ComplaintRegisteredV1.priorityGroups`); absent: none. Referral applies them to a case not yet sent. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn([...VULNERABLE_GROUPS], { each: true })
  priorityGroups?: VulnerableGroup[];
}
