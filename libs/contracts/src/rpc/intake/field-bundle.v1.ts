import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MessageViewV1 } from '../notification/messages.v1.js';

/** Earlier complaints per bundle page (≈ 400 bytes each) and pages at most (5,000 complaints). */
export const FIELD_BUNDLE_PAGE_SIZE = 1000;
export const FIELD_BUNDLE_MAX_PAGES = 5;

/** `slrt.rpc.intake.get-field-bundle.v1` (FS): what the field app caches for days offline. */
export class GetFieldBundleRequestV1 {
  /** Narrow the bundle to one desa/kecamatan inside the caller's scope (default: the whole scope). */
  @IsOptional()
  @Matches(/^\d{2}\.\d{2}\.\d{2}(\.\d{4})?$/, { message: 'Kode kecamatan atau desa/kelurahan tidak valid' })
  regionCode?: string;
  /**
   * Page of the earlier complaints ({@link FIELD_BUNDLE_PAGE_SIZE} each, newest first), so one answer
   * stays well under the bus's 1 MB message limit; the rest of the bundle is the same on every page.
   * The gateway's `GET /v1/field/bundle` fetches every page and answers them together.
   */
  @IsOptional()
  @IsInt({ message: 'Halaman harus bilangan bulat' })
  @Min(1)
  @Max(FIELD_BUNDLE_MAX_PAGES, { message: `Paling banyak ${FIELD_BUNDLE_MAX_PAGES} halaman` })
  page?: number;
}

export class FieldDesaV1 {
  @IsString() code!: string;
  @IsString() name!: string;
  @IsString() kecamatanCode!: string;
  @IsString() kecamatanName!: string;
}

/** A code with its label in Bahasa Indonesia. */
export class FieldOptionV1 {
  @IsString() code!: string;
  @IsString() label!: string;
}

export class FieldProgrammeV1 {
  @IsString() code!: string;
  @IsString() name!: string;
  @IsArray() @IsString({ each: true }) aliases!: string[];
  @IsBoolean() active!: boolean;
}

/** Documents to ask for; `category` null = the general list (no per-category list exists yet). */
export class FieldDocumentChecklistV1 {
  @IsOptional() @IsString() category!: string | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldOptionV1)
  documents!: FieldOptionV1[];
}

/**
 * An earlier complaint of a household in the FS's desa, minimised and masked: no name (initials
 * only), no phone, no address beyond desa and RT/RW, NIK masked like everywhere else.
 */
export class FieldEarlierComplaintV1 {
  @IsString() receiptNumber!: string;
  @IsOptional() @IsString() provisionalNumber!: string | null;
  @IsISO8601() registeredAt!: string;
  @IsString() category!: string;
  @IsString() contactType!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  @IsString() desaCode!: string;
  @IsOptional() @IsString() rt!: string | null;
  @IsOptional() @IsString() rw!: string | null;
  /** Masked NIK of the subject (`************0034`, as everywhere), null when registered without NIK. */
  @IsOptional() @IsString() subjectNik!: string | null;
  /** Initials of the subject (`S. R.`). */
  @IsString() subjectInitials!: string;
  /** The public stage code and label (as on the citizen's status page). */
  @IsString() stage!: string;
  @IsString() stageLabel!: string;
}

/** intake's part of the bundle. */
export class FieldBundleV1 {
  @IsString() kabKotaCode!: string;
  @IsISO8601() generatedAt!: string;
  /** Hash of the content (not of generatedAt): equal etags = nothing to download. */
  @IsString() etag!: string;
  @IsArray() @IsObject({ each: true }) @ValidateNested({ each: true }) @Type(() => FieldDesaV1) desa!: FieldDesaV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldOptionV1)
  categories!: FieldOptionV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldOptionV1)
  contactTypes!: FieldOptionV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldOptionV1)
  sectors!: FieldOptionV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldProgrammeV1)
  programmes!: FieldProgrammeV1[];
  /** False when referral did not answer and only the national seed is listed. */
  @IsBoolean() programmesComplete!: boolean;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldDocumentChecklistV1)
  documentChecklists!: FieldDocumentChecklistV1[];
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldEarlierComplaintV1)
  earlierComplaints!: FieldEarlierComplaintV1[];
  /** True when earlier complaints were cut at the limit (newest kept). */
  @IsBoolean() earlierComplaintsTruncated!: boolean;
  /** The next page of earlier complaints (ask with `page`), null on the last; the HTTP bundle holds every page (null). */
  @IsOptional() @IsInt() earlierComplaintsNextPage!: number | null;
  @IsInt() earlierComplaintsDays!: number;
}

/**
 * The bundle as `GET /v1/field/bundle` answers it: intake's part plus the FS's visit and letter
 * tasks (notification's `fs-visit`/`letter` messages in scope), composed by the gateway; `etag`
 * covers both (also sent as the `ETag` header; `If-None-Match` → 304).
 */
export class FieldAppBundleV1 extends FieldBundleV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => MessageViewV1)
  tasks!: MessageViewV1[];
  /** False when notification did not answer: tasks are missing, keep the ones cached. */
  @IsBoolean() tasksComplete!: boolean;
}
