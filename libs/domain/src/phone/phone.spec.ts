import fc from 'fast-check';
import { maskPhone, normalizePhone, type PhoneErrorCode } from './phone.js';

const e164 = (input: string) => {
  const r = normalizePhone(input);
  return r.ok ? r.value.e164 : null;
};
const errorCode = (input: string): PhoneErrorCode | null => {
  const r = normalizePhone(input);
  return r.ok ? null : r.errors[0]!.code;
};

describe(normalizePhone.name, () => {
  it.each([
    ['081234567890', '+6281234567890'],
    ['0812-3456-7890', '+6281234567890'],
    ['0812 3456 7890', '+6281234567890'],
    ['0812.3456.7890', '+6281234567890'],
    ['(0812) 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['+62 (0)812 3456 7890', '+6281234567890'],
    ['+62 0812 3456 7890', '+6281234567890'],
    ['0062 812 3456 7890', '+6281234567890'],
    ['  0812345678 ', '+62812345678'],
    ['0812345678901', '+62812345678901'],
  ])('normalises mobile %j to %s', (input, expected) => {
    const r = normalizePhone(input);
    expect(r).toEqual({
      ok: true,
      value: { e164: expected, national: `0${expected.slice(3)}`, kind: 'mobile' },
      warnings: [],
    });
  });

  it.each([
    ['(021) 3456-7890', '+622134567890'],
    ['021-345678', '+6221345678'],
    ['0361 234567', '+62361234567'],
    ['(0251) 831-2345', '+622518312345'],
    ['0967 533123', '+62967533123'],
    ['+62 21 3456 7890', '+622134567890'],
  ])('normalises landline %j to %s', (input, expected) => {
    const r = normalizePhone(input);
    expect(r.ok && r.value).toEqual({ e164: expected, national: `0${expected.slice(3)}`, kind: 'landline' });
  });

  it.each([
    ['', 'PHONE_CHARACTERS'],
    ['0812-3456-789a', 'PHONE_CHARACTERS'],
    ['0812/3456/7890', 'PHONE_CHARACTERS'],
    ['08123+4567890', 'PHONE_CHARACTERS'],
    ['+1 415 555 0100', 'PHONE_PREFIX'],
    ['+60 12 345 6789', 'PHONE_PREFIX'],
    ['81234567890', 'PHONE_PREFIX'],
    ['112', 'PHONE_PREFIX'],
    ['0112345678', 'PHONE_PREFIX'],
    ['081234567', 'PHONE_LENGTH'],
    ['08123456789012', 'PHONE_LENGTH'],
    ['021-1234', 'PHONE_LENGTH'],
    ['021-123456789', 'PHONE_LENGTH'],
    ['+62', 'PHONE_PREFIX'],
  ])('rejects %j with %s', (input, code) => {
    expect(errorCode(input)).toBe(code);
  });

  it('explains a wrong length in Indonesian', () => {
    const r = normalizePhone('0812345');
    expect(!r.ok && r.errors[0]!.message).toMatch(/^Panjang nomor telepon tidak sesuai: nomor HP 10–13 angka/);
  });

  const mobileNational = fc.integer({ min: 8, max: 11 }).chain((n) => fc.stringMatching(new RegExp(`^08\\d{${n}}$`)));
  const separators = fc.constantFrom('', ' ', '-', '.', ' - ');

  it('is idempotent: normalising an E.164 result gives it back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(mobileNational, fc.string({ maxLength: 16 })), (input) => {
        const first = normalizePhone(input);
        if (!first.ok) return;
        const again = normalizePhone(first.value.e164);
        expect(again.ok && again.value).toEqual(first.value);
      }),
    );
  });

  it('gives the same number for every way of writing a valid mobile number', () => {
    fc.assert(
      fc.property(
        mobileNational,
        separators,
        fc.constantFrom('0', '62', '+62', '+62 ', '0062'),
        (national, sep, prefix) => {
          const rest = national.slice(1);
          const grouped = [rest.slice(0, 3), rest.slice(3, 7), rest.slice(7)].filter((g) => g !== '').join(sep);
          const written = prefix === '0' ? `0${grouped}` : `${prefix}${grouped}`;
          expect(e164(written)).toBe(`+62${rest}`);
        },
      ),
    );
  });
});

describe(maskPhone.name, () => {
  it('keeps country code, first 3 and last 3 digits', () => {
    expect(maskPhone('0812-3456-7890')).toBe('+62812*****890');
    expect(maskPhone('(021) 3456-7890')).toBe('+62213****890');
  });

  it('masks every character of input that is not a valid number', () => {
    expect(maskPhone('0812-34')).toBe('*******');
  });

  it('never shows the middle digits of any valid mobile number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 11 }).chain((n) => fc.stringMatching(new RegExp(`^08\\d{${n}}$`))),
        (national) => {
          const masked = maskPhone(national);
          const significant = national.slice(1);
          expect(masked).toBe(
            `+62${significant.slice(0, 3)}${'*'.repeat(significant.length - 6)}${significant.slice(-3)}`,
          );
        },
      ),
    );
  });
});
