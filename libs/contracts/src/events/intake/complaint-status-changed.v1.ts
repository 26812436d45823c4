import { IsIn, IsInt, IsISO8601, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from './complaint-registered.v1.js';

/**
 * The steps of a complaint as the citizen sees them (the public timeline). Intake derives them from
 * its own facts and from the registry's and referral's events; each step is entered at most once
 * per complaint except `in-review`, which may be re-entered after a return.
 *
 * - `received`          diterima
 * - `registry-checked`  diperiksa di DTKS
 * - `in-review`         ditinjau
 * - `referred`          dirujuk ke <pemilik program> (`ownerCode`)
 * - `answered`          ditanggapi oleh pemilik program (`ownerCode`)
 * - `awaiting-verivali` menunggu verifikasi dan validasi data
 * - `resolved`          selesai
 * - `rejected`          ditolak (`reasonCode`, `reasonText` in plain words)
 * - `withdrawn`         dicabut oleh warga
 * - `closed`            ditutup
 */
export const COMPLAINT_STEPS = [
  'received',
  'registry-checked',
  'in-review',
  'referred',
  'answered',
  'awaiting-verivali',
  'resolved',
  'rejected',
  'withdrawn',
  'closed',
] as const;
export type ComplaintStep = (typeof COMPLAINT_STEPS)[number];

/**
 * A complaint entered a step of its public timeline (`slrt.evt.intake.complaint.status-changed.v1`).
 * Carries no personal data and no staff names: consumers that must reach the citizen (notification)
 * ask intake for the contact with the complaint id. `(complaintId, sequence)` identifies the
 * transition: it is the idempotency key of anything done because of it (one message per transition
 * and recipient).
 */
export class ComplaintStatusChangedV1 {
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  /** Desa/kelurahan of the subject's address: region scope and per-kab/kota configuration. */
  @Matches(DESA_CODE) desaCode!: string;
  /** Position of this entry in the complaint's timeline, 1 for `received`, increasing by one. */
  @IsInt() @Min(1) @Max(10_000) sequence!: number;
  @IsIn([...COMPLAINT_STEPS]) step!: ComplaintStep;
  /** The step before this one (`null` for `received`). */
  @ValidateIf((o: ComplaintStatusChangedV1) => o.previousStep !== null)
  @IsIn([...COMPLAINT_STEPS])
  previousStep!: ComplaintStep | null;
  /** Programme owner for `referred` / `answered`, and for `resolved` / `rejected` when an owner decided (directory code, e.g. `kemensos-pkh`); else null. */
  @ValidateIf((o: ComplaintStatusChangedV1) => o.ownerCode !== null) @IsString() @MaxLength(60) ownerCode!:
    string | null;
  /** Machine reason for `rejected` / `closed` / `withdrawn` (e.g. `NOT_ELIGIBLE`), else null. */
  @ValidateIf((o: ComplaintStatusChangedV1) => o.reasonCode !== null)
  @Matches(/^[A-Z][A-Z0-9_]*$/)
  @MaxLength(60)
  reasonCode!: string | null;
  /** The reason in plain Indonesian for the citizen (no personal data, no staff names), else null. */
  @ValidateIf((o: ComplaintStatusChangedV1) => o.reasonText !== null) @IsString() @MaxLength(500) reasonText!:
    string | null;
  /** When the step was entered (the causing fact's time). */
  @IsISO8601({ strict: true }) occurredAt!: string;
}
