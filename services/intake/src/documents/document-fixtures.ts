import type { LetterData } from './civil-registration-letter.js';
import type { ReceiptData } from './complaint-receipt.js';

/**
 * Synthetic document data for specs and previews (no real person: the NIK below is built from
 * region 62.71.01, a made-up birth date and serial 9999).
 */
export const SYNTHETIC_FULL_NIK = '6271014508909999';

/** A complete receipt with every optional part filled. */
export function receiptFixture(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    office: {
      name: 'Sekretariat SLRT Kota Palangka Raya',
      parentName: 'Dinas Sosial Kota Palangka Raya',
      addressLines: ['Jl. Contoh Raya No. 1, Palangka Raya 73112', 'Telepon 0800 0000 0000 · slrt@contoh.go.id'],
    },
    receiptNumber: '6271-2611-000123',
    trackingCode: 'K7P-4QX2',
    registeredAt: new Date('2026-11-23T03:15:00Z'),
    issuedAt: new Date('2026-11-23T03:16:30Z'),
    timeZone: 'Asia/Jakarta',
    channel: 'SEKRETARIAT_FO',
    place: 'Sekretariat SLRT, Jl. Contoh Raya No. 1',
    complainantName: 'Siti Contoh',
    subject: { name: 'Aminah Contoh', maskedNik: '************9999' },
    relationship: 'child',
    category: 'kepesertaan',
    contactType: 'pengaduan',
    programmeNames: ['Program Keluarga Harapan (PKH)', 'Program Sembako (BPNT)'],
    summary:
      'Ibu saya sudah lanjut usia dan tinggal sendiri, tetapi tidak lagi menerima bantuan PKH sejak awal tahun. Kartu KKS masih ada. Mohon dicek apakah beliau masih terdaftar.',
    documentsReceived: ['KTP', 'KK', 'KKS'],
    officer: { name: 'Budi Petugas', role: 'Petugas Front Office' },
    expectedHandling: '14 hari kerja',
    publicStatusUrl: 'https://slrt.contoh.go.id/status',
    notes: ['Layanan ini tidak dipungut biaya.'],
    ...overrides,
  };
}

/** A complete letter for a person with neither NIK nor KK. */
export function letterFixture(overrides: Partial<LetterData> = {}): LetterData {
  return {
    letterhead: {
      government: 'Pemerintah Kota Palangka Raya',
      agency: 'Dinas Sosial',
      unit: 'Sekretariat Sistem Layanan Rujukan Terpadu (SLRT)',
      addressLines: [
        'Jl. Contoh Raya No. 1, Palangka Raya 73112',
        'Telepon 0800 0000 0000 · Laman slrt.contoh.go.id · Pos-el slrt@contoh.go.id',
      ],
    },
    issuerName: 'Sekretariat SLRT Kota Palangka Raya',
    number: '400.9/123/SLRT/XI/2026',
    issuedAt: new Date('2026-11-23T03:30:00Z'),
    place: 'Palangka Raya',
    timeZone: 'Asia/Jakarta',
    recipient: { title: 'Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palangka Raya', place: 'Palangka Raya' },
    person: {
      name: 'Rahmat Contoh',
      sex: 'M',
      birthPlace: 'Kuala Kurun',
      birthDate: '1985-08-17',
      address: {
        street: 'Jl. Contoh Gang Damai No. 7',
        rt: '003',
        rw: '002',
        desaName: 'Langkai',
        kecamatanName: 'Pahandut',
      },
      maskedNik: null,
      maskedNoKk: null,
    },
    complaint: { receiptNumber: '6271-2611-000124', registeredAt: new Date('2026-11-23T02:50:00Z') },
    signatory: {
      onBehalfOf: 'Kepala Dinas Sosial Kota Palangka Raya',
      position: 'Manajer SLRT',
      name: 'Dra. Contoh Pejabat, M.Si.',
      rank: 'Pembina (IV/a)',
      nip: '197001012000032001',
    },
    verificationUrl: 'https://slrt.contoh.go.id/verifikasi/surat/0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    carbonCopies: ['Kepala Dinas Sosial Kota Palangka Raya', 'Arsip'],
    ...overrides,
  };
}
