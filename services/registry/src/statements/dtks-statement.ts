import {
  A4_SIZE,
  assertBirthDateBesideMaskedNik,
  assertMaskedIdentifier,
  createPdf,
  finishPdf,
  formatTanggalKalender,
  qrPng,
  type Pdf,
  drawSignatory,
  drawVerificationQr,
  DOCUMENT_INK,
  DOCUMENT_MUTED,
} from '@slrt/documents';
import { formatPeriode } from './statement-dates.js';

/**
 * Everything printed on a registered-in-DTKS statement (*Surat Keterangan Terdaftar DTKS*).
 * NIK and No. KK arrive masked: the statement is handed to the citizen and then to a school, a
 * clinic or a bank, and nobody downstream needs the full numbers to read it (UU PDP 27/2022);
 * whoever must check it scans the QR code.
 */
export interface DtksStatementData {
  letterhead: {
    /** E.g. `Pemerintah Kota Palangkaraya`. */
    government: string;
    /** E.g. `Dinas Sosial`. */
    agency: string;
    /** Address, telephone…: one printed line each. */
    addressLines: readonly string[];
  };
  /** Statement number, e.g. `DTKS-6271-2026-000001`. */
  number: string;
  /** Calendar date of issue in the deployment's zone, `YYYY-MM-DD`; also decides the ages in the annex. */
  issuedOn: string;
  /** Instant of issue: the PDF `CreationDate` (identical data, identical bytes). */
  issuedAt: Date;
  /** Where it is signed, e.g. `Palangka Raya`. */
  place: string;
  region: { desaName: string; kecamatanName: string; kabKotaName: string; provinsiName: string };
  /** DTKS ids where the file had them (legacy BDT); null otherwise. */
  idbdt: string | null;
  idartbdt: string | null;
  person: {
    name: string;
    /** Masked (`************0001`, last 4 digits only); anything else is refused. */
    maskedNik: string;
    maskedNoKk: string;
    sex: 'M' | 'F' | null;
    /** Year only (`YYYY`): beside the masked NIK a full date would rebuild it. */
    birthDate: string | null;
    address: string | null;
  };
  /** Desil 1–10 as imported, null when unknown. */
  desil: number | null;
  /** Programme flags of the person (and household) in the snapshot. */
  programmes: { PKH: boolean; BPNT: boolean; PBI: boolean; KIP: boolean };
  /** Data period of the snapshot, `YYYY-MM`. */
  dataPeriod: string;
  /** The household's members for the annex, head first; NIKs masked. */
  members: ReadonlyArray<{
    name: string;
    maskedNik: string;
    relationship: string | null;
    sex: 'M' | 'F' | null;
    /** Year only (`YYYY`). */ birthDate: string | null;
  }>;
  signatory: {
    /** E.g. `Kepala Dinas Sosial Kota Palangkaraya`. */
    position: string;
    /** Empty: a blank line is printed for the name, to be filled in by hand. */
    name: string;
    rank: string | null;
    /** Empty: `NIP. ....` is printed blank. */
    nip: string;
  };
  /** Public page verifying the statement: printed as a QR code and in words. */
  verificationUrl: string;
}

const INK = DOCUMENT_INK;
const MUTED = DOCUMENT_MUTED;

const sexLabel = (sex: 'M' | 'F' | null) => (sex === 'F' ? 'Perempuan' : sex === 'M' ? 'Laki-laki' : '-');
const yesNo = (v: boolean) => (v ? 'Ya' : 'Tidak');

/**
 * Renders the statement (A4, formal Indonesian): letterhead, title and number, the person's
 * particulars, DTKS ids, desil, programme participation (PKH, BPNT, PBI, KIP yes/no), data period,
 * signature block with a verification QR code; the household members in an annex.
 *
 * @throws TypeError when a NIK or No. KK is not masked.
 */
export async function renderDtksStatement(data: DtksStatementData): Promise<Buffer> {
  assertMaskedIdentifier(data.person.maskedNik, 'NIK');
  assertMaskedIdentifier(data.person.maskedNoKk, 'Nomor KK');
  assertBirthDateBesideMaskedNik(data.person.maskedNik, data.person.birthDate, 'Tanggal lahir');
  for (const m of data.members) {
    assertMaskedIdentifier(m.maskedNik, 'NIK anggota keluarga');
    assertBirthDateBesideMaskedNik(m.maskedNik, m.birthDate, 'Tanggal lahir anggota keluarga');
  }
  const qr = await qrPng(data.verificationUrl, 4);
  const doc = createPdf(A4_SIZE, 48, {
    title: `Surat Keterangan Terdaftar DTKS ${data.number}`,
    subject: 'Keterangan Terdaftar dalam Data Terpadu Kesejahteraan Sosial',
    author: `${data.letterhead.agency} ${data.letterhead.government}`,
    createdAt: data.issuedAt,
  });
  drawStatement(doc, data, qr);
  drawAnnex(doc, data);
  return finishPdf(doc);
}

const LEFT = 64;
const RIGHT = 595.28 - 56;
const WIDTH = RIGHT - LEFT;

function drawLetterhead(doc: Pdf, data: DtksStatementData): number {
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(data.letterhead.government.toUpperCase(), LEFT, 36, { width: WIDTH, align: 'center' });
  doc.fontSize(16).text(data.letterhead.agency.toUpperCase(), LEFT, doc.y + 1, { width: WIDTH, align: 'center' });
  doc.font('Helvetica').fontSize(8.5).fillColor(MUTED);
  for (const line of data.letterhead.addressLines) doc.text(line, LEFT, doc.y + 0.5, { width: WIDTH, align: 'center' });
  const y = doc.y + 5;
  doc.lineWidth(2).strokeColor(INK).moveTo(LEFT, y).lineTo(RIGHT, y).stroke();
  doc
    .lineWidth(0.6)
    .moveTo(LEFT, y + 3)
    .lineTo(RIGHT, y + 3)
    .stroke();
  return y + 16;
}

function drawStatement(doc: Pdf, data: DtksStatementData, qr: Buffer): void {
  let y = drawLetterhead(doc, data);
  const body = 10.5;
  doc
    .fillColor(INK)
    .font('Helvetica-Bold')
    .fontSize(12)
    .text('SURAT KETERANGAN TERDAFTAR', LEFT, y, { width: WIDTH, align: 'center' });
  doc.text('DALAM DATA TERPADU KESEJAHTERAAN SOSIAL (DTKS)', LEFT, doc.y, { width: WIDTH, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(body)
    .text(`Nomor: ${data.number}`, LEFT, doc.y + 2, { width: WIDTH, align: 'center' });
  y = doc.y + 14;

  const para = (text: string): void => {
    doc.font('Helvetica').fontSize(body).text(text, LEFT, y, { width: WIDTH, align: 'justify', lineGap: 1.5 });
    y = doc.y + 6;
  };
  para(`Yang bertanda tangan di bawah ini, ${data.signatory.position}, menerangkan bahwa:`);

  const p = data.person;
  const labelW = 150;
  const rows: Array<[string, string]> = [
    ['Nama', p.name],
    ['NIK', p.maskedNik],
    ['Nomor KK', p.maskedNoKk],
    ['Jenis kelamin', sexLabel(p.sex)],
    ['Tahun lahir', p.birthDate ? p.birthDate.slice(0, 4) : '-'],
    ['Alamat', p.address ?? '-'],
    ['Desa/Kelurahan', data.region.desaName],
    ['Kecamatan', data.region.kecamatanName],
    ['Kabupaten/Kota', data.region.kabKotaName],
    ['Provinsi', data.region.provinsiName],
    ['ID DTKS rumah tangga (IDBDT)', data.idbdt ?? '-'],
    ['ID DTKS individu (IDARTBDT)', data.idartbdt ?? '-'],
  ];
  const field = (label: string, value: string, bold = false): void => {
    doc
      .font('Helvetica')
      .fontSize(body)
      .text(label, LEFT + 20, y, { width: labelW, lineBreak: false });
    doc.text(':', LEFT + 20 + labelW, y, { lineBreak: false });
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').text(value, LEFT + 30 + labelW, y, { width: WIDTH - 30 - labelW });
    y = doc.y + 2;
  };
  for (const [label, value] of rows) field(label, value, label === 'Nama');
  y += 4;

  para(
    `adalah benar terdaftar dalam Data Terpadu Kesejahteraan Sosial (DTKS/DTSEN) ${data.region.kabKotaName} periode data ${formatPeriode(data.dataPeriod)}, dengan desil kesejahteraan ${data.desil === null ? 'belum ditetapkan' : data.desil} dan kepesertaan program perlindungan sosial sebagai berikut:`,
  );
  const programmes: Array<[string, boolean]> = [
    ['Program Keluarga Harapan (PKH)', data.programmes.PKH],
    ['Bantuan Pangan Non Tunai (BPNT)/Sembako', data.programmes.BPNT],
    ['Penerima Bantuan Iuran Jaminan Kesehatan (PBI-JK)', data.programmes.PBI],
    ['Program Indonesia Pintar (PIP/KIP)', data.programmes.KIP],
  ];
  for (const [label, value] of programmes) field(label, yesNo(value));
  y += 6;
  para(
    `Keterangan ini dibuat berdasarkan data DTKS yang berlaku pada periode tersebut dan tidak dapat dipakai sebagai bukti penetapan penerima bantuan. Daftar anggota keluarga terlampir. Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya.`,
  );
  y += 4;

  const sigW = 230;
  const sx = RIGHT - sigW;
  const top = y;
  doc.font('Helvetica').fontSize(body);
  // Signed on paper: an unset name or NIP is a dotted line to fill in by hand.
  drawSignatory(doc, {
    x: sx,
    y,
    width: sigW,
    heading: [`${data.place}, ${formatTanggalKalender(data.issuedOn)}`],
    signatory: data.signatory,
    blanks: true,
  });

  const qrSize = 78;
  drawVerificationQr(doc, {
    qr,
    x: LEFT,
    y: top + 2,
    size: qrSize,
    captionWidth: sx - (LEFT + qrSize + 8) - 12,
    documentName: 'surat keterangan ini',
    url: data.verificationUrl,
  });
  doc.fillColor(INK);
}

function drawAnnex(doc: Pdf, data: DtksStatementData): void {
  doc.addPage();
  let y = 48;
  doc.fillColor(INK).font('Helvetica').fontSize(9.5);
  doc.text(`Lampiran Surat Keterangan Terdaftar DTKS Nomor ${data.number}`, LEFT, y, { width: WIDTH });
  doc.text(`Tanggal ${formatTanggalKalender(data.issuedOn)}`, LEFT, doc.y, { width: WIDTH });
  y = doc.y + 12;
  doc.font('Helvetica-Bold').fontSize(11).text('DAFTAR ANGGOTA KELUARGA', LEFT, y, { width: WIDTH, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(9.5)
    .text(`Nomor KK ${data.person.maskedNoKk} · periode data ${formatPeriode(data.dataPeriod)}`, LEFT, doc.y + 2, {
      width: WIDTH,
      align: 'center',
    });
  y = doc.y + 12;

  const cols: Array<[string, number]> = [
    ['No.', 24],
    ['Nama', 125],
    ['NIK', 92],
    ['Hubungan', 75],
    ['Jenis kelamin', 55],
    ['Tahun lahir', 104],
  ];
  const rowH = 18;
  const drawRow = (cells: string[], bold: boolean): void => {
    let x = LEFT;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
    cells.forEach((cell, i) => {
      const w = cols[i]![1];
      doc.rect(x, y, w, rowH).lineWidth(0.5).strokeColor(INK).stroke();
      doc.text(cell, x + 3, y + 5, { width: w - 6, height: rowH - 4, lineBreak: false, ellipsis: true });
      x += w;
    });
    y += rowH;
  };
  drawRow(
    cols.map(([h]) => h),
    true,
  );
  data.members.forEach((m, i) => {
    if (y > 790) {
      doc.addPage();
      y = 48;
    }
    const birth = m.birthDate ? m.birthDate.slice(0, 4) : '-';
    drawRow([String(i + 1), m.name, m.maskedNik, m.relationship ?? '-', sexLabel(m.sex), birth], false);
  });
}
