import type { DomainIssue, ParseResult } from '../result.js';

/**
 * Indonesian phone numbers, stored in E.164 (`+62…`) so the same number typed as `0812-3456-7890`,
 * `62 812 3456 7890` or `+62 (812) 3456 7890` is one value (for de-duplication and SMS/WhatsApp
 * gateways). Only Indonesian numbers: the citizens served live here.
 */

/** Mobile (`08…`, national significant number starting with 8) or landline (area code `02…`–`09…`). */
export const PHONE_KINDS = ['mobile', 'landline'] as const;
/** One of {@link PHONE_KINDS}. */
export type PhoneKind = (typeof PHONE_KINDS)[number];

/** Why a phone number is rejected. Wire-stable. */
export const PHONE_ERROR_CODES = ['PHONE_CHARACTERS', 'PHONE_PREFIX', 'PHONE_LENGTH'] as const;
/** One of {@link PHONE_ERROR_CODES}. */
export type PhoneErrorCode = (typeof PHONE_ERROR_CODES)[number];

/** A normalised Indonesian phone number. */
export interface NormalizedPhone {
  /** E.164, e.g. `+6281234567890`. Normalising it again gives the same value. */
  readonly e164: string;
  /** National form with trunk prefix, e.g. `081234567890`, as citizens write it. */
  readonly national: string;
  readonly kind: PhoneKind;
}

const MESSAGES: Readonly<Record<PhoneErrorCode, string>> = {
  PHONE_CHARACTERS: 'Nomor telepon hanya boleh berisi angka, spasi, tanda +, tanda -, titik, atau tanda kurung.',
  PHONE_PREFIX: 'Nomor telepon harus nomor Indonesia yang diawali 08, 62, +62, atau kode area (misalnya 021).',
  PHONE_LENGTH:
    'Panjang nomor telepon tidak sesuai: nomor HP 10–13 angka (misalnya 0812 3456 7890), telepon rumah/kantor berisi kode area dan 5–8 angka.',
};

const fail = (code: PhoneErrorCode): ParseResult<NormalizedPhone, PhoneErrorCode> => ({
  ok: false,
  errors: [{ code, message: MESSAGES[code] } satisfies DomainIssue<PhoneErrorCode>],
});

/**
 * Normalises an Indonesian number to E.164. Accepts `08…`, `62…`, `+62…`, `0062…` and a trunk `0`
 * after the country code (`+62 0812…`), with spaces, dashes, dots and parentheses. Mobile numbers
 * are 10–13 digits in national form (`08` + 8–11); landlines are an area code (`02…`–`09…`, not
 * `08`) plus subscriber number, 9–11 digits in national form.
 */
export function normalizePhone(input: string): ParseResult<NormalizedPhone, PhoneErrorCode> {
  const trimmed = input.trim();
  if (trimmed === '' || !/^\+?[\d\s().-]+$/.test(trimmed)) return fail('PHONE_CHARACTERS');
  const digits = trimmed.replace(/\D/g, '');
  let significant: string;
  if (trimmed.startsWith('+')) {
    if (!digits.startsWith('62')) return fail('PHONE_PREFIX');
    significant = digits.slice(2);
  } else if (digits.startsWith('0062')) significant = digits.slice(4);
  else if (digits.startsWith('62')) significant = digits.slice(2);
  else if (digits.startsWith('0')) significant = digits.slice(1);
  else return fail('PHONE_PREFIX');
  // "+62 0812…" / "(0)": a trunk zero written after the country code; no Indonesian number starts with 0.
  if (significant.startsWith('0')) significant = significant.slice(1);

  const kind: PhoneKind | null = significant.startsWith('8')
    ? 'mobile'
    : /^[2-79]/.test(significant)
      ? 'landline'
      : null;
  if (kind === null) return fail('PHONE_PREFIX');
  const [min, max] = kind === 'mobile' ? [9, 12] : [8, 10];
  if (significant.length < min || significant.length > max) return fail('PHONE_LENGTH');
  return { ok: true, value: { e164: `+62${significant}`, national: `0${significant}`, kind }, warnings: [] };
}

/**
 * Masks a phone number for display: country code, first 3 and last 3 digits stay
 * (`+62812******890`). Input that does not normalise is masked whole.
 */
export function maskPhone(input: string): string {
  const result = normalizePhone(input);
  if (!result.ok) return '*'.repeat(input.trim().length);
  const significant = result.value.e164.slice(3);
  return `+62${significant.slice(0, 3)}${'*'.repeat(significant.length - 6)}${significant.slice(-3)}`;
}
