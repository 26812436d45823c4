import { describe, expect, it } from '@jest/globals';
import { isCommonPassword, passwordProblems } from './password-hasher.js';

describe('password rule (ASVS 5.0 L2)', () => {
  it('accepts 12 to 128 characters of anything, counted as characters, with no composition rules', () => {
    expect(passwordProblems('kuda laut pagi', 'fo.satu')).toEqual([]);
    expect(passwordProblems('sungai kahayan biru', 'fo.satu')).toEqual([]);
    expect(passwordProblems('🐎🌊🌅🐎🌊🌅🐎🌊🌅🐎🌊🌅', 'fo.satu')).toEqual([]);
    expect(passwordProblems('x'.repeat(1) + 'kuda-laut-'.repeat(12) + 'abcdefg', 'fo.satu')).toEqual([]);
    expect(passwordProblems('kuda-laut-1', 'fo.satu')).toEqual(['Kata sandi paling sedikit 12 karakter.']);
    expect(passwordProblems(`${'kuda-laut-'.repeat(12)}abcdefghi`, 'fo.satu')).toEqual([
      'Kata sandi paling panjang 128 karakter.',
    ]);
  });

  it('refuses common and breached passwords, also with digits or symbols around a listed word', () => {
    for (const p of ['password1234', 'QWERTY123456', '1q2w3e4r5t6y', 'Sunshine-2024!', '2024!!password!!'])
      expect(isCommonPassword(p)).toBe(true);
    for (const p of ['kuda laut pagi', 'demo-password-123', 'kata-sandi-kuat-1', 'x7Gq2mPz9LwA4sK1'])
      expect(isCommonPassword(p)).toBe(false);
    expect(passwordProblems('password1234', 'fo.satu')).toEqual([expect.stringMatching(/terlalu umum/)]);
  });

  it('refuses the username inside the password and one character repeated', () => {
    expect(passwordProblems('saya-fo.satu-hebat', 'fo.satu')).toEqual(['Kata sandi tidak boleh memuat nama pengguna.']);
    expect(passwordProblems('aaaaaaaaaaaaaa', 'fo.satu')).toEqual(['Kata sandi tidak boleh satu karakter berulang.']);
  });
});
