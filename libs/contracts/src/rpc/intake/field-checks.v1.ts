import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
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
import { ComplaintInputV1, INTAKE_CHANNELS, type IntakeChannel } from './complaint-input.v1.js';

/**
 * The supervisor check of Fasilitator submissions (seed 002: "diteruskan ke SLRT Kab/Kota setelah
 * diperiksa dan disetujui oleh supervisor") and the review chain per intake point (issue 19).
 *
 * A complaint an FS submits (field sync or online registration) waits in the kecamatan SPV's queue
 * (`awaiting`) when the kab/kota requires the check: no `complaint.registered`, no
 * `registry-checked`, so no case and no count, until the SPV approves. The SPV may instead return
 * it with a question (`returned`: the FS answers with `answer-field-check`, which puts it back in
 * the queue) or merge it with an earlier complaint about the same matter (`merged`: closed as its
 * duplicate, never registered). WIRE-STABLE states and actions.
 */
export const FIELD_CHECK_STATES = ['awaiting', 'returned', 'approved', 'merged'] as const;
export type FieldCheckState = (typeof FIELD_CHECK_STATES)[number];

export const FIELD_CHECK_ACTIONS = ['approve', 'return', 'merge'] as const;
export type FieldCheckAction = (typeof FIELD_CHECK_ACTIONS)[number];

/**
 * Steps of the review chain a case follows in referral, in order. `SPV` (kecamatan supervisor
 * reviews, case state `awaiting-supervisor`) is optional; `MJ` (manager approves,
 * `awaiting-manager`) and `BO` (back office sends, `approved`) are always there: Pekanbaru's
 * secretariat FO → BO and MJ is `['MJ', 'BO']`, the Puskesos FO/FS chain `['SPV', 'MJ', 'BO']`.
 */
export const REVIEW_STEPS = ['SPV', 'MJ', 'BO'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

/** The chain every intake point follows unless configured otherwise (seeds 000, 001, 003). */
export const DEFAULT_REVIEW_CHAIN: readonly ReviewStep[] = ['SPV', 'MJ', 'BO'];

/** One entry of the exchange between SPV and FS, and the decisions, oldest first. */
export class FieldCheckEntryV1 {
  /** `submitted` (by the FS), `question` (SPV returned it), `answer` (FS), `approved`, `merged`. */
  @IsIn(['submitted', 'question', 'answer', 'approved', 'merged']) kind!:
    'submitted' | 'question' | 'answer' | 'approved' | 'merged';
  /** The question, the answer or the SPV's note; null when none. Staff text: shown to staff only. */
  @ValidateIf((o: FieldCheckEntryV1) => o.text !== null) @IsString() text!: string | null;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @IsISO8601() at!: string;
}

/** A submission under the supervisor check, as the SPV's queue and the FS's app show it. */
export class FieldCheckViewV1 {
  @IsUUID('7') complaintId!: string;
  @IsString() receiptNumber!: string;
  @IsIn([...FIELD_CHECK_STATES]) state!: FieldCheckState;
  /** Optimistic lock of the check (not the complaint's version): send it back as `expectedVersion`. */
  @IsInt() version!: number;
  /** The complaint's own version (for a correction sent with an answer). */
  @IsInt() complaintVersion!: number;
  @IsString() desaCode!: string;
  @IsString() channel!: string;
  @IsString() category!: string;
  @IsArray() @IsString({ each: true }) programmeCodes!: string[];
  /** The complaint as recorded (staff text). */
  @IsString() description!: string;
  /** The subject's name; `(rahasia)` for a confidential complaint the reader may not see. */
  @IsString() subjectName!: string;
  /** The submitting Fasilitator (user id). */
  @IsString() officerId!: string;
  @IsISO8601() recordedAt!: string;
  @IsISO8601() submittedAt!: string;
  /** An open complaint about the same subject and programme found at submission (a merge candidate). */
  @ValidateIf((o: FieldCheckViewV1) => o.possibleDuplicateOf !== null) @IsUUID('7') possibleDuplicateOf!: string | null;
  /** For `merged`: the complaint it was merged into. */
  @ValidateIf((o: FieldCheckViewV1) => o.mergedInto !== null) @IsUUID('7') mergedInto!: string | null;
  @ValidateIf((o: FieldCheckViewV1) => o.mergedIntoReceiptNumber !== null) @IsString() mergedIntoReceiptNumber!:
    string | null;
  /** The open question (state `returned`), for the FS to answer; null otherwise. */
  @ValidateIf((o: FieldCheckViewV1) => o.openQuestion !== null) @IsString() openQuestion!: string | null;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldCheckEntryV1)
  entries!: FieldCheckEntryV1[];
  @IsISO8601() updatedAt!: string;
  /** What the reader may do now (`approve`, `return`, `merge` for the SPV; `answer` for the FS). */
  @IsArray() @IsString({ each: true }) allowedActions!: string[];
}

/**
 * `slrt.rpc.intake.list-field-checks.v1` (GET /v1/field/checks): the SPV's "to check" queue
 * (default `state=awaiting`, the kecamatan of the SPV's scope), or the FS's own submissions
 * (default `awaiting` and `returned` together: what is still open), oldest first. Paged.
 */
export class ListFieldChecksRequestV1 {
  @IsOptional()
  @IsIn([...FIELD_CHECK_STATES], { message: `Status harus salah satu dari: ${FIELD_CHECK_STATES.join(', ')}` })
  state?: FieldCheckState;
  @IsOptional()
  @Matches(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/, { message: 'Kode wilayah tidak valid (contoh 62.71.01)' })
  regionCode?: string;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(200, { message: 'Paling banyak 200 baris per halaman' }) pageSize!: number;
}

export class ListFieldChecksResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldCheckViewV1)
  items!: FieldCheckViewV1[];
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
}

/** `slrt.rpc.intake.get-field-check.v1` (GET /v1/field/checks/{complaintId}). */
export class GetFieldCheckRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
}

/**
 * `slrt.rpc.intake.act-on-field-check.v1` (POST /v1/field/checks/{complaintId}), SPV of the
 * complaint's kecamatan: `approve` (the complaint is registered at the kab/kota: triage, case —
 * once), `return` (with `question`, for the FS) or `merge` (with `duplicateOf`: closed as its
 * duplicate). A stale `expectedVersion` answers 409; repeating the same approve or merge by the
 * same SPV answers the current view (nothing done twice).
 */
export class ActOnFieldCheckRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @IsIn([...FIELD_CHECK_ACTIONS], { message: 'Tindakan harus approve, return atau merge' }) action!: FieldCheckAction;
  @IsInt({ message: 'Versi berupa bilangan bulat' }) @Min(1) expectedVersion!: number;
  /** Required for `return`: what the FS must clarify or complete. */
  @IsOptional() @IsString() @MaxLength(2000, { message: 'Pertanyaan paling panjang 2000 karakter' }) question?: string;
  /** Required for `merge`: the earlier complaint about the same matter. */
  @IsOptional() @IsUUID('7', { message: 'Id pengaduan yang sama tidak valid' }) duplicateOf?: string;
  /** Optional note with an approval or merge (staff only). */
  @IsOptional() @IsString() @MaxLength(1000, { message: 'Catatan paling panjang 1000 karakter' }) note?: string;
}

/**
 * `slrt.rpc.intake.answer-field-check.v1` (POST /v1/field/checks/{complaintId}/answer), the FS
 * (offline app queue): the answer to the SPV's question, optionally with the corrected complaint.
 * `answerId` is generated on the device and makes the request safe to repeat (a replay answers the
 * current view, `replayed: true`). `expectedVersion` is the check's version the FS saw with the
 * question (409 when stale). With `complaint`, `complaintVersion` is required: the correction is
 * applied like `correct-complaint` (before/after kept; 409 on a stale version).
 */
export class AnswerFieldCheckRequestV1 {
  @IsUUID('7', { message: 'Id pengaduan tidak valid' }) complaintId!: string;
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'answerId 8–120 karakter (huruf, angka, . _ : -)' })
  answerId!: string;
  @IsInt({ message: 'Versi berupa bilangan bulat' }) @Min(1) expectedVersion!: number;
  @IsString()
  @Matches(/\S.{1,}/, { message: 'Jawaban paling sedikit 2 karakter' })
  @MaxLength(2000, { message: 'Jawaban paling panjang 2000 karakter' })
  answer!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ComplaintInputV1) complaint?: ComplaintInputV1;
  @IsOptional() @IsInt({ message: 'Versi pengaduan berupa bilangan bulat' }) @Min(1) complaintVersion?: number;
}

export class AnswerFieldCheckResponseV1 extends FieldCheckViewV1 {
  @IsBoolean() replayed!: boolean;
}

/** The review chain of one intake point. */
export class ReviewChainV1 {
  @IsIn([...INTAKE_CHANNELS], { message: `Titik layanan harus salah satu dari: ${INTAKE_CHANNELS.join(', ')}` })
  intakePoint!: IntakeChannel;
  @IsArray({ message: 'Rantai penelaahan berupa daftar' })
  @ArrayMinSize(2, { message: 'Rantai paling sedikit MJ dan BO' })
  @ArrayMaxSize(3)
  @ArrayUnique({ message: 'Langkah tidak boleh berulang' })
  @IsIn([...REVIEW_STEPS], { each: true, message: 'Langkah harus SPV, MJ atau BO' })
  steps!: ReviewStep[];
}

export class FieldCheckSettingsChangeV1 {
  @IsInt() version!: number;
  @IsISO8601() at!: string;
  @IsString() actorId!: string;
  @IsString() actorRole!: string;
  @ValidateIf((o: FieldCheckSettingsChangeV1) => o.reason !== null) @IsString() reason!: string | null;
  @ValidateIf((o: FieldCheckSettingsChangeV1) => o.before !== null) @IsObject() before!: Record<string, unknown> | null;
  @IsObject() after!: Record<string, unknown>;
}

/**
 * The kab/kota's settings (`slrt.rpc.intake.get-field-check-settings.v1`, GET
 * /v1/field/check-settings): whether FS submissions need the SPV's check (default yes), and the
 * review chain per intake point (every intake point listed; default `SPV → MJ → BO`). Version 0:
 * never saved, the defaults apply.
 */
export class FieldCheckSettingsV1 {
  @IsString() kabKotaCode!: string;
  @IsBoolean() supervisorCheckRequired!: boolean;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReviewChainV1)
  reviewChains!: ReviewChainV1[];
  @IsInt() version!: number;
  @ValidateIf((o: FieldCheckSettingsV1) => o.updatedAt !== null) @IsISO8601() updatedAt!: string | null;
  @ValidateIf((o: FieldCheckSettingsV1) => o.updatedBy !== null) @IsString() updatedBy!: string | null;
  @IsOptional()
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FieldCheckSettingsChangeV1)
  history?: FieldCheckSettingsChangeV1[];
}

export class GetFieldCheckSettingsRequestV1 {
  @IsOptional() @IsBoolean() includeHistory?: boolean;
}

/**
 * `slrt.rpc.intake.save-field-check-settings.v1` (PUT /v1/field/check-settings), ADMIN. Intake
 * points not listed keep their chain. `expectedVersion` is the version read (0 before the first
 * save); a newer one answers 409. Kept with before/after, actor and reason.
 */
export class SaveFieldCheckSettingsRequestV1 {
  @IsInt({ message: 'Versi berupa bilangan bulat' }) @Min(0) expectedVersion!: number;
  @IsBoolean({ message: 'Pemeriksaan supervisor: true atau false' }) supervisorCheckRequired!: boolean;
  @IsOptional()
  @IsArray({ message: 'Rantai penelaahan berupa daftar' })
  @ArrayMaxSize(INTAKE_CHANNELS.length)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ReviewChainV1)
  reviewChains?: ReviewChainV1[];
  @IsOptional() @IsString() @MaxLength(500, { message: 'Alasan paling panjang 500 karakter' }) reason?: string;
}
