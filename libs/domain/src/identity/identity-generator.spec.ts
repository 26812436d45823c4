import { seededRng } from '../random.js';
import { regionExists } from '../regions/region-lookup.js';
import { generateKk, generateNik, randomNikParts } from './identity-generator.js';
import { parseNik } from './nik.js';

describe(generateNik.name, () => {
  it('builds region, DDMMYY (day + 40 for women) and a 4-digit serial', () => {
    expect(generateNik({ regionCode: '62.71.01', birthDate: '1985-08-17', sex: 'F', serial: 42 })).toBe(
      '6271015708850042',
    );
    expect(generateNik({ regionCode: '62.71.01.1001', birthDate: '2001-01-05', sex: 'M', serial: 9999 })).toBe(
      '6271010501019999',
    );
  });

  it.each([
    [{ regionCode: '62.71', birthDate: '1985-08-17', sex: 'M' as const, serial: 1 }, 'a kab/kota code'],
    [{ regionCode: '627101', birthDate: '1985-08-17', sex: 'M' as const, serial: 1 }, 'an undotted code'],
    [{ regionCode: '62.71.01', birthDate: '1985-02-30', sex: 'M' as const, serial: 1 }, 'an impossible date'],
    [{ regionCode: '62.71.01', birthDate: '17-08-1985', sex: 'M' as const, serial: 1 }, 'a non-ISO date'],
    [{ regionCode: '62.71.01', birthDate: '1985-08-17', sex: 'M' as const, serial: 0 }, 'serial 0'],
    [{ regionCode: '62.71.01', birthDate: '1985-08-17', sex: 'M' as const, serial: 10000 }, 'serial 10000'],
    [{ regionCode: '62.71.01', birthDate: '1985-08-17', sex: 'M' as const, serial: 1.5 }, 'a fractional serial'],
  ])('throws RangeError for %o (%s)', (parts) => {
    expect(() => generateNik(parts)).toThrow(RangeError);
  });
});

describe(generateKk.name, () => {
  it('builds region, issue date without offset and serial', () => {
    expect(generateKk({ regionCode: '62.71.01', issueDate: '2019-03-15', serial: 7 })).toBe('6271011503190007');
  });
});

describe(randomNikParts.name, () => {
  it('gives parts of valid NIKs of real kecamatan within the age range, repeatably for a seed', () => {
    const rng = seededRng(42);
    const again = seededRng(42);
    for (let i = 0; i < 200; i++) {
      const parts = randomNikParts(rng, { today: '2026-11-23', minAge: 18, maxAge: 60 });
      expect(randomNikParts(again, { today: '2026-11-23', minAge: 18, maxAge: 60 })).toEqual(parts);
      expect(regionExists(parts.regionCode)).toBe(true);
      const year = Number(parts.birthDate.slice(0, 4));
      expect(year).toBeGreaterThanOrEqual(1966);
      expect(year).toBeLessThanOrEqual(2008);
      const parsed = parseNik(generateNik(parts), { today: '2026-11-23' });
      expect(parsed.ok && parsed.value).toMatchObject(parts);
    }
  });

  it('never gives a birth date after today', () => {
    const rng = seededRng(5);
    for (let i = 0; i < 200; i++)
      expect(randomNikParts(rng, { today: '2026-01-02', maxAge: 0 }).birthDate <= '2026-01-02').toBe(true);
  });
});
