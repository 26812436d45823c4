import { randomBytes } from 'node:crypto';
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
    return argon2id({ password, salt: randomBytes(16), parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32, outputType: 'encoded' });
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

/** The password rule operators are told about. */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('Kata sandi paling sedikit 10 karakter.');
  if (password.length > 200) problems.push('Kata sandi paling panjang 200 karakter.');
  if (password.toLowerCase().includes(username.toLowerCase())) problems.push('Kata sandi tidak boleh memuat nama pengguna.');
  if (/^(.)\1+$/.test(password)) problems.push('Kata sandi tidak boleh satu karakter berulang.');
  return problems;
}
