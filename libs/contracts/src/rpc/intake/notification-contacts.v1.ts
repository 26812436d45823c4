import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from '../../events/intake/complaint-registered.v1.js';

/**
 * `slrt.rpc.intake.get-notification-contacts.v1`: who may be told about a complaint, and how.
 * Answered only for `system:notification` (intake refuses every other caller); the answer carries
 * phone numbers and names, so neither side logs it. Events never carry these.
 */
export class GetNotificationContactsRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  /**
   * Further complaints answered in the same request (at most 100; added in place, optional): their
   * contacts come in the answer's `others`, complaints not found are left out of it (the answer
   * itself is `complaintId`'s, NOT_FOUND as before when that one does not exist).
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100, { message: 'Paling banyak 100 pengaduan per permintaan' })
  @IsUUID('7', { each: true, message: 'Id pengaduan tidak valid' })
  complaintIds?: string[];
}

/** One person of the complaint as a possible recipient. */
export class NotificationContactV1 {
  @IsIn(['subject', 'complainant']) role!: 'subject' | 'complainant';
  @IsString() @MaxLength(200) name!: string;
  /** +62… (E.164) or null when none was given. */
  @IsOptional() @Matches(/^\+62\d{7,13}$/) phone!: string | null;
  /** E-mail address or null (intake records none today). */
  @IsOptional() @IsString() @MaxLength(254) email!: string | null;
  /** The person agreed to the processing of their data (and to be contacted). */
  @IsBoolean() consent!: boolean;
  @Matches(DESA_CODE) desaCode!: string;
  /** Street, RT/RW for a printed letter; null when unknown. */
  @IsOptional() @IsString() @MaxLength(400) address!: string | null;
}

export class NotificationContactsV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  /** The receipt's tracking code: the status link in a message to the person's own phone or address. */
  @Matches(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/) trackingCode!: string;
  /** The complainant asked to stay anonymous: they are reached only through their receipt. */
  @IsBoolean() anonymous!: boolean;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NotificationContactV1)
  contacts!: NotificationContactV1[];
  /** The contacts of the request's `complaintIds` that exist (besides `complaintId`), when it named any. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => NotificationContactsV1)
  others?: NotificationContactsV1[];
}
