import fc from 'fast-check';
import { seededRng } from '../random.js';
import { generateNik, randomNikParts } from './identity-generator.js';
import { maskBirthDate, maskNik, parseNik, type Sex } from './nik.js';
import { maskKk } from './no-kk.js';

/**
 * What a view shows beside a masked NIK to a reader who may not reveal it (complaint person,
 * registry member, prelist/PPKS member, DTKS statement, Dukcapil letter): the masked NIK, the
 * birth date as masked, the sex and the desa of the address (whose kecamatan is usually the NIK's
 * first 6 digits). The attacker's question: how many NIKs fit what is shown?
 */
interface ShownBeside {
  nik: string;
  birthDate: string | null;
  sex: Sex;
  /** Undotted kecamatan code of the address (6 digits). */
  kecamatan: string;
}

const today = '2026-11-23';

/** Every valid NIK consistent with what is shown (capped: we only need to know it is not 1). */
function candidates(shown: ShownBeside, cap = 400): number {
  const visible = shown.nik;
  const known = (i: number) => visible[i] !== '*';
  let n = 0;
  const year = shown.birthDate?.slice(0, 4) ?? null;
  const full = shown.birthDate && /^\d{4}-\d{2}-\d{2}$/.test(shown.birthDate) ? shown.birthDate : null;
  const region = [0, 1, 2, 3, 4, 5].every(known) ? visible.slice(0, 6) : shown.kecamatan;
  const serial = [12, 13, 14, 15].every(known) ? visible.slice(12) : null;
  if (serial === null) return Infinity;
  for (let month = 1; month <= 12; month++) {
    for (let day = 1; day <= 31; day++) {
      const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      if (full && date !== full) continue;
      const encodedDay = shown.sex === 'F' ? day + 40 : day;
      const nik = `${region}${String(encodedDay).padStart(2, '0')}${String(month).padStart(2, '0')}${year!.slice(2)}${serial}`;
      const parsed = parseNik(nik, { today });
      if (parsed.ok && parsed.value.birthDate === date) n++;
      if (n >= cap) return n;
    }
  }
  return n;
}

describe('masking a NIK beside what a view shows', () => {
  const arbitraryParts = fc
    .integer({ min: 1, max: 2 ** 31 - 1 })
    .map((seed) => randomNikParts(seededRng(seed), { today, minAge: 1 }));

  it('never lets the masked NIK, the shown birth date, sex and kecamatan rebuild the NIK', () => {
    fc.assert(
      fc.property(arbitraryParts, (parts) => {
        const nik = generateNik(parts);
        const kecamatan = parts.regionCode.replace(/\./g, '');
        const shown: ShownBeside = {
          nik: maskNik(nik),
          birthDate: maskBirthDate(parts.birthDate),
          sex: parts.sex,
          kecamatan,
        };
        // Neither the birth part (digits 7–12) nor its day+month is anywhere in what is shown …
        const text = [shown.nik, shown.birthDate, shown.sex, parts.regionCode].join('|');
        expect(text).not.toContain(nik.slice(6, 12));
        expect(text).not.toContain(parts.birthDate.slice(5));
        // … and at least a month's worth of NIKs fit it (one would mean rebuilt).
        expect(candidates(shown)).toBeGreaterThanOrEqual(28);
      }),
      { numRuns: 200 },
    );
  });

  it('the former mask (region and serial kept) beside the full birth date rebuilds exactly one NIK', () => {
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1985-07-01', sex: 'F', serial: 9901 });
    const former = `${nik.slice(0, 6)}******${nik.slice(12)}`;
    expect(candidates({ nik: former, birthDate: '1985-07-01', sex: 'F', kecamatan: '627101' })).toBe(1);
    expect(
      candidates({ nik: maskNik(nik), birthDate: maskBirthDate('1985-07-01'), sex: 'F', kecamatan: '627101' }),
    ).toBeGreaterThan(300);
  });

  it('keeps only the last 4 digits of a NIK or No. KK', () => {
    expect(maskNik('6271014107859901')).toBe('************9901');
    expect(maskKk('6271010101200001')).toBe('************0001');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), (digits) => {
        expect(maskNik(digits)).toBe(`${'*'.repeat(12)}${digits.slice(12)}`);
        expect(maskKk(digits)).toBe(`${'*'.repeat(12)}${digits.slice(12)}`);
      }),
    );
  });

  it('shows the year of a birth date unless revealed, and keeps null null', () => {
    expect(maskBirthDate('1985-07-01')).toBe('1985');
    expect(maskBirthDate('1985-07-01', true)).toBe('1985-07-01');
    expect(maskBirthDate(null)).toBeNull();
    expect(maskBirthDate(undefined, true)).toBeNull();
  });
});
