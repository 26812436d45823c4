import { nextAllowedSend } from './quiet-hours.js';

describe('quiet hours in the kab/kota time zone', () => {
  it('holds a message sent at 22:30 WIB until 07:00 WIB the next morning', () => {
    const now = new Date('2026-11-30T15:30:00Z'); // 22:30 WIB
    expect(nextAllowedSend(now, 'Asia/Jakarta', '21:00', '07:00').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('reads the same instant in WIT (Papua) as 00:30, still quiet, until 07:00 WIT', () => {
    const now = new Date('2026-11-30T15:30:00Z'); // 00:30 WIT
    expect(nextAllowedSend(now, 'Asia/Jayapura', '21:00', '07:00').toISOString()).toBe('2026-11-30T22:00:00.000Z');
  });

  it('lets a message through in the day, and when quiet hours are off', () => {
    const noon = new Date('2026-11-30T05:00:00Z'); // 12:00 WIB, 13:00 WITA
    expect(nextAllowedSend(noon, 'Asia/Makassar', '21:00', '07:00')).toBe(noon);
    expect(nextAllowedSend(new Date('2026-11-30T15:30:00Z'), 'Asia/Jakarta', '00:00', '00:00').toISOString()).toBe(
      '2026-11-30T15:30:00.000Z',
    );
  });

  it('reads Asia/Pontianak (WIB, West Kalimantan) like Jakarta', () => {
    const now = new Date('2026-11-30T15:30:00Z'); // 22:30 WIB
    expect(nextAllowedSend(now, 'Asia/Pontianak', '21:00', '07:00').toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });
});
