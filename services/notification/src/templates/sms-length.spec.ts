import { smsLength } from './sms-length.js';
import { PLACEHOLDERS, builtInTemplate, render, unknownPlaceholders } from './templates.js';

describe('SMS length', () => {
  it('counts GSM-7 septets (extension characters twice) and parts of 153 beyond 160', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', length: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'GSM-7', length: 161, segments: 2 });
    expect(smsLength('[x]')).toEqual({ encoding: 'GSM-7', length: 5, segments: 1 });
  });

  it('falls back to UCS-2 for a character outside GSM 03.38 (70 / 67 per part)', () => {
    expect(smsLength('Pengaduan “selesai”')).toMatchObject({ encoding: 'UCS-2', segments: 1 });
    expect(smsLength('é'.repeat(10) + '’' + 'a'.repeat(60))).toEqual({ encoding: 'UCS-2', length: 71, segments: 2 });
  });
});

describe('templates', () => {
  it('refuses unknown placeholders and lone braces, accepts the known ones', () => {
    expect(unknownPlaceholders('Halo {nama}, {nomorPengaduan}')).toEqual([]);
    expect(unknownPlaceholders('Halo {nik}')).toEqual(['nik']);
    expect(unknownPlaceholders('Halo {nama')).toEqual(['{']);
  });

  it('has a built-in template for every step that messages by default, each one SMS-sized in GSM-7', () => {
    for (const step of ['received', 'referred', 'answered', 'resolved', 'rejected', 'awaiting-verivali'] as const) {
      const t = builtInTemplate(step, 'sms')!;
      expect(unknownPlaceholders(t.body)).toEqual([]);
      const text = render(t.body, PLACEHOLDERS);
      expect(text).not.toMatch(/[{}]/);
      expect(smsLength(text)).toMatchObject({ encoding: 'GSM-7' });
      expect(smsLength(text).segments).toBeLessThanOrEqual(2);
    }
  });
});
