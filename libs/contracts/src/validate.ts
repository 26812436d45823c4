import 'reflect-metadata';
import { validateSync } from 'class-validator';
import type { PayloadClass } from './catalog.js';
import type { FieldError } from './envelope/rpc.js';
import { fieldErrorsOf } from './messages.js';
import { plainToPayload } from './plain-to-payload.js';
import { inspectUntrusted } from './untrusted.js';
import { installValidationMetadataCache } from './validation-metadata-cache.js';

installValidationMetadataCache();

/** Result of validating a wire payload: the typed instance, or every field's problems. */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; fieldErrors: FieldError[] };

/**
 * Validates an untrusted plain value (parsed JSON) against a payload class. Unknown properties
 * are rejected, so a producer's typo never passes silently. `inspected`: the caller already ran
 * {@link inspectUntrusted} over this value (or a value containing it), so it is not walked twice.
 * `wellFormed`: a hand-written check of the class's rules, as strict as its decorators or
 * stricter (e.g. `wellFormedLookupPersonResponse`): a value it accepts skips class-validator
 * (the instance is built as before); one it doubts is validated as usual.
 */
export function validatePayload<T extends object>(
  cls: PayloadClass<T>,
  plain: unknown,
  { inspected = false, wellFormed }: { inspected?: boolean; wellFormed?: (plain: unknown) => boolean } = {},
): ValidationResult<T> {
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) {
    return { ok: false, fieldErrors: [{ field: '', messages: ['isi pesan harus berupa objek JSON'] }] };
  }
  // Depth, control characters and prototype keys first, without recursion: nothing below may
  // recurse on an attacker's nesting or store a NUL.
  const hostile = inspected ? [] : inspectUntrusted(plain);
  if (hostile.length) return { ok: false, fieldErrors: hostile };
  try {
    const value = plainToPayload(cls, plain);
    if (wellFormed?.(plain)) return { ok: true, value };
    const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length === 0) return { ok: true, value };
    // Field paths and messages in Bahasa Indonesia (messages.ts), never class-validator's English.
    return { ok: false, fieldErrors: fieldErrorsOf(errors) };
  } catch {
    // A shape the validator cannot even walk is invalid input, not a server fault.
    return { ok: false, fieldErrors: [{ field: '', messages: ['bentuk isi pesan tidak dapat dibaca'] }] };
  }
}
