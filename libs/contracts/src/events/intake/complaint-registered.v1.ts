import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import {
  COMPLAINT_CATEGORIES,
  CONTACT_TYPES,
  REGISTRY_CHECK_STATES,
  VULNERABLE_GROUPS,
  type ComplaintCategory,
  type ContactType,
  type RegistryCheckState,
  type VulnerableGroup,
} from './complaint-vocabulary.js';

/** Receipt number: kab/kota (4 digits), YYMM, sequence, e.g. `6271-2611-000123`. */
export const RECEIPT_NUMBER = /^\d{4}-\d{4}-\d{6}$/;
/** Desa/kelurahan code, Kemendagri dotted form, e.g. `62.71.01.1001`. */
export const DESA_CODE = /^\d{2}\.\d{2}\.\d{2}\.\d{4}$/;

/**
 * A complaint was registered by FO or FS (`slrt.evt.intake.complaint.registered.v1`).
 * Carries no personal data: consumers that need the person ask intake with the complaint id.
 */
export class ComplaintRegisteredV1 {
  /** Complaint id (UUIDv7), stable across all services. */
  @IsUUID('7') complaintId!: string;

  /** Human-readable receipt number given to the citizen. */
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;

  /** Intake channel code (e.g. `PUSKESOS_FO`, `FASILITATOR_VISIT`). */
  @Matches(/^[A-Z][A-Z_]*$/) @MaxLength(40) channel!: string;

  @IsIn([...COMPLAINT_CATEGORIES]) category!: ComplaintCategory;

  @IsIn([...CONTACT_TYPES]) contactType!: ContactType;

  /** Programme codes the complaint concerns (catalogue codes such as `PKH`, `BPNT`). */
  @IsArray() @ArrayMaxSize(20) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeCodes!: string[];

  /** Desa/kelurahan of the subject's address: drives region scope downstream. */
  @Matches(DESA_CODE) desaCode!: string;

  /** When the citizen's complaint was recorded (offline FS records keep their own time). */
  @IsISO8601({ strict: true }) recordedAt!: string;

  /** State of the registry check at registration time; `pending` is completed later. */
  @IsIn([...REGISTRY_CHECK_STATES]) registryCheck!: RegistryCheckState;

  /** Whether the subject has a NIK: without one, civil registration comes first. */
  @IsBoolean() subjectHasNik!: boolean;

  /** Id of an earlier open complaint this one may duplicate, if intake flagged one. */
  @ValidateIf((o: ComplaintRegisteredV1) => o.possibleDuplicateOf !== null) @IsUUID('7') possibleDuplicateOf!:
    string | null;

  /**
   * Priority groups of the subject and the household members recorded (disability, neglected
   * women/children, elderly, remote indigenous community): referral shortens deadlines for them,
   * routing and ranking can see them. Absent: none recorded (and in events before it existed).
   */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn([...VULNERABLE_GROUPS], { each: true })
  priorityGroups?: VulnerableGroup[];

  /** Programme codes the household needs (recorded at intake, household and members together); absent: none recorded. */
  @IsOptional() @IsArray() @ArrayMaxSize(40) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmesNeeded?: string[];

  /** Minutes from the citizen's arrival at the counter to the receipt (counter service standard); absent when the arrival was not recorded. */
  @IsOptional() @IsInt() @Min(0) serviceMinutes?: number;
}
