import { describe, expect, it } from '@jest/globals';
import { renderMusdesMinutes, type MusdesMinutesData } from './musdes-minutes.js';
import { signedScanProblem, sniffSignedScan } from './signed-scan.js';
import { readPdf } from '@slrt/testing';

/** Synthetic data only. */
function minutes(overrides: Partial<MusdesMinutesData> = {}): MusdesMinutesData {
  return {
    letterhead: { kabKotaName: 'Kabupaten Contoh', kecamatanName: 'Sukamaju', desaName: 'Sukamaju' },
    kind: 'musdes',
    number: 'BA-MUSDES/6271022001/20261126',
    date: '2026-11-26',
    createdAt: new Date('2026-11-26T03:00:00Z'),
    agenda: 'Pembahasan usulan prelist DTKS',
    place: 'Balai Desa Sukamaju',
    chair: { name: 'Ketua BPD Contoh', role: 'bpd' },
    officials: [
      { name: 'Kades Contoh', role: 'kepala-desa', witness: false },
      { name: 'Saksi Pertama', role: 'tokoh-agama', witness: true },
    ],
    citizenCount: 12,
    households: Array.from({ length: 45 }, (_, i) => ({
      headName: `Warga Contoh ${i + 1}`,
      maskedNik: `************${String(1000 + i)}`,
      rt: '001',
      rw: '002',
      memberCount: 4,
      decision: i === 0 ? 'not-agreed' : 'agreed',
      reason: i === 0 ? 'Pindah domisili' : null,
    })),
    verificationUrl: 'http://127.0.0.1:3000/verifikasi/ABCD-EFGH-JKMN',
    ...overrides,
  };
}

describe(renderMusdesMinutes.name, () => {
  it('prints a desa meeting: Kepala Desa signs, every household across pages with its header repeated, the continuation naming the minutes', async () => {
    const parsed = await readPdf(await renderMusdesMinutes(minutes()));
    const text = parsed.text.replace(/\s+/g, ' ');
    expect(parsed.numpages).toBeGreaterThan(1);
    expect(text).toContain('DESA SUKAMAJU');
    expect(text).toContain('MUSYAWARAH DESA SUKAMAJU');
    expect(text).toContain('Pada hari ini Kamis, tanggal 26 November 2026');
    expect(text).toContain('Kepala Desa Sukamaju, Kades Contoh');
    expect(text).toContain('Warga Contoh 45');
    expect(text).toContain('45 rumah tangga dibahas; 44 disetujui, 1 tidak disetujui, 0 ditunda');
    expect(text).toContain('Lanjutan Berita Acara Musyawarah Desa Sukamaju Nomor BA-MUSDES/6271022001/20261126');
    expect(text.match(/Nama kepala rumah tangga/g)).toHaveLength(2); // the households' table spans two pages: its header is printed on both
  });

  it('gives the same bytes for the same data, and refuses a NIK that is not masked', async () => {
    const a = await renderMusdesMinutes(minutes());
    const b = await renderMusdesMinutes(minutes());
    expect(a.equals(b)).toBe(true);
    await expect(
      renderMusdesMinutes(
        minutes({
          households: [
            {
              headName: 'X',
              maskedNik: '6271011507900011',
              rt: null,
              rw: null,
              memberCount: 1,
              decision: 'agreed',
              reason: null,
            },
          ],
        }),
      ),
    ).rejects.toThrow('NIK kepala rumah tangga harus sudah disamarkan');
  });
});

describe(sniffSignedScan.name, () => {
  it('knows a PDF and a JPEG by their bytes only, and refuses markup inside them', () => {
    expect(sniffSignedScan(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffSignedScan(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffSignedScan(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(sniffSignedScan(Buffer.from('<html>'))).toBeNull();
    expect(signedScanProblem('application/pdf', Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n'))).toBeNull();
    expect(signedScanProblem('application/pdf', Buffer.from('%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n'))).toBe(
      'pdf with markup',
    );
    expect(signedScanProblem('application/pdf', Buffer.from('%PDF-1.4\n1 0 obj'))).toBe('pdf without %%EOF at end');
    expect(
      signedScanProblem('image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from('<svg onload=x>')])),
    ).toBe('image with markup');
  });
});
