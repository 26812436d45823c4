/**
 * Data at rest on the phone, encrypted. A random AES-GCM data key encrypts every record; it is
 * stored only wrapped (AES-GCM) by a key derived from the Fasilitator's PIN with PBKDF2-SHA-256
 * (600 000 iterations, a random salt per device). The unwrapped data key lives in memory while the
 * app is unlocked and is dropped on lock. Each record is sealed with its own random IV and its id
 * as additional data, so a record cannot be swapped for another one's ciphertext.
 */

export const PBKDF2_ITERATIONS = 600_000;
/** Wrong PINs in a row before everything on the device is wiped. */
export const MAX_FAILED_UNLOCKS = 5;

/** What is stored about the vault (nothing secret without the PIN). */
export interface VaultHeader {
  salt: Uint8Array;
  iterations: number;
  iv: Uint8Array;
  wrappedKey: ArrayBuffer;
}

/** A sealed value: AES-GCM ciphertext (with its tag) and its IV. */
export interface Sealed {
  iv: Uint8Array;
  ct: ArrayBuffer;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
// WebCrypto's parameters want ArrayBuffer-backed views.
const buf = (u: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(u);

async function deriveKek(pin: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', enc.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', salt: buf(salt), iterations, hash: 'SHA-256' },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

/** A new vault for a PIN: the header to store and the (non-extractable) data key to use. */
export async function createVault(pin: string): Promise<{ header: VaultHeader; key: CryptoKey }> {
  const salt = random(16);
  const iv = random(12);
  const kek = await deriveKek(pin, salt, PBKDF2_ITERATIONS);
  const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
  const wrappedKey = await crypto.subtle.wrapKey('raw', fresh, kek, { name: 'AES-GCM', iv: buf(iv) });
  const header = { salt, iterations: PBKDF2_ITERATIONS, iv, wrappedKey };
  const key = await openVault(header, pin);
  if (!key) throw new Error('vault check failed');
  return { header, key };
}

/** The data key for the PIN, or null when the PIN is wrong (the GCM tag does not verify). */
export async function openVault(header: VaultHeader, pin: string): Promise<CryptoKey | null> {
  const kek = await deriveKek(pin, header.salt, header.iterations);
  try {
    return await crypto.subtle.unwrapKey(
      'raw',
      header.wrappedKey,
      kek,
      { name: 'AES-GCM', iv: buf(header.iv) },
      { name: 'AES-GCM', length: 256 },
      false,
      ['encrypt', 'decrypt'],
    );
  } catch {
    return null;
  }
}

export async function sealBytes(key: CryptoKey, id: string, bytes: ArrayBuffer | Uint8Array): Promise<Sealed> {
  const iv = random(12);
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(iv), additionalData: enc.encode(id) },
    key,
    bytes instanceof Uint8Array ? buf(bytes) : bytes,
  );
  return { iv, ct };
}

export async function openBytes(key: CryptoKey, id: string, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: buf(sealed.iv), additionalData: enc.encode(id) }, key, sealed.ct);
}

export async function seal(key: CryptoKey, id: string, value: unknown): Promise<Sealed> {
  return sealBytes(key, id, enc.encode(JSON.stringify(value)));
}

export async function open<T>(key: CryptoKey, id: string, sealed: Sealed): Promise<T> {
  return JSON.parse(dec.decode(await openBytes(key, id, sealed))) as T;
}

/** A PIN the app accepts: 6 to 12 digits, not all the same digit, not a plain run (123456). */
export function pinProblem(pin: string): string | null {
  if (!/^\d{6,12}$/.test(pin)) return 'PIN berisi 6 sampai 12 angka.';
  if (/^(\d)\1+$/.test(pin)) return 'PIN tidak boleh berisi satu angka yang sama berulang.';
  const digits = [...pin].map(Number);
  const step = digits[1]! - digits[0]!;
  if (Math.abs(step) === 1 && digits.every((d, i) => i === 0 || d - digits[i - 1]! === step))
    return 'PIN tidak boleh berupa urutan angka (misalnya 123456).';
  return null;
}
