import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { ComplaintInputV1, ComplaintSummaryV1 } from './complaint-input.v1.js';

/**
 * `slrt.rpc.intake.register-complaint.v1`: FO or FS registers a complaint. Idempotent by
 * `idempotencyKey` (per officer): a retry returns the first result with `replayed: true`.
 */
export class RegisterComplaintRequestV1 extends ComplaintInputV1 {
  /** Client-chosen key (the HTTP `Idempotency-Key` header). */
  @Matches(/^[A-Za-z0-9._:-]{8,120}$/, { message: 'Idempotency-Key 8–120 karakter (huruf, angka, . _ : -)' })
  idempotencyKey!: string;
}

export class RegisterComplaintResponseV1 extends ComplaintSummaryV1 {
  /** True when this answer is the stored result of an earlier request with the same key. */
  @IsOptional() @IsBoolean() replayed?: boolean;
}
