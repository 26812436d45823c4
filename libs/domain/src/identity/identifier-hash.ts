import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * What an identifier hash is of: a NIK, a No. KK, the derivation of the household id key, or the
 * subject of a login/password-check throttle (a username as typed, a user id). Part of the hashed
 * message, so no two kinds collide.
 */
export type IdentifierKind = 'nik' | 'kk' | 'household-ref' | 'auth-subject';

/** Shortest accepted key (bytes): a generated secret, never a word. */
export const IDENTIFIER_HASH_KEY_MIN_BYTES = 32;

/**
 * Keyed hash (HMAC-SHA256, hex) of a personal identifier kept for audit or matching, e.g.
 * `registry.lookup_audit.nik_hmac` or `intake.complaint.subject_nik_hmac`. A NIK has so few
 * possible values (a kecamatan, a birth date, a serial) that an unkeyed SHA-256 is reversed by
 * enumeration in seconds; under a per-deployment secret it is not. Every service of a
 * deployment uses the same key, so the same NIK hashes the same in intake and registry.
 * Surrounding whitespace is ignored.
 */
export function identifierHash(key: string | Buffer, kind: IdentifierKind, value: string): string {
  if (Buffer.byteLength(key) < IDENTIFIER_HASH_KEY_MIN_BYTES) {
    throw new RangeError(`identifier hash key must be at least ${IDENTIFIER_HASH_KEY_MIN_BYTES} bytes`);
  }
  return createHmac('sha256', keyObject(key)).update(`${kind}:${value.trim()}`).digest('hex');
}

/**
 * The key as a `KeyObject`, made once per key text: `createHmac` with a string key imports it on
 * every call (a lookup hashes on every request). Buffers are not kept (they may change).
 */
const keyObjects = new Map<string, KeyObject>();
function keyObject(key: string | Buffer): string | Buffer | KeyObject {
  if (typeof key !== 'string') return key;
  let object = keyObjects.get(key);
  if (!object) {
    // A process has one deployment key (and keys derived from it); a few tests make more.
    if (keyObjects.size >= 16) keyObjects.clear();
    object = createSecretKey(Buffer.from(key, 'utf8'));
    keyObjects.set(key, object);
  }
  return object;
}

/**
 * Key of the opaque household ids ({@link opaqueHouseholdId}), derived from the identifier hash
 * key so that SQL that must compute the same ids (a streamed export) is handed this derived key,
 * never the identifier hash key itself.
 */
export function householdRefKey(key: string | Buffer): string {
  return identifierHash(key, 'household-ref', 'v1');
}

/**
 * The id a view shows for a registry household. A legacy DTKS `IDBDT` is a registry id and stays;
 * a household keyed by its No. KK (16 digits, DTSEN files) is shown as `RT-` + 20 hex of
 * SHA-256(refKey + ':' + No. KK): stable within the deployment (the same household has the same id
 * in the ranking, its export and the person lookup) but it reveals nothing of the No. KK.
 * {@link opaqueHouseholdIdSql} computes the same in PostgreSQL.
 */
export function opaqueHouseholdId(refKey: string, householdId: string): string {
  if (!/^\d{16}$/.test(householdId)) return householdId;
  return `RT-${createHash('sha256').update(`${refKey}:${householdId}`, 'utf8').digest('hex').slice(0, 20)}`;
}

/** {@link opaqueHouseholdId} as SQL over `column`, with `refKey` an SQL expression (a parameter or a literal). */
export function opaqueHouseholdIdSql(column: string, refKey: string): string {
  return `CASE WHEN ${column} ~ '^[0-9]{16}$' THEN 'RT-' || left(encode(sha256(convert_to(${refKey} || ':' || ${column}, 'UTF8')), 'hex'), 20) ELSE ${column} END`;
}
