import { describe, expect, it } from '@jest/globals';
import { receiptStatusUrl, renderComplaintReceipt, type ReceiptLayout } from './complaint-receipt.js';
import { receiptFixture, SYNTHETIC_FULL_NIK } from './document-fixtures.js';
import { readPdf } from '@slrt/testing';

const LAYOUTS: ReceiptLayout[] = ['a4', 'a5', 'thermal-80'];

/** Text of the PDF with runs of whitespace (line breaks, justified gaps) collapsed to one space. */
async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await readPdf(pdf);
  return { text: parsed.text.replace(/\s+/g, ' '), pages: parsed.numpages };
}

/** `[width, height]` of every page, read from the (uncompressed) page dictionaries. */
function mediaBoxes(pdf: Buffer): [number, number][] {
  return [...pdf.toString('latin1').matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

const longData = receiptFixture({
  office: {
    name: 'Pusat Kesejahteraan Sosial (Puskesos) Desa Tumbang Tahai Kecamatan Bukit Batu',
    parentName: 'Dinas Sosial Kota Palangka Raya',
    addressLines: ['Jl. Contoh No. 1', 'Telepon 0800 0000 0000'],
  },
  place: 'Rumah warga di Jl. Contoh yang Panjang Sekali Nomor 123, RT 001/RW 002, Kelurahan Contoh, Kecamatan Contoh',
  complainantName: 'Nama Pelapor yang Sangat Panjang untuk Menguji Pembungkusan Baris pada Resi',
  programmeNames: Array.from({ length: 10 }, (_, i) => `Program Bantuan Daerah Nomor ${i + 1}`),
  summary: 'Uraian keluhan yang sangat panjang. '.repeat(120),
});

describe(renderComplaintReceipt.name, () => {
  it.each(LAYOUTS)('prints the numbers, the masked NIK and the Indonesian labels on one %s page', async (layout) => {
    const pdf = await renderComplaintReceipt(receiptFixture(), layout);
    const { text, pages } = await textOf(pdf);

    expect(pages).toBe(1);
    for (const expected of [
      'RESI KELUHAN',
      'Tanda Terima Pengaduan',
      'SEKRETARIAT SLRT KOTA PALANGKA RAYA',
      '6271-2611-000123',
      'K7P-4QX2',
      '23 November 2026 10.15 WIB',
      'Sekretariat SLRT (FO)',
      'Siti Contoh',
      'Anak',
      'Aminah Contoh',
      '************9999',
      'Kepesertaan',
      'Pengaduan',
      'Program Keluarga Harapan (PKH)',
      'Kartu Keluarga (KK)',
      'SKTM',
      'Budi Petugas',
      'Petugas Front Office',
      '14 hari kerja',
      'https://slrt.contoh.go.id/status',
      'Petugas penerima',
      'Layanan ini tidak dipungut biaya.',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(SYNTHETIC_FULL_NIK);
    expect(pdf.toString('latin1')).not.toContain(SYNTHETIC_FULL_NIK);
  });

  it.each(LAYOUTS)('embeds the status QR code as an image on the %s layout', async (layout) => {
    const pdf = await renderComplaintReceipt(receiptFixture(), layout);
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
  });

  it.each(LAYOUTS)('gives identical bytes for identical input on the %s layout, and stays small', async (layout) => {
    const first = await renderComplaintReceipt(receiptFixture(), layout);
    const second = await renderComplaintReceipt(receiptFixture(), layout);
    expect(first.equals(second)).toBe(true);
    expect(first.length).toBeLessThan(100 * 1024);

    const reprint = await renderComplaintReceipt(
      receiptFixture({ issuedAt: new Date('2026-11-24T01:00:00Z') }),
      layout,
    );
    expect(reprint.equals(first)).toBe(false);
  });

  it('records the print time, not the clock, as the PDF creation date', async () => {
    const parsed = await readPdf(await renderComplaintReceipt(receiptFixture(), 'a4'));
    expect(parsed.info.CreationDate).toBe('D:20261123031630Z');
    expect(parsed.info.Title).toBe('Resi Keluhan 6271-2611-000123');
  });

  it('uses A4 and A5 sheets and an 80 mm roll whose length follows the content', async () => {
    expect(mediaBoxes(await renderComplaintReceipt(receiptFixture(), 'a4'))).toEqual([[595.28, 841.89]]);
    expect(mediaBoxes(await renderComplaintReceipt(receiptFixture(), 'a5'))).toEqual([[419.53, 595.28]]);

    const [[width, height] = [0, 0]] = mediaBoxes(await renderComplaintReceipt(receiptFixture(), 'thermal-80'));
    expect((width * 25.4) / 72).toBeCloseTo(80, 1);
    const [[, longHeight] = [0, 0]] = mediaBoxes(await renderComplaintReceipt(longData, 'thermal-80'));
    expect(longHeight).toBeGreaterThan(height);
  });

  it.each(['a4', 'a5'] as const)(
    'keeps worst-case content on one %s page by shortening the free text',
    async (layout) => {
      const { text, pages } = await textOf(await renderComplaintReceipt(longData, layout));
      expect(pages).toBe(1);
      expect(text).toContain('Uraian keluhan yang sangat panjang.');
      // The ellipsis glyph; pdf.js reads it back as three dots.
      expect(text).toMatch(/panjang\. Uraian(?: keluhan)?(?: yang)?(?: sangat)?(…|\.\.\.) DOKUMEN/);
      expect(text).toContain('Petugas penerima');
      expect(text).toContain('Dicetak 23 November 2026 10.16 WIB');
    },
  );

  it('ticks received documents on the thermal receipt with monospace boxes', async () => {
    const { text } = await textOf(await renderComplaintReceipt(receiptFixture(), 'thermal-80'));
    expect(text).toContain('[x] KTP');
    expect(text).toContain('[x] Kartu Keluarga (KK)');
    expect(text).toContain('[x] Kartu KKS');
    expect(text).toContain('[ ] SKTM');
    expect(text).toContain('[ ] Kartu KIS');
  });

  it('prints "Anonim" for an anonymous complainant and notes a subject without NIK', async () => {
    const data = receiptFixture({ complainantName: null, subject: { name: 'Aminah Contoh', maskedNik: null } });
    for (const layout of LAYOUTS) {
      const { text } = await textOf(await renderComplaintReceipt(data, layout));
      expect(text).toContain('Anonim');
      expect(text).not.toContain('Siti Contoh');
      expect(text).toContain('Belum tercatat');
    }
  });

  it('prints the time in the zone of the deployment', async () => {
    const data = receiptFixture({ timeZone: 'Asia/Makassar', channel: 'FASILITATOR_VISIT' });
    const { text } = await textOf(await renderComplaintReceipt(data, 'a5'));
    expect(text).toContain('23 November 2026 11.15 WITA');
    expect(text).toContain('Kunjungan Fasilitator');
  });

  it.each([
    ['a full NIK', SYNTHETIC_FULL_NIK],
    ['a NIK with one digit hidden', '627101450890999*'],
    ['a NIK with spaces', '6271 0145 0890 9999'],
    ['the former mask keeping the region (rebuildable beside a birth date)', '627101******9999'],
  ])('refuses %s and does not repeat it in the error', async (_case, nik) => {
    const data = receiptFixture({ subject: { name: 'Aminah Contoh', maskedNik: nik } });
    for (const layout of LAYOUTS) {
      const error = await renderComplaintReceipt(data, layout).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toContain('NIK subjek');
      expect(String(error)).not.toContain(nik);
    }
  });

  it('refuses an unknown layout and a time zone outside Indonesia', async () => {
    await expect(renderComplaintReceipt(receiptFixture(), 'letter' as ReceiptLayout)).rejects.toThrow(RangeError);
    await expect(
      renderComplaintReceipt(receiptFixture({ timeZone: 'Europe/London' as 'Asia/Jakarta' }), 'a4'),
    ).rejects.toThrow(RangeError);
  });
});

describe(receiptStatusUrl.name, () => {
  it('adds the receipt number and tracking code as query parameters', () => {
    expect(receiptStatusUrl('https://slrt.contoh.go.id/status', '6271-2611-000123', 'K7P-4QX2')).toBe(
      'https://slrt.contoh.go.id/status?nomor=6271-2611-000123&kode=K7P-4QX2',
    );
    expect(receiptStatusUrl('https://contoh.go.id/?app=slrt', '6271-2611-000123', 'K7P-4QX2')).toBe(
      'https://contoh.go.id/?app=slrt&nomor=6271-2611-000123&kode=K7P-4QX2',
    );
  });
});
