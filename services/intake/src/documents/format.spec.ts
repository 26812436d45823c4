import { describe, expect, it } from '@jest/globals';
import {
  assertIndonesianTimeZone,
  formatJam,
  formatTanggal,
  formatTanggalJam,
  formatTanggalKalender,
  truncateText,
} from './format.js';

// 03:15 UTC is 10.15 WIB, 11.15 WITA, 12.15 WIT.
const registered = new Date('2026-11-23T03:15:00Z');

describe(formatTanggal.name, () => {
  it('writes the day, the Indonesian month name and the year', () => {
    expect(formatTanggal(registered, 'Asia/Jakarta')).toBe('23 November 2026');
    expect(formatTanggal(new Date('2026-08-05T01:00:00Z'), 'Asia/Jakarta')).toBe('5 Agustus 2026');
  });

  it('takes the date in the deployment zone, not in UTC', () => {
    // 22 November 17.30 UTC is already 23 November 00.30 in Jakarta.
    expect(formatTanggal(new Date('2026-11-22T17:30:00Z'), 'Asia/Jakarta')).toBe('23 November 2026');
    // New year arrives in Jayapura (UTC+9) while it is still 31 December in Jakarta.
    expect(formatTanggal(new Date('2026-12-31T15:30:00Z'), 'Asia/Jayapura')).toBe('1 Januari 2027');
    expect(formatTanggal(new Date('2026-12-31T15:30:00Z'), 'Asia/Jakarta')).toBe('31 Desember 2026');
  });

  it('refuses an invalid date', () => {
    expect(() => formatTanggal(new Date('not a date'), 'Asia/Jakarta')).toThrow(RangeError);
  });
});

describe(formatJam.name, () => {
  it('writes hours and minutes with a dot and the zone abbreviation', () => {
    expect(formatJam(registered, 'Asia/Jakarta')).toBe('10.15 WIB');
    expect(formatJam(registered, 'Asia/Pontianak')).toBe('10.15 WIB');
    expect(formatJam(registered, 'Asia/Makassar')).toBe('11.15 WITA');
    expect(formatJam(registered, 'Asia/Jayapura')).toBe('12.15 WIT');
  });

  it('pads to two digits on a 24-hour clock', () => {
    expect(formatJam(new Date('2026-11-22T17:05:00Z'), 'Asia/Jakarta')).toBe('00.05 WIB');
    expect(formatJam(new Date('2026-11-23T16:59:00Z'), 'Asia/Jakarta')).toBe('23.59 WIB');
  });
});

describe(formatTanggalJam.name, () => {
  it('joins date and time as printed on a receipt', () => {
    expect(formatTanggalJam(registered, 'Asia/Jakarta')).toBe('23 November 2026 10.15 WIB');
  });
});

describe(formatTanggalKalender.name, () => {
  it('formats a stored calendar date without shifting it through a time zone', () => {
    expect(formatTanggalKalender('1985-08-17')).toBe('17 Agustus 1985');
    expect(formatTanggalKalender('2001-01-01')).toBe('1 Januari 2001');
  });

  it('refuses other shapes and impossible months', () => {
    expect(() => formatTanggalKalender('17-08-1985')).toThrow(RangeError);
    expect(() => formatTanggalKalender('1985-13-01')).toThrow(RangeError);
  });
});

describe(assertIndonesianTimeZone.name, () => {
  it('accepts the four Indonesian zones and refuses any other', () => {
    for (const zone of ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'])
      expect(() => assertIndonesianTimeZone(zone)).not.toThrow();
    expect(() => assertIndonesianTimeZone('UTC')).toThrow(RangeError);
    expect(() => assertIndonesianTimeZone('Asia/Singapore')).toThrow(RangeError);
  });
});

describe(truncateText.name, () => {
  it('leaves short text as it is, with whitespace collapsed', () => {
    expect(truncateText('  Bantuan   PKH\n belum  cair ', 100)).toBe('Bantuan PKH belum cair');
  });

  it('cuts long text at a word boundary and ends it with an ellipsis', () => {
    const text = 'Bantuan PKH ibu saya tidak cair sejak bulan Maret, padahal kartu KKS masih aktif.';
    const short = truncateText(text, 40);
    expect(short.length).toBeLessThanOrEqual(40);
    expect(short).toBe('Bantuan PKH ibu saya tidak cair sejak…');
  });

  it('cuts inside a single long word rather than dropping it', () => {
    const short = truncateText('x'.repeat(50), 10);
    expect(short).toBe(`${'x'.repeat(9)}…`);
  });
});
