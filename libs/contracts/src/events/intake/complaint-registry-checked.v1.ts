import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsISO8601,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ComplaintAttributesV1 } from './complaint-attributes.v1.js';
import { DESA_CODE, RECEIPT_NUMBER } from './complaint-registered.v1.js';
import {
  COMPLAINT_CATEGORIES,
  TRIAGE_NEXT_STEPS,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type TriageNextStep,
  type VulnerableGroup,
} from './complaint-vocabulary.js';

/** Outcomes of a completed registry check (never `pending`). */
export const REGISTRY_CHECK_OUTCOMES = ['in-registry', 'not-in-registry', 'no-identity'] as const;
export type RegistryCheckOutcome = (typeof REGISTRY_CHECK_OUTCOMES)[number];

/**
 * The complaint's subject was checked against DTKS/DTSEN
 * (`slrt.evt.intake.complaint.registry-checked.v1`). Referral opens a case on `review`; registry
 * creates a prelist proposal on `prelist`.
 */
export class ComplaintRegistryCheckedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsIn([...COMPLAINT_CATEGORIES]) category!: ComplaintCategory;
  @IsArray() @ArrayMaxSize(20) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeCodes!: string[];
  /** What decides routing beyond the programmes (e.g. the pupil's school type for PIP); absent in events before it existed. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ComplaintAttributesV1) attributes?: ComplaintAttributesV1;

  @IsIn([...REGISTRY_CHECK_OUTCOMES]) outcome!: RegistryCheckOutcome;

  /** What happens next, decided by intake from the outcome. */
  @IsIn([...TRIAGE_NEXT_STEPS]) nextStep!: TriageNextStep;

  /** The household's desil (1 = poorest) as imported from DTSEN; null when unknown or not found. */
  @ValidateIf((o: ComplaintRegistryCheckedV1) => o.desil !== null) @IsInt() @Min(1) @Max(10) desil!: number | null;

  /** Data period of the registry snapshot that answered (`YYYY-MM`), null when not found. */
  @ValidateIf((o: ComplaintRegistryCheckedV1) => o.dataPeriod !== null)
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/)
  dataPeriod!: string | null;

  @IsISO8601({ strict: true }) checkedAt!: string;
  /** Priority groups of the subject and household (see `ComplaintRegisteredV1.priorityGroups`): referral gives the case shorter deadlines; absent: none. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn([...VULNERABLE_GROUPS], { each: true })
  priorityGroups?: VulnerableGroup[];
  /** Where the complaint came in (its intake channel: `SEKRETARIAT_FO`, `PUSKESOS_FO`, `FASILITATOR_VISIT`, …); absent in events before it existed. */
  @IsOptional() @Matches(/^[A-Z_]{2,40}$/) intakePoint?: string;
  /**
   * The review chain the case follows, configured per intake point by the kab/kota (`SPV`
   * optional, then `MJ`, `BO`); absent in events before it existed: `SPV → MJ → BO`.
   */
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(['SPV', 'MJ', 'BO'], { each: true }) reviewChain?: Array<
    'SPV' | 'MJ' | 'BO'
  >;
  /** The kecamatan SPV already checked and approved this FS submission in intake: the case skips its own `SPV` step. */
  @IsOptional() @IsBoolean() supervisorChecked?: boolean;
  /** With `supervisorChecked`: the SPV (user id) who approved it, for the case's history. */
  @IsOptional() @IsString() @MaxLength(120) supervisorCheckedBy?: string;
}
