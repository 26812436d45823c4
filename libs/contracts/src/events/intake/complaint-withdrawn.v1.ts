import { IsISO8601, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { RECEIPT_NUMBER } from './complaint-registered.v1.js';

/** The citizen withdrew the complaint (`slrt.evt.intake.complaint.withdrawn.v1`). */
export class ComplaintWithdrawnV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  /** The reason as recorded by the officer (free text, no personal data expected). */
  @IsString() @MinLength(3) @MaxLength(500) reason!: string;
  @IsISO8601({ strict: true }) withdrawnAt!: string;
}
