import { DomainError } from '@slrt/messaging';
import { FieldErrors, checkPastDate } from './person-checks.js';

function problems(date: string, now: Date): string[] {
  const errors = new FieldErrors();
  checkPastDate(errors, 'date', date, now, 'Tanggal musdes');
  try {
    errors.throwIfAny();
    return [];
  } catch (err) {
    return ((err as DomainError).rpcError.fieldErrors ?? []).flatMap((e) => e.messages);
  }
}

describe(checkPastDate.name, () => {
  it('accepts today in Indonesia although it is still yesterday in UTC (06:00 WIB)', () => {
    expect(problems('2026-11-29', new Date('2026-11-28T23:00:00Z'))).toEqual([]);
  });

  it('refuses a date after today in Indonesia', () => {
    expect(problems('2026-11-30', new Date('2026-11-28T23:00:00Z'))).toEqual([
      'Tanggal musdes tidak boleh di masa depan.',
    ]);
  });

  it('refuses a day missing from the calendar and a date over 130 years ago', () => {
    expect(problems('2026-02-29', new Date('2026-11-28T23:00:00Z'))).toEqual(['Tanggal musdes tidak ada di kalender.']);
    expect(problems('1890-01-01', new Date('2026-11-28T23:00:00Z'))).toEqual(['Tanggal musdes terlalu lampau.']);
  });
});
