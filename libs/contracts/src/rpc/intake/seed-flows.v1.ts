import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { FULL_DATE_OR_INSTANT } from '../../time-formats.js';
import { ANSWER_CHANNELS, type AnswerChannel } from '../../events/intake/complaint-answered.v1.js';
import {
  CONTACT_TYPES,
  VULNERABLE_GROUPS,
  type ContactType,
  type VulnerableGroup,
} from '../../events/intake/complaint-vocabulary.js';
import { IsNik, IsNoKk } from '../../identifiers.js';

/**
 * `slrt.rpc.intake.answer-contact.v1`: the FO or SPV answers a question or suggestion directly,
 * without the review chain. Once: a second answer is a 409 (correct the first through the console's
 * note, not by answering twice).
 */
export class AnswerContactRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  /** The answer given to the citizen, in the officer's words. */
  @IsString({ message: 'Jawaban wajib diisi' })
  @MinLength(10, { message: 'Jawaban paling sedikit 10 karakter' })
  @MaxLength(4000, { message: 'Jawaban paling panjang 4000 karakter' })
  answer!: string;
  /** How the answer reached the citizen. */
  @IsIn([...ANSWER_CHANNELS], { message: `Cara menjawab harus salah satu dari: ${ANSWER_CHANNELS.join(', ')}` })
  channel!: AnswerChannel;
}

/**
 * `slrt.rpc.intake.record-subject-identity.v1`: a complaint registered without NIK (civil
 * registration first, the Dukcapil recommendation letter) gets the NIK the citizen now has; intake
 * checks the registry again and the complaint continues as if registered with it (review chain or
 * prelist). Kept as a correction (before/after, reason).
 */
export class RecordSubjectIdentityRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @IsNik() nik!: string;
  @IsOptional() @IsNoKk() noKk?: string;
  /** The version the operator saw (a stale one is a 409). */
  @IsInt({ message: 'Versi wajib diisi' }) @Min(1) expectedVersion!: number;
  /** E.g. the Dukcapil document seen; kept with the correction. Default: the Dukcapil path. */
  @IsOptional() @IsString() @MaxLength(500, { message: 'Catatan paling panjang 500 karakter' }) note?: string;
}

/** `slrt.rpc.intake.count-intake.v1`: what intake recorded in the caller's scope and period. */
export class CountIntakeRequestV1 {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Tanggal awal berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  from?: string;
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Tanggal akhir berformat ISO 8601' })
  @Matches(FULL_DATE_OR_INSTANT, { message: 'Tanggal lengkap YYYY-MM-DD atau waktu ISO 8601' })
  to?: string;
  @IsOptional()
  @Matches(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, { message: 'Kode wilayah tidak valid' })
  regionCode?: string;
}

/** Contacts of one type: how many, how many answered directly (questions and suggestions). */
export class ContactTypeCountV1 {
  @IsIn([...CONTACT_TYPES]) contactType!: ContactType;
  @IsInt() total!: number;
  /** Answered directly by FO or SPV (always 0 for `pengaduan`: those go through the review chain). */
  @IsInt() answered!: number;
  @IsInt() unanswered!: number;
}

export class PriorityGroupCountV1 {
  @IsIn([...VULNERABLE_GROUPS]) group!: VulnerableGroup;
  /** Contacts whose subject or a household member belongs to the group. */
  @IsInt() complaints!: number;
}

export class ProgrammeCountV1 {
  @IsString() programmeCode!: string;
  /** Households (contacts) that receive it now (household or a member). */
  @IsInt() receiving!: number;
  /** Households (contacts) that need it (household or a member). */
  @IsInt() needing!: number;
}

/** The counter service standard (seed 003): how many registrations were timed and how many kept it. */
export class CounterServiceCountV1 {
  /** The standard in minutes (`INTAKE_COUNTER_STANDARD_MINUTES`, seed 003: 30). */
  @IsInt() standardMinutes!: number;
  /** The fee as the office words it (`INTAKE_COUNTER_FEE`, seed 003: no fee), shown to the FO and printed on receipts. */
  @IsOptional() @IsString() fee?: string;
  /** Documents the citizen needs (`INTAKE_COUNTER_REQUIREMENTS`, seed 003: copy of the KK; SKTM when not in DTKS). */
  @IsOptional() @IsArray() @IsString({ each: true }) requirements?: string[];
  /** Registrations with an arrival time recorded. */
  @IsInt() measured!: number;
  @IsInt() withinStandard!: number;
  /** Median minutes from arrival to receipt; null when none was measured. */
  @ValidateIf((o: CounterServiceCountV1) => o.medianMinutes !== null) @IsInt() medianMinutes!: number | null;
}

export class IntakeCountsV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ContactTypeCountV1)
  contactTypes!: ContactTypeCountV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => PriorityGroupCountV1)
  priorityGroups!: PriorityGroupCountV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ProgrammeCountV1)
  programmes!: ProgrammeCountV1[];
  @IsObject() @ValidateNested() @Type(() => CounterServiceCountV1) counterService!: CounterServiceCountV1;
}
