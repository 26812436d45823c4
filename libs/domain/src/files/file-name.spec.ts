import { sanitizeFileName } from './file-name.js';

describe(sanitizeFileName.name, () => {
  it('strips bidi overrides, zero-width and control characters, and keeps only the last path segment', () => {
    expect(sanitizeFileName('foto\u202Egpj.exe', 'x')).toBe('fotogpj.exe');
    expect(sanitizeFileName('a\u0000b\u200Bc\u2066.pdf', 'x')).toBe('abc.pdf');
    expect(sanitizeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\surat.pdf', 'x')).toBe('surat.pdf');
    expect(sanitizeFileName(' \u202E ', 'lampiran')).toBe('lampiran');
  });

  it('normalises to NFC and limits the length, keeping the extension', () => {
    expect(sanitizeFileName('Cafe\u0301.jpg', 'x')).toBe('Caf\u00e9.jpg');
    const long = sanitizeFileName(`${'é'.repeat(400)}.jpeg`, 'x', 150);
    expect([...long]).toHaveLength(150);
    expect(long.endsWith('.jpeg')).toBe(true);
  });
});
