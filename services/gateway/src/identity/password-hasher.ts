import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { Injectable } from '@nestjs/common';
import { argon2id, argon2Verify } from 'hash-wasm';

/**
 * argon2id with the OWASP-recommended minimum (19 MiB, 2 iterations, 1 lane), in WebAssembly:
 * no native build to fail on a kab/kota server. Encoded hashes carry their parameters, so raising
 * them later keeps old hashes verifiable.
 */
@Injectable()
export class PasswordHasher {
  /** A real hash to verify against when the user does not exist, so both cases take as long. */
  private dummy: Promise<string> | null = null;

  hash(password: string): Promise<string> {
    return argon2id({
      password,
      salt: randomBytes(16),
      parallelism: 1,
      iterations: 2,
      memorySize: 19_456,
      hashLength: 32,
      outputType: 'encoded',
    });
  }

  async verify(password: string, hash: string | null): Promise<boolean> {
    // An empty password is never right, but hash-wasm throws on it: verified as a wrong one, same cost.
    const empty = password.length === 0;
    const candidate = empty ? '\u0000' : password;
    if (!hash) {
      this.dummy ??= this.hash(randomBytes(12).toString('hex'));
      await argon2Verify({ password: candidate, hash: await this.dummy });
      return false;
    }
    return (await argon2Verify({ password: candidate, hash })) && !empty;
  }
}

/** Shortest and longest password accepted for a new password (ASVS 5.0 V6.2.1, V6.2.9). */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

let common: Set<string> | undefined;
/**
 * The 49k most common passwords of `@zxcvbn-ts/language-common` (from leaked-password corpora),
 * lower-cased, loaded once on first use (the package is required then too: its dictionaries cost
 * about 13 MB resident in a gateway that may never set a password).
 */
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)(
      '@zxcvbn-ts/language-common',
    ) as typeof import('@zxcvbn-ts/language-common');
    common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return common;
}

/**
 * Whether a password is a common or breached one: the list holds it (case-insensitively), or it is
 * a listed word (4+ characters) with only digits or symbols around it (`Password-2024!`).
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return true;
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return core.length >= 4 && commonPasswords().has(core);
}

/**
 * The password rule operators are told about (ASVS 5.0 L2): 12 to 128 characters, no composition
 * rules, not a common or breached password, not the username, not one character repeated.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`Kata sandi paling sedikit ${PASSWORD_MIN_LENGTH} karakter.`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`Kata sandi paling panjang ${PASSWORD_MAX_LENGTH} karakter.`);
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('Kata sandi tidak boleh memuat nama pengguna.');
  if (/^(.)\1+$/su.test(password)) problems.push('Kata sandi tidak boleh satu karakter berulang.');
  else if (isCommonPassword(password))
    problems.push(
      'Kata sandi ini terlalu umum atau pernah bocor: pilih kata sandi lain, misalnya gabungan beberapa kata.',
    );
  return problems;
}
