import fc from 'fast-check';
import { upperRegionTables } from '../regions/region-data.js';
import { generateNik } from './identity-generator.js';
import { isValidNik, maskNik, nikMatchesBirth, parseNik, type NikErrorCode, type Sex } from './nik.js';

/** Every spec reads NIKs against the same day so century choices are fixed. */
const today = '2026-11-23';
const parse = (nik: string) => parseNik(nik, { today });
const errorCodes = (nik: string): NikErrorCode[] => {
  const r = parse(nik);
  return r.ok ? [] : r.errors.map((e) => e.code);
};

/** A NIK from readable parts: region(6) DD MM YY serial(4). */
const nik = (region: string, dd: string, mm: string, yy: string, serial = '0001') =>
  `${region}${dd}${mm}${yy}${serial}`;

describe(parseNik.name, () => {
  it('reads region, sex, birth date and serial of a man’s NIK', () => {
    expect(parse(nik('627101', '17', '08', '85', '0042'))).toEqual({
      ok: true,
      value: {
        nik: '6271011708850042',
        regionCode: '62.71.01',
        regionStatus: 'current',
        sex: 'M',
        birthDate: '1985-08-17',
        serial: 42,
      },
      warnings: [],
    });
  });

  it('reads a day part of 41–71 as a woman born on day − 40', () => {
    const r = parse(nik('627101', '57', '08', '85'));
    expect(r.ok && r.value).toMatchObject({ sex: 'F', birthDate: '1985-08-17' });
  });

  it('ignores surrounding whitespace but keeps the number itself unchanged', () => {
    const r = parse(`  ${nik('627101', '01', '01', '90')}\n`);
    expect(r.ok && r.value.nik).toBe('6271010101900001');
  });

  it.each([
    ['010126', '2026-01-01', 'this century when already past'],
    ['231126', '2026-11-23', 'today itself'],
    ['241126', '1926-11-24', 'last century when the date is still to come this year'],
    ['311226', '1926-12-31', 'last century at year end'],
    ['010127', '1927-01-01', 'last century for a year not yet reached'],
    ['010100', '2000-01-01', 'year 00 as 2000'],
    ['290200', '2000-02-29', '29 Feb 2000 (leap: divisible by 400)'],
    ['290204', '2004-02-29', '29 Feb of a leap year'],
    ['290228', '1928-02-29', '29 Feb resolved to the leap year 1928'],
    ['310199', '1999-01-31', 'a 1990s date'],
  ])('reads birth part %s as %s (%s)', (ddmmyy, iso) => {
    const r = parse(`627101${ddmmyy}0001`);
    expect(r.ok && r.value.birthDate).toBe(iso);
  });

  it.each([
    ['000190', 'day 00'],
    ['320190', 'day 32'],
    ['400190', 'day 40'],
    ['720190', 'day 72 (female 32)'],
    ['990190', 'day 99'],
    ['010090', 'month 00'],
    ['011390', 'month 13'],
    ['310490', '31 April'],
    ['710490', '31 April, female'],
    ['300290', '30 February'],
    ['290201', '29 Feb of a non-leap year'],
    ['690201', '29 Feb of a non-leap year, female'],
    ['290225', '29 Feb 2025 (not leap), also 1925 (not leap)'],
  ])('rejects birth part %s (%s)', (ddmmyy) => {
    expect(errorCodes(`627101${ddmmyy}0001`)).toEqual(['BIRTH_DATE_INVALID']);
  });

  it('gives the operator a message in Indonesian for an invalid birth date', () => {
    const r = parse(nik('627101', '32', '01', '90'));
    expect(!r.ok && r.errors[0]?.message).toBe('Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid.');
  });

  it('rejects serial 0000', () => {
    expect(errorCodes(nik('627101', '01', '01', '90', '0000'))).toEqual(['SERIAL_INVALID']);
    expect(errorCodes(nik('627101', '01', '01', '90', '9999'))).toEqual([]);
  });

  it.each([
    ['007101', 'provinsi 00'],
    ['107101', 'provinsi 10'],
    ['620001', 'kab/kota 00'],
    ['627100', 'kecamatan 00'],
  ])('rejects region part %s (%s) as impossible', (region) => {
    expect(errorCodes(nik(region, '01', '01', '90'))).toEqual(['REGION_CODE_INVALID']);
  });

  it('reports every error of a number at once', () => {
    expect(errorCodes('0000003213000000')).toEqual(['REGION_CODE_INVALID', 'BIRTH_DATE_INVALID', 'SERIAL_INVALID']);
  });

  it.each([
    ['', 'empty'],
    ['627101010190001', '15 digits'],
    ['62710101019000011', '17 digits'],
    ['6271 0101 9000 01', 'inner spaces'],
    ['6271-0101-9000-0001', 'dashes'],
    ['62710101019000O1', 'letter O for zero'],
    ['６２７１０１０１０１９０００１', 'full-width digits'],
  ])('rejects %j (%s) with "NIK harus 16 angka"', (input) => {
    expect(parse(input)).toEqual({ ok: false, errors: [{ code: 'NIK_FORMAT', message: 'NIK harus 16 angka.' }] });
  });

  it('accepts a NIK of an unknown kecamatan with a REGION_UNKNOWN warning', () => {
    const r = parse(nik('629801', '01', '01', '90'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ regionCode: '62.98.01', regionStatus: 'unknown' });
    expect(r.warnings.map((w) => w.code)).toEqual(['REGION_UNKNOWN']);
  });

  it('accepts a NIK of a retired Papua code with a REGION_RETIRED warning naming today’s region', () => {
    const r = parse(nik('910101', '01', '01', '90'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ regionCode: '91.01.01', regionStatus: 'retired' });
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ code: 'REGION_RETIRED' });
    expect(r.warnings[0]!.message).toContain('Kabupaten Merauke (93.01)');
    expect(r.warnings[0]!.message).toContain('NIK tetap sah');
  });

  it('never puts the NIK or its parts into messages', () => {
    const r = parse(nik('629801', '57', '08', '85', '4321'));
    const messages = r.ok ? r.warnings.map((w) => w.message) : r.errors.map((e) => e.message);
    for (const m of messages) expect(m).not.toMatch(/629801|570885|4321/);
  });

  it('resolves the century against a Date instant read in WIT (UTC+9)', () => {
    // 2026-11-22T16:00Z is already 23 November in Jayapura: a child born that day is not in the future.
    const r = parseNik(nik('627101', '23', '11', '26'), { today: new Date('2026-11-22T16:00:00Z') });
    expect(r.ok && r.value.birthDate).toBe('2026-11-23');
  });
});

const kecamatanCodes = () => upperRegionTables().kecamatan.codes;
const arbitraryKecamatan = fc.integer({ min: 0, max: 7284 }).map((i) => kecamatanCodes()[i]!);
/** Birth dates the century rule reads back unambiguously: the 100 years up to today. */
const arbitraryBirthDate = fc
  .date({ min: new Date('1926-11-24T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const arbitrarySex = fc.constantFrom<Sex>('F', 'M');
const arbitrarySerial = fc.integer({ min: 1, max: 9999 });

describe('NIK properties', () => {
  it('parses a generated NIK back to the parts it was made from, without warnings', () => {
    fc.assert(
      fc.property(
        arbitraryKecamatan,
        arbitraryBirthDate,
        arbitrarySex,
        arbitrarySerial,
        (regionCode, birthDate, sex, serial) => {
          const generated = generateNik({ regionCode, birthDate, sex, serial });
          expect(parse(generated)).toEqual({
            ok: true,
            value: { nik: generated, regionCode, regionStatus: 'current', sex, birthDate, serial },
            warnings: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('encodes a woman’s day as day + 40 and a man’s as the day itself', () => {
    fc.assert(
      fc.property(arbitraryBirthDate, arbitrarySex, (birthDate, sex) => {
        const generated = generateNik({ regionCode: '62.71.01', birthDate, sex, serial: 1 });
        const day = Number(birthDate.slice(8, 10));
        expect(Number(generated.slice(6, 8))).toBe(sex === 'F' ? day + 40 : day);
      }),
    );
  });

  it('masks all but the last 4 digits of any 16-digit number and every digit of anything else', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (digits) => {
        const masked = maskNik(digits);
        expect(masked).toBe(`************${digits.slice(12)}`);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !/^\d{16}$/.test(s.trim())),
        (s) => {
          expect(maskNik(s)).not.toMatch(/\d/);
        },
      ),
    );
  });

  it('rejects any number of 15 or 17 digits and any 16 characters holding a non-digit', () => {
    const wrongLength = fc.oneof(fc.stringMatching(/^\d{15}$/), fc.stringMatching(/^\d{17}$/));
    const withNonDigit = fc
      .tuple(
        fc.stringMatching(/^\d{15}$/),
        fc.string({ minLength: 1, maxLength: 1 }).filter((c) => !/[\d\s]/.test(c)),
        fc.nat(15),
      )
      .map(([d, c, i]) => d.slice(0, i) + c + d.slice(i));
    fc.assert(
      fc.property(fc.oneof(wrongLength, withNonDigit), (input) => {
        expect(errorCodes(input)).toEqual(['NIK_FORMAT']);
      }),
    );
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(() => parse(s)).not.toThrow();
      }),
    );
  });
});

describe(nikMatchesBirth.name, () => {
  const woman = '6271015708850001';

  it('reports a match when day, month, two-digit year and sex agree, whatever the century', () => {
    expect(nikMatchesBirth(woman, '1985-08-17', 'F')).toEqual({
      matches: true,
      birthDateMatches: true,
      sexMatches: true,
    });
    expect(nikMatchesBirth(woman, '1885-08-17', 'F')?.birthDateMatches).toBe(true);
  });

  it('reports each mismatch separately and never says which value is right', () => {
    expect(nikMatchesBirth(woman, '1985-08-18', 'F')).toEqual({
      matches: false,
      birthDateMatches: false,
      sexMatches: true,
    });
    expect(nikMatchesBirth(woman, '1985-08-17', 'M')).toEqual({
      matches: false,
      birthDateMatches: true,
      sexMatches: false,
    });
  });

  it('returns null when the NIK birth part or the recorded date cannot be read', () => {
    expect(nikMatchesBirth('627101', '1985-08-17', 'F')).toBeNull();
    expect(nikMatchesBirth('6271013508850001', '1985-08-17', 'F')).toBeNull();
    expect(nikMatchesBirth(woman, '17-08-1985', 'F')).toBeNull();
  });

  it('agrees with the parts of any generated NIK', () => {
    fc.assert(
      fc.property(arbitraryBirthDate, arbitrarySex, (birthDate, sex) => {
        const generated = generateNik({ regionCode: '62.71.01', birthDate, sex, serial: 7 });
        expect(nikMatchesBirth(generated, birthDate, sex)?.matches).toBe(true);
        expect(nikMatchesBirth(generated, birthDate, sex === 'F' ? 'M' : 'F')?.sexMatches).toBe(false);
      }),
    );
  });
});

describe(isValidNik.name, () => {
  it('accepts valid NIKs, including those with region warnings, and refuses invalid ones', () => {
    expect(isValidNik('6271015708850001', { today })).toBe(true);
    expect(isValidNik('9101015708850001', { today })).toBe(true);
    expect(isValidNik('6271013208850001', { today })).toBe(false);
  });
});

describe(maskNik.name, () => {
  it('keeps the serial only and hides region and birth part', () => {
    expect(maskNik('6271015708850001')).toBe('************0001');
    expect(maskNik(' 6271015708850001 ')).toBe('************0001');
    expect(maskNik('627101570885')).toBe('************');
  });
});
