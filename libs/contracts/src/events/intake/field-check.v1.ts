import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, Min, ValidateIf } from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from './complaint-registered.v1.js';

/**
 * An FS submission entered (or, answered, re-entered) the kecamatan SPV's "to check" queue
 * (`slrt.evt.intake.field-check.requested.v1`). Carries no personal data: notification puts
 * "ada kiriman FS untuk diperiksa" in the SPVs' inbox.
 */
export class FieldCheckRequestedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  /** The submitting Fasilitator (user id). */
  @IsString() officerId!: string;
  /** 1 for the submission, 2… after each answer to a question. */
  @IsInt() @Min(1) round!: number;
  @IsISO8601({ strict: true }) requestedAt!: string;
}

/**
 * The SPV returned an FS submission with a question (`slrt.evt.intake.field-check.returned.v1`).
 * The question itself is not carried (staff text): the FS reads it in the app.
 */
export class FieldCheckReturnedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() officerId!: string;
  @IsISO8601({ strict: true }) returnedAt!: string;
}

/**
 * The SPV decided an FS submission (`slrt.evt.intake.field-check.decided.v1`): `approved` (it is
 * registered now: `complaint.registered` and, once triaged, `registry-checked` follow in the same
 * transaction or later) or `merged` (closed as a duplicate of `duplicateOf`, never registered).
 */
export class FieldCheckDecidedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsString() officerId!: string;
  @IsIn(['approved', 'merged']) decision!: 'approved' | 'merged';
  @ValidateIf((o: FieldCheckDecidedV1) => o.duplicateOf !== null) @IsUUID('7') duplicateOf!: string | null;
  @IsISO8601({ strict: true }) decidedAt!: string;
}
