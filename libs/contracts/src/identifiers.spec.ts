import { IsIsoDate } from './identifiers.js';
import { validatePayload } from './validate.js';

class Dated {
  @IsIsoDate({ message: 'Tanggal lahir berformat TTTT-BB-HH' }) birthDate!: string;
}

describe('IsIsoDate', () => {
  it('takes a date that exists on the calendar, leap days included', () => {
    for (const d of ['2026-11-30', '2024-02-29', '1950-01-01'])
      expect(validatePayload(Dated, { birthDate: d })).toMatchObject({ ok: true });
  });

  it('refuses a malformed date with the field\u2019s own words, and one the calendar does not have with its own', () => {
    const bad = (birthDate: unknown) => {
      const r = validatePayload(Dated, { birthDate });
      return r.ok ? [] : r.fieldErrors.flatMap((e) => e.messages);
    };
    expect(bad('2026-2-3')).toEqual(['Tanggal lahir berformat TTTT-BB-HH']);
    expect(bad(20261130)).toContain('Tanggal lahir berformat TTTT-BB-HH');
    expect(bad('2026-02-30')).toEqual(['Tanggal tidak ada dalam kalender.']);
    expect(bad('2025-02-29')).toEqual(['Tanggal tidak ada dalam kalender.']);
    expect(bad('2026-13-01')).toEqual(['Tanggal tidak ada dalam kalender.']);
  });
});
