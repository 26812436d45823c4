/**
 * Field names that hold personal data (UU PDP 27/2022). Logs must never carry their values:
 * logs hold ids, never NIK, KK, names, addresses or phone numbers.
 */
export const PERSONAL_DATA_KEYS = [
  'nik',
  'noKk',
  'no_kk',
  'kk',
  'name',
  'nama',
  'fullName',
  'namaLengkap',
  'motherName',
  'namaIbu',
  'phone',
  'telepon',
  'hp',
  'noHp',
  'email',
  'address',
  'alamat',
  'rt',
  'rw',
  'birthDate',
  'tanggalLahir',
  'birthPlace',
  'tempatLahir',
  'password',
  'token',
  'refreshToken',
  'accessToken',
  'authorization',
  'apiKey',
] as const;

/** Nesting depth down to which personal-data keys are redacted wherever they appear. */
export const REDACTION_DEPTH = 4;

/**
 * pino `redact` paths for every personal-data key at depths 0..REDACTION_DEPTH, including inside
 * arrays (`*.members[*].nik`).
 */
export function redactionPaths(keys: readonly string[] = PERSONAL_DATA_KEYS, depth = REDACTION_DEPTH): string[] {
  const paths: string[] = [];
  for (const key of keys) {
    for (let d = 0; d <= depth; d++) {
      const prefix = Array.from({ length: d }, () => '*').join('.');
      paths.push(prefix ? `${prefix}.${key}` : key);
      if (d > 0)
        paths.push(
          `${Array.from({ length: d - 1 }, () => '*')
            .concat('*[*]')
            .join('.')}.${key}`,
        );
    }
  }
  return [...new Set(paths), 'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'];
}

/** A 16-digit run (NIK or KK) anywhere in a free-text string. */
const SIXTEEN_DIGITS = /(?<!\d)\d{16}(?!\d)/g;
/** An Indonesian phone number in a free-text string. */
const PHONE = /(?<![\d+])(?:\+62|62|0)8\d{7,11}(?!\d)/g;

/** Removes NIK/KK-like numbers and phone numbers from a free-text message. */
export function scrubText(text: string): string {
  return text.replace(SIXTEEN_DIGITS, '[REDACTED]').replace(PHONE, '[REDACTED]');
}
