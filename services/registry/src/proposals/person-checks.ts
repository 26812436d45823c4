import type { FieldError } from '@slrt/contracts';
import { formatIsoDate, parseIsoDate, parseKk, parseNik, resolveToday } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';

/** Collects field errors, then throws them all at once (VALIDATION_FAILED) in Bahasa Indonesia. */
export class FieldErrors {
  private readonly errors: FieldError[] = [];

  add(field: string, message: string): void {
    const existing = this.errors.find((e) => e.field === field);
    if (existing) existing.messages.push(message);
    else this.errors.push({ field, messages: [message] });
  }

  throwIfAny(detail = 'Data usulan belum benar; periksa kolom yang ditandai.'): void {
    if (this.errors.length) throw new DomainError('VALIDATION_FAILED', detail, { fieldErrors: this.errors });
  }
}

/** The field's NIK rules (libs/domain): structure, region, birth date with day + 40 for women, serial. */
export function checkNik(errors: FieldErrors, field: string, nik: string | undefined | null, now = new Date()): void {
  if (!nik) return;
  const r = parseNik(nik, { today: now });
  if (!r.ok) r.errors.forEach((e) => errors.add(field, e.message));
}

/** The field's KK rules (libs/domain). */
export function checkKk(errors: FieldErrors, field: string, noKk: string | undefined | null, now = new Date()): void {
  if (!noKk) return;
  const r = parseKk(noKk, { today: now });
  if (!r.ok) r.errors.forEach((e) => errors.add(field, e.message));
}

/**
 * A calendar date (YYYY-MM-DD) that exists, is not in the future and not absurdly old. "Today" is
 * the date in WIT (as for NIK birth dates), so a date entered for today in the early morning in
 * Indonesia (still yesterday in UTC) is not refused as future.
 */
export function checkPastDate(
  errors: FieldErrors,
  field: string,
  date: string | undefined | null,
  now = new Date(),
  label = 'Tanggal',
): void {
  if (!date) return;
  const d = parseIsoDate(date);
  const today = resolveToday(now);
  if (!d) errors.add(field, `${label} tidak ada di kalender.`);
  else if (formatIsoDate(d) > formatIsoDate(today)) errors.add(field, `${label} tidak boleh di masa depan.`);
  else if (today.year - d.year > 130) errors.add(field, `${label} terlalu lampau.`);
}
