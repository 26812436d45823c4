import fc from 'fast-check';
import {
  desaKind,
  isKota,
  isValidRegionCode,
  isWithinAnyRegion,
  isWithinRegion,
  kabKotaOf,
  kecamatanOf,
  parentOf,
  provinsiOf,
  regionLevel,
  dottedRegionCode,
  toUndottedRegionCode,
} from './region-code.js';

describe(regionLevel.name, () => {
  it.each([
    ['62', 'provinsi'],
    ['62.71', 'kabkota'],
    ['62.71.01', 'kecamatan'],
    ['62.71.01.1001', 'desa'],
    ['91.03.01.3007', 'desa'],
  ])('reads %s as %s from its shape', (code, level) => {
    expect(regionLevel(code)).toBe(level);
  });

  it.each([
    ['', 'empty'],
    ['6', 'one digit'],
    ['627', 'three digits'],
    ['6271', 'undotted kab/kota'],
    ['62.7', 'short kab/kota part'],
    ['62.71.1', 'short kecamatan part'],
    ['62.71.01.101', 'three-digit desa part'],
    ['62.71.01.10011', 'five-digit desa part'],
    ['62.710.1', 'misplaced dot'],
    ['00', 'provinsi 00'],
    ['10', 'provinsi below 11'],
    ['62.00', 'kab/kota 00'],
    ['62.71.00', 'kecamatan 00'],
    ['62.71.01.0001', 'desa part starting with 0'],
    ['62.71.01.1001 ', 'trailing space'],
    ['62-71-01', 'dashes'],
    ['33.74.010', 'BPS 7-digit kecamatan written dotted'],
  ])('rejects %j (%s)', (code) => {
    expect(regionLevel(code)).toBeNull();
    expect(isValidRegionCode(code)).toBe(false);
  });
});

describe(parentOf.name, () => {
  it.each([
    ['62.71.01.1001', '62.71.01'],
    ['62.71.01', '62.71'],
    ['62.71', '62'],
    ['62', null],
    ['nonsense', null],
  ])('gives the parent of %s as %s', (code, parent) => {
    expect(parentOf(code)).toBe(parent);
  });
});

describe(kabKotaOf.name, () => {
  it('cuts any code below a provinsi to its kab/kota and refuses provinsi or bad syntax', () => {
    expect(kabKotaOf('62.71.01.1001')).toBe('62.71');
    expect(kabKotaOf('62.71.01')).toBe('62.71');
    expect(kabKotaOf('62.71')).toBe('62.71');
    expect(kabKotaOf('62')).toBeNull();
    expect(kabKotaOf('6271')).toBeNull();
  });

  it('agrees with provinsiOf and kecamatanOf on the prefixes of a desa code', () => {
    expect(provinsiOf('62.71.01.1001')).toBe('62');
    expect(kecamatanOf('62.71.01.1001')).toBe('62.71.01');
    expect(kecamatanOf('62.71.01')).toBe('62.71.01');
    expect(kecamatanOf('62.71')).toBeNull();
    expect(provinsiOf('x')).toBeNull();
  });
});

describe(isKota.name, () => {
  it.each([
    ['62.71', true],
    ['31.99', true],
    ['62.70', false],
    ['62.01', false],
    ['62.71.01.1001', true],
    ['62', false],
    ['bad', false],
  ])('says %s is a kota: %s (kab/kota number 71–99)', (code, expected) => {
    expect(isKota(code)).toBe(expected);
  });
});

describe(desaKind.name, () => {
  it.each([
    ['62.71.01.1001', 'kelurahan'],
    ['11.01.01.2001', 'desa'],
    ['91.03.01.3007', 'desa-adat'],
    ['11.01.01.4001', null],
    ['62.71.01', null],
  ])('reads the kind of %s from its first desa digit as %s', (code, kind) => {
    expect(desaKind(code)).toBe(kind);
  });
});

describe(dottedRegionCode.name, () => {
  it.each([
    ['62', '62'],
    ['6271', '62.71'],
    ['627101', '62.71.01'],
    ['6271011001', '62.71.01.1001'],
  ])('dots %s as %s', (digits, dotted) => {
    expect(dottedRegionCode(digits)).toBe(dotted);
    expect(toUndottedRegionCode(dotted)).toBe(digits);
  });

  it.each(['', '627', '62710', '62710110', '62710110011', '627100', '62a101', '62.71'])('refuses %j', (digits) => {
    expect(dottedRegionCode(digits)).toBeNull();
  });

  it('round-trips every valid undotted kecamatan and desa code', () => {
    const part = (lo: number, hi: number, width: number) =>
      fc.integer({ min: lo, max: hi }).map((n) => String(n).padStart(width, '0'));
    const desaDigits = fc
      .tuple(part(11, 99, 2), part(1, 99, 2), part(1, 99, 2), part(1000, 9999, 4))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(desaDigits, (digits) => {
        const dotted = dottedRegionCode(digits);
        expect(dotted).not.toBeNull();
        expect(toUndottedRegionCode(dotted!)).toBe(digits);
        expect(toUndottedRegionCode(kecamatanOf(dotted!)!)).toBe(digits.slice(0, 6));
      }),
    );
  });
});

describe(isWithinRegion.name, () => {
  it.each([
    ['62.71.01.1001', '62.71.01', true],
    ['62.71.01.1001', '62.71', true],
    ['62.71.01.1001', '62', true],
    ['62.71.01.1001', '62.71.01.1001', true],
    ['62.71.01.1001', '62.71.02', false],
    ['62.71.01.1001', '62.7', false],
    ['62.71', '62.71.01', false],
  ])('%s within %s → %s', (code, scope, expected) => expect(isWithinRegion(code, scope)).toBe(expected));

  it('allows nothing with an empty scope list', () => {
    expect(isWithinAnyRegion('62.71.01.1001', [])).toBe(false);
    expect(isWithinAnyRegion('62.71.01.1001', ['63', '62.71'])).toBe(true);
  });
});
