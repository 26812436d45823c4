import { describe, expect, it } from '@jest/globals';
import { renderCivilRegistrationLetter, requestedRegistration } from './civil-registration-letter.js';
import { letterFixture, SYNTHETIC_FULL_NIK } from './document-fixtures.js';
import { readPdf } from '@slrt/testing';

/** Text of the PDF with runs of whitespace (line breaks, justified gaps) collapsed to one space. */
async function textOf(pdf: Buffer): Promise<{ text: string; pages: number }> {
  const parsed = await readPdf(pdf);
  return { text: parsed.text.replace(/\s+/g, ' '), pages: parsed.numpages };
}

const person = letterFixture().person;

describe(renderCivilRegistrationLetter.name, () => {
  it('prints a one-page A4 letter with letterhead, number, addressee, particulars and signature', async () => {
    const pdf = await renderCivilRegistrationLetter(letterFixture());
    const { text, pages } = await textOf(pdf);

    expect(pages).toBe(1);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 595.28 841.89]');
    for (const expected of [
      'PEMERINTAH KOTA PALANGKA RAYA',
      'DINAS SOSIAL',
      'SEKRETARIAT SISTEM LAYANAN RUJUKAN TERPADU (SLRT)',
      'Palangka Raya, 23 November 2026',
      'Nomor : 400.9/123/SLRT/XI/2026',
      'Yth. Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palangka Raya di Palangka Raya',
      'Rahmat Contoh',
      'Kuala Kurun, 17 Agustus 1985',
      'Laki-laki',
      'Jl. Contoh Gang Damai No. 7, RT 003/RW 002',
      'Langkai',
      'Pahandut',
      'Belum memiliki NIK',
      'Belum memiliki KK',
      'Nomor Resi Keluhan 6271-2611-000124',
      'penerbitan Nomor Induk Kependudukan (NIK) dan Kartu Keluarga (KK)',
      'program perlindungan sosial',
      'a.n. Kepala Dinas Sosial Kota Palangka Raya Manajer SLRT',
      'Dra. Contoh Pejabat, M.Si.',
      'NIP. 197001012000032001',
      'Tembusan: 1. Kepala Dinas Sosial Kota Palangka Raya 2. Arsip',
    ]) {
      // pdf-parse joins runs on one line without a space ("Nomor:400.9/…"): compare without spaces.
      expect(text.replace(/ /g, '')).toContain(expected.replace(/ /g, ''));
    }
  });

  it('embeds the verification QR code as an image and prints its address', async () => {
    const pdf = await renderCivilRegistrationLetter(letterFixture());
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const { text } = await textOf(pdf);
    expect(text.replace(/ /g, '')).toContain(
      'https://slrt.contoh.go.id/verifikasi/surat/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    );
  });

  it('shows a masked NIK and asks only for the missing KK', async () => {
    const data = letterFixture({
      person: { ...person, birthDate: '1985', maskedNik: '************9999', maskedNoKk: null },
    });
    const pdf = await renderCivilRegistrationLetter(data);
    const { text } = await textOf(pdf);
    expect(text).toContain('************9999');
    // Beside a masked NIK, the year of birth only.
    expect(text).toContain('tahun 1985');
    expect(text).not.toContain('17 Agustus');
    expect(text).toContain('Belum memiliki KK');
    expect(text).toContain('berupa penerbitan Kartu Keluarga (KK)');
    expect(text).not.toContain(SYNTHETIC_FULL_NIK);
    expect(pdf.toString('latin1')).not.toContain(SYNTHETIC_FULL_NIK);
  });

  it('writes "Tidak diketahui" when neither birth place nor date is known', async () => {
    const data = letterFixture({ person: { ...person, birthPlace: null, birthDate: null, sex: null } });
    const { text, pages } = await textOf(await renderCivilRegistrationLetter(data));
    expect(pages).toBe(1);
    expect(text).toContain('Tidak diketahui');
    expect(text).not.toContain('Jenis kelamin');
  });

  it('gives identical bytes for identical input, dated by the letter date, and stays small', async () => {
    const first = await renderCivilRegistrationLetter(letterFixture());
    const second = await renderCivilRegistrationLetter(letterFixture());
    expect(first.equals(second)).toBe(true);
    expect(first.length).toBeLessThan(100 * 1024);
    expect((await readPdf(first)).info.CreationDate).toBe('D:20261123033000Z');
  });

  it.each([
    ['an unmasked NIK', { maskedNik: SYNTHETIC_FULL_NIK }, 'NIK'],
    ['an unmasked No. KK', { maskedNoKk: '6271010101209999' }, 'Nomor KK'],
    ['the former mask keeping the region', { maskedNik: '627101******9999' }, 'NIK'],
    [
      'a full birth date beside a masked NIK',
      { maskedNik: '************9999', birthDate: '1985-08-17' },
      'Tanggal lahir',
    ],
  ])('refuses %s without repeating it', async (_case, identity, field) => {
    const data = letterFixture({ person: { ...person, ...identity } });
    const error = await renderCivilRegistrationLetter(data).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain(field);
    expect(String(error)).not.toMatch(/\d{16}/);
  });
});

describe(requestedRegistration.name, () => {
  it('asks for what is missing', () => {
    expect(requestedRegistration({ maskedNik: null, maskedNoKk: null })).toBe(
      'penerbitan Nomor Induk Kependudukan (NIK) dan Kartu Keluarga (KK)',
    );
    expect(requestedRegistration({ maskedNik: null, maskedNoKk: '************0001' })).toBe(
      'penerbitan Nomor Induk Kependudukan (NIK)',
    );
    expect(requestedRegistration({ maskedNik: '************0001', maskedNoKk: null })).toBe(
      'penerbitan Kartu Keluarga (KK)',
    );
    expect(requestedRegistration({ maskedNik: '************0001', maskedNoKk: '************0001' })).toBe(
      'pemutakhiran data kependudukan (NIK/KK)',
    );
  });
});
