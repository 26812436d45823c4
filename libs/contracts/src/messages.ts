import 'reflect-metadata';
import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { FieldError } from './envelope/rpc.js';

/** What a class-validator constraint records (the parts read here). */
interface ConstraintMetadata {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  message?: unknown;
}

/** The message of a field that is absent (or null where a value is required). */
export const MISSING_MESSAGE = 'wajib diisi';
/** The message of a property the payload class does not declare. */
export const UNKNOWN_FIELD_MESSAGE = 'kolom tidak dikenal';

const list = (values: unknown): string =>
  (Array.isArray(values) ? values : Object.values((values ?? {}) as object)).map((v) => String(v)).join(', ');

/**
 * Bahasa Indonesia for every class-validator constraint the platform's payload classes and the
 * gateway's DTOs use, by constraint name, with the constraint's arguments (`maxLength` 500 →
 * "paling banyak 500 karakter", `isIn` → the allowed values). A decorator's own `message` wins
 * (they are written in Bahasa Indonesia); class-validator's English defaults never leave a service.
 * A test walks every registered constraint and fails on one this table does not cover.
 */
export const CONSTRAINT_MESSAGES: Record<string, (args: unknown[]) => string> = {
  isDefined: () => MISSING_MESSAGE,
  isNotEmpty: () => 'tidak boleh kosong',
  isString: () => 'harus berupa teks',
  isInt: () => 'harus berupa angka bulat',
  isNumber: () => 'harus berupa angka',
  isBoolean: () => 'harus bernilai true atau false',
  isArray: () => 'harus berupa daftar (array)',
  isObject: () => 'harus berupa objek',
  isIn: ([values]) => `harus salah satu dari: ${list(values)}`,
  isEnum: ([values]) => `harus salah satu dari: ${list(values)}`,
  min: ([n]) => `paling kecil ${String(n)}`,
  max: ([n]) => `paling besar ${String(n)}`,
  minLength: ([n]) => `paling sedikit ${String(n)} karakter`,
  maxLength: ([n]) => `paling banyak ${String(n)} karakter`,
  length: ([min, max]) => `panjangnya ${String(min)}–${String(max)} karakter`,
  matches: ([pattern]) =>
    `formatnya tidak sesuai (pola ${pattern instanceof RegExp ? pattern.source : String(pattern)})`,
  isUuid: ([version]) =>
    version && version !== 'all' ? `harus berupa UUID versi ${String(version)}` : 'harus berupa UUID',
  isIso8601: () => 'harus berupa tanggal atau waktu ISO 8601 (mis. 2026-12-01 atau 2026-12-01T08:00:00Z)',
  isDateString: () => 'harus berupa tanggal atau waktu ISO 8601 (mis. 2026-12-01 atau 2026-12-01T08:00:00Z)',
  isPositive: () => 'harus lebih besar dari 0',
  arrayMinSize: ([n]) => `paling sedikit ${String(n)} butir`,
  arrayMaxSize: ([n]) => `paling banyak ${String(n)} butir`,
  arrayNotEmpty: () => 'tidak boleh kosong',
  arrayUnique: () => 'tidak boleh ada butir yang sama',
  isNegative: () => 'harus lebih kecil dari 0',
  isDivisibleBy: ([n]) => `harus kelipatan ${String(n)}`,
  equals: ([v]) => `harus bernilai ${String(v)}`,
  notEquals: ([v]) => `tidak boleh bernilai ${String(v)}`,
  isEmpty: () => 'harus kosong',
  isNotEmptyObject: () => 'objek tidak boleh kosong',
  isDate: () => 'harus berupa tanggal',
  minDate: ([d]) => `tidak boleh sebelum ${d instanceof Date ? d.toISOString() : String(d)}`,
  maxDate: ([d]) => `tidak boleh setelah ${d instanceof Date ? d.toISOString() : String(d)}`,
  isUrl: () => 'harus berupa URL (mis. https://contoh.go.id/webhook)',
  isFqdn: () => 'harus berupa nama domain',
  isIp: () => 'harus berupa alamat IP',
  isPort: () => 'harus berupa nomor port',
  isEmail: () => 'harus berupa alamat email',
  isMobilePhone: () => 'harus berupa nomor ponsel',
  isNumberString: () => 'harus berupa angka (dalam teks)',
  isAlpha: () => 'hanya boleh huruf',
  isAlphanumeric: () => 'hanya boleh huruf dan angka',
  isAscii: () => 'hanya boleh karakter ASCII',
  isLowercase: () => 'harus huruf kecil',
  isUppercase: () => 'harus huruf besar',
  isHexadecimal: () => 'harus berupa bilangan heksadesimal',
  isBase64: () => 'harus berupa teks base64',
  isHash: ([algorithm]) => `harus berupa hash ${String(algorithm)}`,
  isMimeType: () => 'harus berupa jenis berkas (MIME), mis. application/pdf',
  isLatitude: () => 'harus berupa lintang (-90 sampai 90)',
  isLongitude: () => 'harus berupa bujur (-180 sampai 180)',
  isTimeZone: () => 'harus berupa zona waktu IANA, mis. Asia/Jakarta',
  isLocale: () => 'harus berupa kode bahasa, mis. id-ID',
  isSemVer: () => 'harus berupa versi semantik, mis. 1.2.3',
  nestedValidation: () => 'harus berupa objek',
  whitelistValidation: () => UNKNOWN_FIELD_MESSAGE,
  unknownValue: () => 'isinya tidak dapat diperiksa',
};

/** Constraints on a value's type: when one fails, the others' messages would only be noise. */
const TYPE_CONSTRAINTS = new Set([
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'nestedValidation',
]);

/** The constraint metadata of `cls`'s `property`, by constraint name (inherited ones included). */
function constraintsOf(cls: object | undefined, property: string): Map<string, ConstraintMetadata> {
  const out = new Map<string, ConstraintMetadata>();
  if (typeof cls !== 'function') return out;
  const storage = getMetadataStorage() as unknown as {
    getTargetValidationMetadatas(
      target: unknown,
      schema: string,
      always: boolean,
      strictGroups: boolean,
    ): ConstraintMetadata[];
  };
  for (const m of storage.getTargetValidationMetadatas(cls, '', true, false)) {
    if (m.propertyName === property) out.set(m.name ?? m.type, m);
  }
  return out;
}

/** Whether a decorator was given its own message (class-validator's English default for nested values does not count). */
function ownMessage(m: ConstraintMetadata | undefined): boolean {
  return m !== undefined && m.type !== 'nestedValidation' && m.message !== undefined && m.message !== '';
}

/** The Indonesian message of one failed constraint. */
export function constraintMessage(key: string, metadata: ConstraintMetadata | undefined, given: string): string {
  if (ownMessage(metadata)) return given;
  const translate = CONSTRAINT_MESSAGES[key];
  // A constraint outside the table (the unit test keeps it empty) still never shows English.
  const text = translate ? translate(metadata?.constraints ?? []) : 'isinya tidak valid';
  return metadata?.each ? `setiap butir ${text}` : text;
}

/**
 * class-validator's errors as field errors: the field's path (`complainant.phone`,
 * `members.0.nik`) and messages in Bahasa Indonesia. An absent field is only "wajib diisi", an
 * undeclared one only "kolom tidak dikenal", whatever else its constraints would say.
 */
export function fieldErrorsOf(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length) {
      const keys = Object.keys(e.constraints);
      let messages: string[];
      if (keys.includes('whitelistValidation')) messages = [UNKNOWN_FIELD_MESSAGE];
      else if (e.value === undefined || e.value === null) messages = [MISSING_MESSAGE];
      else {
        const metadata = constraintsOf(e.target?.constructor, e.property);
        // A value of the wrong type: only its type is reported (not also "too long" for a number).
        let shown = keys.some((k) => TYPE_CONSTRAINTS.has(k)) ? keys.filter((k) => TYPE_CONSTRAINTS.has(k)) : keys;
        if (shown.includes('isObject') || shown.includes('isArray'))
          shown = shown.filter((k) => k !== 'nestedValidation');
        messages = [...new Set(shown.map((k) => constraintMessage(k, metadata.get(k), e.constraints![k]!)))];
      }
      out.push({ field, messages });
    }
    if (e.children?.length) out.push(...fieldErrorsOf(e.children, field));
  }
  return out;
}

/** An English word a message in Bahasa Indonesia would not contain. */
const ENGLISH = /\b(must|should|shall|each value|property|is not|be a|be an|invalid|longer|shorter|than)\b/i;

/**
 * Every registered constraint (of the classes `include` accepts by name) that would answer
 * without Indonesian: neither its own message in Bahasa Indonesia nor an entry in
 * {@link CONSTRAINT_MESSAGES}. Used by the tests over the contracts and the gateway's DTOs.
 */
export function untranslatedConstraints(include: (className: string) => boolean): string[] {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas:
      Map<unknown, Array<ConstraintMetadata & { target: unknown }>> | Array<ConstraintMetadata & { target: unknown }>;
  };
  const all =
    storage.validationMetadatas instanceof Map
      ? [...storage.validationMetadatas.values()].flat()
      : storage.validationMetadatas;
  const out: string[] = [];
  for (const m of all) {
    const cls = typeof m.target === 'function' ? (m.target as { name: string }).name : String(m.target);
    if (!include(cls) || m.type === 'conditionalValidation' || m.type === 'isOptional' || m.name === 'isOptional')
      continue;
    const key = m.name ?? m.type;
    const own = ownMessage(m) && typeof m.message === 'string' ? m.message : null;
    if (own !== null ? ENGLISH.test(own) : !CONSTRAINT_MESSAGES[key])
      out.push(`${cls}.${m.propertyName}: ${key}${own !== null ? ` ("${own}")` : ''}`);
  }
  return out;
}
