import {
  A4_SIZE,
  assertBirthDateBesideMaskedNik,
  assertMaskedIdentifier,
  createPdf,
  finishPdf,
  formatTanggalLahir,
  qrPng,
  type Pdf,
  drawSignatory,
  drawVerificationQr,
  DOCUMENT_INK,
  DOCUMENT_MUTED,
} from '@slrt/documents';
import { assertIndonesianTimeZone, formatTanggal, type IndonesianTimeZone } from './format.js';

/**
 * Everything printed on a recommendation letter (*surat rekomendasi*) asking Disdukcapil to
 * register a citizen who has no NIK or KK, so the SLRT can then assess them for social
 * protection programmes. Personal data arrives already masked.
 */
export interface LetterData {
  /** Letterhead (*kop surat*), printed centred, top to bottom. */
  letterhead: {
    /** E.g. `Pemerintah Kota Palangka Raya`. */
    government: string;
    /** E.g. `Dinas Sosial`. */
    agency: string;
    /** E.g. `Sekretariat Sistem Layanan Rujukan Terpadu (SLRT)`; null to omit. */
    unit: string | null;
    /** Address, telephone, website, e-mail, postcode: one printed line each. */
    addressLines: readonly string[];
  };
  /** The issuing office as named in the body, e.g. `Sekretariat SLRT Kota Palangka Raya`. */
  issuerName: string;
  /** Letter number from the office's register, e.g. `400.9/123/SLRT/XI/2026`. */
  number: string;
  /** Date of the letter. Also the PDF `CreationDate` (identical data, identical bytes). */
  issuedAt: Date;
  /** Where it is signed, e.g. `Palangka Raya`. */
  place: string;
  /** The deployment's zone: decides the calendar date printed. */
  timeZone: IndonesianTimeZone;
  /** Addressee. */
  recipient: {
    /** E.g. `Kepala Dinas Kependudukan dan Pencatatan Sipil Kota Palangka Raya`. */
    title: string;
    /** Town after "di", e.g. `Palangka Raya`. */
    place: string;
  };
  /** The citizen recommended for registration. */
  person: {
    name: string;
    /** `F` perempuan, `M` laki-laki; null when not recorded. */
    sex: 'F' | 'M' | null;
    birthPlace: string | null;
    /** `YYYY-MM-DD`; null when not known. */
    birthDate: string | null;
    address: {
      /** Street, house number, dusun. */
      street: string | null;
      rt: string | null;
      rw: string | null;
      /** Names, not codes: the letter is read by people. */
      desaName: string;
      kecamatanName: string;
    };
    /** Masked NIK (`627101******0001`), or null: "belum memiliki NIK". A full NIK is refused. */
    maskedNik: string | null;
    /** Masked No. KK, or null: "belum memiliki KK". A full number is refused. */
    maskedNoKk: string | null;
  };
  /** The complaint that led to the letter. */
  complaint: {
    receiptNumber: string;
    registeredAt: Date;
  };
  /** Who signs. */
  signatory: {
    /** For a signature on behalf of the head (`a.n. Kepala Dinas Sosial Kota …`); null when the head signs. */
    onBehalfOf: string | null;
    /** Position, e.g. `Manajer SLRT` or `Kepala Dinas Sosial Kota Palangka Raya`. */
    position: string;
    name: string;
    /** Civil-service rank, e.g. `Pembina (IV/a)`; null to omit. */
    rank: string | null;
    /** NIP of a civil servant; null for a non-civil-servant signatory. */
    nip: string | null;
  };
  /** Page that confirms the letter is genuine; printed as a QR code with the address beside it. */
  verificationUrl: string;
  /** *Tembusan* (copies to), in order; empty to omit. */
  carbonCopies: readonly string[];
}

const INK = DOCUMENT_INK;
const MUTED = DOCUMENT_MUTED;

/** The registration asked for, worded from which identity documents are missing. */
export function requestedRegistration(person: Pick<LetterData['person'], 'maskedNik' | 'maskedNoKk'>): string {
  if (person.maskedNik === null && person.maskedNoKk === null)
    return 'penerbitan Nomor Induk Kependudukan (NIK) dan Kartu Keluarga (KK)';
  if (person.maskedNik === null) return 'penerbitan Nomor Induk Kependudukan (NIK)';
  if (person.maskedNoKk === null) return 'penerbitan Kartu Keluarga (KK)';
  // Both recorded yet a letter is asked for: the data did not match the civil registry.
  return 'pemutakhiran data kependudukan (NIK/KK)';
}

function identityStatus(person: LetterData['person']): string {
  const missing = [
    person.maskedNik === null ? 'Nomor Induk Kependudukan (NIK)' : null,
    person.maskedNoKk === null ? 'Kartu Keluarga (KK)' : null,
  ].filter((x): x is string => x !== null);
  if (missing.length === 0)
    return 'Data kependudukan yang bersangkutan perlu dimutakhirkan karena belum sesuai dengan data kependudukan.';
  return `Berdasarkan hasil pencatatan, yang bersangkutan belum memiliki ${missing.join(' dan ')}.`;
}

function addressText(a: LetterData['person']['address']): string {
  const rtRw = a.rt || a.rw ? `RT ${a.rt ?? '-'}/RW ${a.rw ?? '-'}` : null;
  return [a.street, rtRw].filter((x): x is string => !!x).join(', ') || '-';
}

/**
 * Renders the recommendation letter to Disdukcapil (A4, formal Indonesian, one page): letterhead,
 * number and date, addressee, the person's particulars with NIK/KK masked or "belum memiliki",
 * the complaint's receipt number, the recommendation, signature block and a verification QR code.
 *
 * @throws TypeError when a NIK or No. KK is not masked; RangeError on an unknown time zone.
 */
export async function renderCivilRegistrationLetter(data: LetterData): Promise<Buffer> {
  assertMaskedIdentifier(data.person.maskedNik, 'NIK');
  assertMaskedIdentifier(data.person.maskedNoKk, 'Nomor KK');
  assertBirthDateBesideMaskedNik(data.person.maskedNik, data.person.birthDate, 'Tanggal lahir');
  assertIndonesianTimeZone(data.timeZone);

  const qr = await qrPng(data.verificationUrl, 4);
  const doc = createPdf(A4_SIZE, 48, {
    title: `Surat Rekomendasi ${data.number}`,
    subject: 'Rekomendasi Pelayanan Administrasi Kependudukan',
    author: data.issuerName,
    createdAt: data.issuedAt,
  });
  drawLetter(doc, data, qr);
  return finishPdf(doc);
}

function drawLetter(doc: Pdf, data: LetterData, qr: Buffer): void {
  const left = 64;
  const right = 595.28 - 56; // 2 cm right, wider left for binding (tata naskah dinas)
  const width = right - left;
  let y = 36;

  // Kop surat.
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(data.letterhead.government.toUpperCase(), left, y, { width, align: 'center' });
  doc.fontSize(16).text(data.letterhead.agency.toUpperCase(), left, doc.y + 1, { width, align: 'center' });
  if (data.letterhead.unit)
    doc.fontSize(10.5).text(data.letterhead.unit.toUpperCase(), left, doc.y + 1, { width, align: 'center' });
  doc.font('Helvetica').fontSize(8.5).fillColor(MUTED);
  for (const line of data.letterhead.addressLines) doc.text(line, left, doc.y + 0.5, { width, align: 'center' });
  y = doc.y + 5;
  doc.lineWidth(2).strokeColor(INK).moveTo(left, y).lineTo(right, y).stroke();
  doc
    .lineWidth(0.6)
    .moveTo(left, y + 3)
    .lineTo(right, y + 3)
    .stroke();
  y += 16;

  const body = 10.5;
  const gap = 2;
  doc.fillColor(INK).font('Helvetica').fontSize(body);
  doc.text(`${data.place}, ${formatTanggal(data.issuedAt, data.timeZone)}`, left, y, { width, align: 'right' });
  y = doc.y + 6;

  // Nomor / Sifat / Lampiran / Hal.
  const fieldW = 62;
  const field = (label: string, value: string, bold = false): void => {
    doc.font('Helvetica').text(label, left, y, { width: fieldW, lineBreak: false });
    doc.text(':', left + fieldW, y, { lineBreak: false });
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(value, left + fieldW + 10, y, { width: 260 });
    y = doc.y + 1;
  };
  field('Nomor', data.number);
  field('Sifat', 'Biasa');
  field('Lampiran', '-');
  field('Hal', 'Rekomendasi Penerbitan Dokumen Kependudukan', true);
  y += 8;

  doc.font('Helvetica').text('Yth.', left, y);
  doc.text(data.recipient.title, left, doc.y, { width: 300 });
  doc.text('di', left, doc.y);
  doc.text(data.recipient.place, left + 12, doc.y, { width: 300 });
  y = doc.y + 10;

  const para = (text: string, indent = 0): void => {
    doc
      .font('Helvetica')
      .fontSize(body)
      .text(text, left + indent, y, { width: width - indent, align: 'justify', lineGap: 1.5 });
    y = doc.y + 5;
  };
  para('Dengan hormat,');
  para(
    `Berdasarkan Peraturan Menteri Sosial Nomor 15 Tahun 2018 tentang Sistem Layanan Rujukan Terpadu untuk Penanganan Fakir Miskin dan Orang Tidak Mampu, bersama ini ${data.issuerName} menerangkan bahwa:`,
  );

  const p = data.person;
  const birth =
    [p.birthPlace, p.birthDate ? formatTanggalLahir(p.birthDate) : null].filter((x): x is string => !!x).join(', ') ||
    'Tidak diketahui';
  const rows: [string, string][] = [
    ['Nama', p.name],
    ['Tempat/tanggal lahir', birth],
    ...(p.sex ? [['Jenis kelamin', p.sex === 'F' ? 'Perempuan' : 'Laki-laki'] as [string, string]] : []),
    ['Alamat', addressText(p.address)],
    ['Desa/Kelurahan', p.address.desaName],
    ['Kecamatan', p.address.kecamatanName],
    ['NIK', p.maskedNik ?? 'Belum memiliki NIK'],
    ['Nomor KK', p.maskedNoKk ?? 'Belum memiliki KK'],
  ];
  const indent = 24;
  const labelW = 120;
  for (const [label, value] of rows) {
    doc
      .font('Helvetica')
      .fontSize(body)
      .text(label, left + indent, y, { width: labelW, lineBreak: false });
    doc.text(':', left + indent + labelW, y, { lineBreak: false });
    doc
      .font(label === 'Nama' ? 'Helvetica-Bold' : 'Helvetica')
      .text(value, left + indent + labelW + 10, y, { width: width - indent - labelW - 10 });
    y = doc.y + gap;
  }
  y += 5;

  para(
    `telah menyampaikan keluhan kepada ${data.issuerName} pada tanggal ${formatTanggal(data.complaint.registeredAt, data.timeZone)} dengan Nomor Resi Keluhan ${data.complaint.receiptNumber}. ${identityStatus(p)}`,
  );
  para(
    `Sehubungan dengan hal tersebut, kami merekomendasikan agar yang bersangkutan dapat difasilitasi dalam pelayanan administrasi kependudukan berupa ${requestedRegistration(p)} sesuai dengan ketentuan peraturan perundang-undangan, sehingga selanjutnya dapat didaftarkan dan dinilai kelayakannya sebagai penerima program perlindungan sosial dan penanggulangan kemiskinan.`,
  );
  para(
    'Demikian surat rekomendasi ini kami sampaikan. Atas perhatian dan kerja sama Bapak/Ibu, kami ucapkan terima kasih.',
  );
  y += 6;

  // Signature block on the right, verification QR on the left at the same height.
  const sigW = 230;
  const sx = right - sigW;
  const top = y;
  doc.font('Helvetica').fontSize(body);
  const sigBottom = drawSignatory(doc, {
    x: sx,
    y,
    width: sigW,
    heading: data.signatory.onBehalfOf ? [`a.n. ${data.signatory.onBehalfOf}`] : [],
    signatory: data.signatory,
  });

  // The QR code and its caption side by side, left of the signature.
  const qrSize = 72;
  const captionBottom = drawVerificationQr(doc, {
    qr,
    x: left,
    y: top + 2,
    size: qrSize,
    captionWidth: sx - (left + qrSize + 8) - 12,
    documentName: 'surat ini',
    url: data.verificationUrl,
  });
  y = Math.max(sigBottom, top + 2 + qrSize, captionBottom) + 14;

  if (data.carbonCopies.length > 0) {
    doc.fillColor(INK).font('Helvetica').fontSize(9.5).text('Tembusan:', left, y, { underline: true });
    data.carbonCopies.forEach((cc, i) => doc.text(`${i + 1}. ${cc}`, left, doc.y + 1, { width }));
  }
}
