import fc from 'fast-check';
import { upperRegionTables } from '../regions/region-data.js';
import { generateKk } from './identity-generator.js';
import { isValidKk, maskKk, parseKk, type KkErrorCode } from './no-kk.js';

const today = '2026-11-23';
const parse = (noKk: string) => parseKk(noKk, { today });
const errorCodes = (noKk: string): KkErrorCode[] => {
  const r = parse(noKk);
  return r.ok ? [] : r.errors.map((e) => e.code);
};

describe(parseKk.name, () => {
  it('reads issuing kecamatan, issue date and serial', () => {
    expect(parse('6271011503190007')).toEqual({
      ok: true,
      value: {
        noKk: '6271011503190007',
        regionCode: '62.71.01',
        regionStatus: 'current',
        issueDate: '2019-03-15',
        serial: 7,
      },
      warnings: [],
    });
  });

  it.each([
    ['410119', 'day 41: a card has no +40 for women'],
    ['000119', 'day 00'],
    ['320119', 'day 32'],
    ['011319', 'month 13'],
    ['290219', '29 Feb of a non-leap year'],
  ])('rejects issue date %s (%s)', (ddmmyy) => {
    expect(errorCodes(`627101${ddmmyy}0001`)).toEqual(['ISSUE_DATE_INVALID']);
  });

  it('reads the issue year as the latest date not after today', () => {
    const r = parse('6271010112260001');
    expect(r.ok && r.value.issueDate).toBe('1926-12-01');
    const s = parse('6271010111260001');
    expect(s.ok && s.value.issueDate).toBe('2026-11-01');
  });

  it('rejects serial 0000 and an impossible region with Indonesian messages', () => {
    expect(errorCodes('6271011503190000')).toEqual(['SERIAL_INVALID']);
    const r = parse('0071011503190001');
    expect(r).toEqual({
      ok: false,
      errors: [{ code: 'REGION_CODE_INVALID', message: 'Kode wilayah (6 angka pertama) pada nomor KK tidak valid.' }],
    });
  });

  it.each(['', '627101150319000', '62710115031900071', '6271O11503190007', '6271 0115 0319 0007'])(
    'rejects %j with "Nomor KK harus 16 angka"',
    (input) => {
      expect(parse(input)).toEqual({ ok: false, errors: [{ code: 'KK_FORMAT', message: 'Nomor KK harus 16 angka.' }] });
    },
  );

  it('warns about unknown and retired issuing regions without rejecting the number', () => {
    const unknown = parse('6298011503190001');
    expect(unknown.ok && unknown.warnings.map((w) => w.code)).toEqual(['REGION_UNKNOWN']);
    const retired = parse('9271011503190001');
    expect(retired.ok && retired.warnings.map((w) => w.code)).toEqual(['REGION_RETIRED']);
    expect(retired.ok && retired.warnings[0]!.message).toContain('Nomor KK tetap sah');
  });
});

describe(isValidKk.name, () => {
  it('accepts a valid number and refuses one with an impossible issue date', () => {
    expect(isValidKk('6271011503190007', { today })).toBe(true);
    expect(isValidKk('6271014103190007', { today })).toBe(false);
  });
});

describe('No. KK properties', () => {
  const kecamatan = fc.integer({ min: 0, max: 7284 }).map((i) => upperRegionTables().kecamatan.codes[i]!);
  const issueDate = fc
    .date({ min: new Date('1926-11-24T00:00:00Z'), max: new Date(`${today}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

  it('parses a generated number back to its parts', () => {
    fc.assert(
      fc.property(kecamatan, issueDate, fc.integer({ min: 1, max: 9999 }), (regionCode, date, serial) => {
        const noKk = generateKk({ regionCode, issueDate: date, serial });
        expect(parse(noKk)).toEqual({
          ok: true,
          value: { noKk, regionCode, regionStatus: 'current', issueDate: date, serial },
          warnings: [],
        });
      }),
    );
  });

  it('masks all but the last 4 digits of any 16-digit number and every digit of anything else', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (digits) => {
        expect(maskKk(digits)).toBe(`************${digits.slice(12)}`);
      }),
    );
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }).filter((s) => !/^\d{16}$/.test(s.trim())),
        (s) => {
          expect(maskKk(s)).not.toMatch(/\d/);
        },
      ),
    );
  });
});
