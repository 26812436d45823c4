import { publicStatusUrl as publicStatusUrl_, type DocumentKind, type IntakeChannel, type Relationship } from '@slrt/contracts';
import { COMPLAINT_CATEGORY_LABELS, CONTACT_TYPE_LABELS, type ComplaintCategory, type ContactType } from '@slrt/domain';
import { assertMaskedIdentifier, createPdf, finishPdf, MM, qrPng, type Pdf } from '@slrt/documents';
import { CHANNEL_LABELS, DOCUMENT_LABELS, RELATIONSHIP_LABELS } from './document-labels.js';
import { assertIndonesianTimeZone, formatJam, formatTanggalJam, truncateText, type IndonesianTimeZone } from './format.js';

/** Paper a receipt is printed on: A4 or A5 sheets, or an 80 mm thermal roll at the front desk. */
export type ReceiptLayout = 'a4' | 'a5' | 'thermal-80';

/** Everything printed on a complaint receipt (*resi keluhan*). Personal data arrives already masked. */
export interface ReceiptData {
  /** The office that issues the receipt: its name heads the page. */
  office: {
    /** E.g. `Sekretariat SLRT Kota Palangka Raya` or `Puskesos Desa Bukit Tunggal`. */
    name: string;
    /** The body it belongs to, e.g. `Dinas Sosial Kota Palangka Raya`; null to omit. */
    parentName: string | null;
    /** Address, telephone, e-mail: one printed line each. */
    addressLines: readonly string[];
  };
  /** Complaint registration number, e.g. `6271-2611-000123`. */
  receiptNumber: string;
  /** Short secret code (e.g. `K7P-4QX2`) that, with the number, opens the public status page. */
  trackingCode: string;
  /** When the complaint was registered (for FS offline records: when it was recorded). */
  registeredAt: Date;
  /**
   * When this copy is printed. Also the PDF `CreationDate`, so a reprint with the same data is
   * byte-identical to the first print.
   */
  issuedAt: Date;
  /** The deployment's zone; decides the printed clock time and WIB/WITA/WIT. */
  timeZone: IndonesianTimeZone;
  channel: IntakeChannel;
  /** Where it was recorded (Puskesos name, address of a home visit); null to omit. */
  place: string | null;
  /** Complainant's name; null when anonymous (printed "Anonim"). */
  complainantName: string | null;
  /** The person the complaint is about. */
  subject: {
    name: string;
    /**
     * NIK masked by the caller (`627101******0001`, `maskNik` of `@slrt/domain`), or null when the
     * subject has none. A full NIK is refused: the renderer must never receive one.
     */
    maskedNik: string | null;
  };
  /** The complainant's relation to the subject (`self` when they complain for themselves). */
  relationship: Relationship;
  category: ComplaintCategory;
  contactType: ContactType;
  /** Programme names as the catalogue prints them, e.g. `Program Keluarga Harapan (PKH)`. */
  programmeNames: readonly string[];
  /** The complaint in the citizen's words; shortened on paper, the full text stays in the system. */
  summary: string;
  /** Documents the officer saw or received; every kind is listed, these are ticked. */
  documentsReceived: readonly DocumentKind[];
  /** The officer who registered it. */
  officer: {
    name: string;
    /** Printed role, e.g. `Petugas Front Office` or `Fasilitator SLRT`. */
    role: string;
  };
  /** Expected handling time as the service standard words it, e.g. `14 hari kerja`. */
  expectedHandling: string;
  /** Public status page; the QR code opens `?nomor=<receipt>&kode=<tracking>` on it. */
  publicStatusUrl: string;
  /**
   * The counter service standard (seed 003: documents needed, completion within N minutes, no fee)
   * and, when the arrival was recorded, the time from arrival to this receipt. Absent: not printed.
   */
  counterService?: {
    standardMinutes: number;
    fee: string;
    requirements: readonly string[];
    arrivedAt: Date | null;
    /** Whole minutes from arrival to the registration; null when the arrival was not recorded. */
    minutes: number | null;
  };
  /** Extra lines for the foot of the receipt set by the deployment (e.g. "Layanan ini tidak dipungut biaya."). */
  notes: readonly string[];
}

/** Characters of the summary kept on each paper size, so the receipt stays on one page. */
const SUMMARY_CHARS: Readonly<Record<ReceiptLayout, number>> = { a4: 480, a5: 300, 'thermal-80': 240 };

const INK = '#111111';
const MUTED = '#555555';
const ACCENT = '#1d3b63';
const RULE = '#9aa4b2';
const BAND = '#eef1f5';

/**
 * The counter service standard as printed: `Selesai dalam 30 menit; Tidak dipungut biaya`, the
 * requirements, and the time this citizen was served: `Tiba 10.02 WIB, resi 10.20 WIB: 18 menit
 * (sesuai standar)`. Null when the deployment prints no standard.
 */
export function counterServiceLines(data: Pick<ReceiptData, 'counterService' | 'registeredAt' | 'timeZone'>): { standard: string; requirements: string | null; served: string | null } | null {
  const c = data.counterService;
  if (!c) return null;
  const served =
    c.arrivedAt && c.minutes !== null
      ? `Tiba ${formatJam(c.arrivedAt, data.timeZone)}, resi ${formatJam(data.registeredAt, data.timeZone)}: ${c.minutes} menit (${c.minutes <= c.standardMinutes ? 'sesuai standar' : 'melebihi standar'})`
      : null;
  return { standard: `Selesai dalam ${c.standardMinutes} menit; ${c.fee}`, requirements: c.requirements.length ? c.requirements.join('; ') : null, served };
}

/** The status-page address the QR code and the printed text point to. */
export function receiptStatusUrl(publicStatusUrl: string, receiptNumber: string, trackingCode: string): string {
  // One definition with the gateway's page (libs/contracts public-urls.ts).
  return publicStatusUrl_(publicStatusUrl, receiptNumber, trackingCode);
}

/**
 * Renders the complaint receipt (*Resi Keluhan / Tanda Terima Pengaduan*) as a one-page PDF in
 * Bahasa Indonesia. A4 and A5 share one structure; `thermal-80` is a compact monospace strip for
 * an 80 mm printer whose length follows the content. Identical data gives identical bytes.
 *
 * @throws TypeError when `subject.maskedNik` is not masked; RangeError on an unknown time zone.
 */
export async function renderComplaintReceipt(data: ReceiptData, layout: ReceiptLayout): Promise<Buffer> {
  assertMaskedIdentifier(data.subject.maskedNik, 'NIK subjek');
  assertIndonesianTimeZone(data.timeZone);
  if (!Object.hasOwn(SUMMARY_CHARS, layout)) throw new RangeError(`Tata letak tidak dikenal: ${String(layout)}`);

  const statusUrl = receiptStatusUrl(data.publicStatusUrl, data.receiptNumber, data.trackingCode);
  const qr = await qrPng(statusUrl, layout === 'thermal-80' ? 3 : 4);
  const meta = {
    title: `Resi Keluhan ${data.receiptNumber}`,
    subject: 'Tanda Terima Pengaduan SLRT',
    author: data.office.name,
    createdAt: data.issuedAt,
  };

  if (layout === 'thermal-80') {
    // Measure on a long scratch page first, then cut the real page to the content.
    const scratch = createPdf([THERMAL_WIDTH, 14_400], THERMAL_MARGIN, meta);
    const height = Math.ceil(drawThermal(scratch, data, qr) + THERMAL_MARGIN + 6 * MM);
    const doc = createPdf([THERMAL_WIDTH, height], THERMAL_MARGIN, meta);
    drawThermal(doc, data, qr);
    return finishPdf(doc);
  }

  // A long summary or programme list is shortened further until the receipt fits on one sheet.
  const L = layout === 'a4' ? A4 : A5;
  let fit = 1;
  while (fit > 0.2) {
    const scratch = createPdf([L.size[0], 14_400], L.margin, meta);
    if (drawSheet(scratch, data, qr, L, fit) <= L.size[1] - L.margin) break;
    fit *= 0.8;
  }
  const doc = createPdf(L.size, L.margin, meta);
  drawSheet(doc, data, qr, L, fit);
  return finishPdf(doc);
}

// ---------------------------------------------------------------------------------------------
// A4 / A5

interface SheetLayout {
  size: [number, number];
  margin: number;
  scale: number;
  labelWidth: number;
  qrSize: number;
  checklistColumns: number;
  summaryChars: number;
  programmeChars: number;
}

const A4: SheetLayout = { size: [595.28, 841.89], margin: 48, scale: 1, labelWidth: 150, qrSize: 92, checklistColumns: 3, summaryChars: SUMMARY_CHARS.a4, programmeChars: 240 };
const A5: SheetLayout = { size: [419.53, 595.28], margin: 30, scale: 0.78, labelWidth: 108, qrSize: 72, checklistColumns: 3, summaryChars: SUMMARY_CHARS.a5, programmeChars: 160 };

/** Draws the receipt on a sheet and returns where the content above the foot ends; `fit` (0–1] shortens free text. */
function drawSheet(doc: Pdf, data: ReceiptData, qr: Buffer, L: SheetLayout, fit: number): number {
  const s = (pt: number): number => pt * L.scale;
  const left = L.margin;
  const width = L.size[0] - 2 * L.margin;
  const right = left + width;
  let y = L.margin;

  // Letterhead: office, parent body, address; a double rule under it as on official paper.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(s(14));
  doc.text(data.office.name.toUpperCase(), left, y, { width, align: 'center' });
  y = doc.y + s(1);
  if (data.office.parentName) {
    doc.font('Helvetica').fontSize(s(10.5)).text(data.office.parentName, left, y, { width, align: 'center' });
    y = doc.y + s(1);
  }
  doc.font('Helvetica').fontSize(s(8.5)).fillColor(MUTED);
  for (const line of data.office.addressLines) {
    doc.text(line, left, y, { width, align: 'center' });
    y = doc.y;
  }
  y += s(5);
  doc.lineWidth(s(1.6)).strokeColor(INK).moveTo(left, y).lineTo(right, y).stroke();
  doc.lineWidth(s(0.5)).moveTo(left, y + s(2.5)).lineTo(right, y + s(2.5)).stroke();
  y += s(14);

  doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(s(16)).text('RESI KELUHAN', left, y, { width, align: 'center', characterSpacing: s(1) });
  y = doc.y + s(1);
  doc.fillColor(MUTED).font('Helvetica').fontSize(s(10)).text('Tanda Terima Pengaduan', left, y, { width, align: 'center' });
  y = doc.y + s(10);

  // Identification band: the three things the citizen is asked for when checking status.
  const bandH = s(46);
  doc.roundedRect(left, y, width, bandH, s(4)).fill(BAND);
  const colW = width / 3;
  const band: [string, string, number][] = [
    ['NOMOR RESI', data.receiptNumber, 14],
    ['KODE PELACAKAN', data.trackingCode, 14],
    ['TANGGAL REGISTRASI', formatTanggalJam(data.registeredAt, data.timeZone), 10],
  ];
  band.forEach(([label, value, size], i) => {
    const x = left + i * colW + s(10);
    doc.fillColor(MUTED).font('Helvetica').fontSize(s(7.5)).text(label, x, y + s(9), { width: colW - s(16), characterSpacing: s(0.4) });
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(s(size)).text(value, x, y + s(size === 14 ? 21 : 23), { width: colW - s(16), lineBreak: false });
  });
  y += bandH + s(12);

  const row = (label: string, value: string, bold = false): void => {
    doc.font('Helvetica').fontSize(s(9.5));
    const valueW = width - L.labelWidth;
    const lh = doc.heightOfString(label, { width: L.labelWidth - s(8) });
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    const vh = doc.heightOfString(value, { width: valueW });
    doc.fillColor(MUTED).font('Helvetica').text(label, left, y, { width: L.labelWidth - s(8) });
    doc.fillColor(INK).font(bold ? 'Helvetica-Bold' : 'Helvetica').text(value, left + L.labelWidth, y, { width: valueW });
    y += Math.max(lh, vh) + s(3.5);
  };
  const section = (title: string): void => {
    y += s(4);
    doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(s(9)).text(title.toUpperCase(), left, y, { width, characterSpacing: s(0.6) });
    y = doc.y + s(2);
    doc.lineWidth(s(0.6)).strokeColor(RULE).moveTo(left, y).lineTo(right, y).stroke();
    y += s(5);
  };

  section('Data pengaduan');
  row('Kanal', CHANNEL_LABELS[data.channel]);
  if (data.place) row('Tempat', data.place);
  row('Diterima oleh', `${data.officer.name} (${data.officer.role})`);

  section('Pelapor dan subjek');
  row('Nama pelapor', data.complainantName ?? 'Anonim');
  row('Hubungan dengan subjek', RELATIONSHIP_LABELS[data.relationship]);
  row('Nama subjek', data.subject.name, true);
  row('NIK subjek', data.subject.maskedNik ?? 'Belum tercatat');

  section('Keluhan');
  row('Kategori', COMPLAINT_CATEGORY_LABELS[data.category]);
  row('Jenis', CONTACT_TYPE_LABELS[data.contactType]);
  row('Program', data.programmeNames.length > 0 ? truncateText(data.programmeNames.join(', '), Math.round(L.programmeChars * fit)) : '–');
  row('Ringkasan', truncateText(data.summary, Math.round(L.summaryChars * fit)));

  section('Dokumen yang diterima');
  const kinds = Object.keys(DOCUMENT_LABELS) as DocumentKind[];
  const cellW = width / L.checklistColumns;
  const box = s(8);
  const cellH = s(14);
  kinds.forEach((kind, i) => {
    const cx = left + (i % L.checklistColumns) * cellW;
    const cy = y + Math.floor(i / L.checklistColumns) * cellH;
    const received = data.documentsReceived.includes(kind);
    doc.lineWidth(s(0.8)).strokeColor(INK).rect(cx, cy + s(0.5), box, box).stroke();
    if (received) {
      // Drawn tick: the standard Helvetica has no check-mark glyph.
      doc.lineWidth(s(1.4)).moveTo(cx + box * 0.2, cy + s(0.5) + box * 0.55).lineTo(cx + box * 0.42, cy + s(0.5) + box * 0.8).lineTo(cx + box * 0.85, cy + s(0.5) + box * 0.2).stroke();
    }
    doc.fillColor(received ? INK : MUTED).font(received ? 'Helvetica-Bold' : 'Helvetica').fontSize(s(9));
    doc.text(DOCUMENT_LABELS[kind], cx + box + s(5), cy, { width: cellW - box - s(9), lineBreak: false });
  });
  y += Math.ceil(kinds.length / L.checklistColumns) * cellH + s(2);

  section('Tindak lanjut');
  row('Perkiraan waktu penanganan', `${data.expectedHandling} sejak tanggal registrasi`, true);
  const cs = counterServiceLines(data);
  if (cs) {
    row('Standar layanan', cs.standard);
    if (cs.requirements) row('Persyaratan', cs.requirements);
    if (cs.served) row('Waktu layanan', cs.served, true);
  }
  doc.fillColor(INK).font('Helvetica').fontSize(s(9));
  doc.text(
    'Keluhan ini akan dikaji dan, bila perlu, dirujuk kepada pengelola program terkait. Petugas akan menyampaikan hasil penanganannya kepada Anda.',
    left,
    y,
    { width },
  );
  y = doc.y + s(12);

  // Status check (QR, address) on the left; the officer's signature on the right.
  const qrSize = L.qrSize;
  const sigW = s(170);
  const blockTop = y;
  doc.image(qr, left, y, { width: qrSize, height: qrSize });
  const tx = left + qrSize + s(10);
  const tw = width - sigW - qrSize - s(24);
  doc.fillColor(ACCENT).font('Helvetica-Bold').fontSize(s(9)).text('Cek status keluhan', tx, y, { width: tw });
  doc.fillColor(INK).font('Helvetica').fontSize(s(8.5));
  doc.text('Pindai kode QR, atau buka', tx, doc.y + s(2), { width: tw });
  doc.font('Helvetica-Bold').text(data.publicStatusUrl, tx, doc.y, { width: tw });
  doc.font('Helvetica').text('lalu masukkan Nomor Resi dan Kode Pelacakan. Jangan berikan kode pelacakan kepada orang lain.', tx, doc.y, { width: tw });
  const leftBottom = Math.max(blockTop + qrSize, doc.y);

  const sx = right - sigW;
  doc.fillColor(INK).font('Helvetica').fontSize(s(9.5)).text('Petugas penerima,', sx, blockTop, { width: sigW, align: 'center' });
  const lineY = blockTop + s(62);
  doc.lineWidth(s(0.6)).strokeColor(INK).moveTo(sx + s(10), lineY).lineTo(right - s(10), lineY).stroke();
  doc.font('Helvetica-Bold').text(data.officer.name, sx, lineY + s(4), { width: sigW, align: 'center' });
  doc.font('Helvetica').fontSize(s(8.5)).fillColor(MUTED).text(data.officer.role, sx, doc.y + s(1), { width: sigW, align: 'center' });
  const contentEnd = Math.max(leftBottom, doc.y);
  y = contentEnd + s(12);

  // Foot: print time and the deployment's own notes. It may run into the bottom margin, so
  // pdfkit must not break the page for it.
  doc.page.margins.bottom = s(8);
  doc.lineWidth(s(0.5)).strokeColor(RULE).moveTo(left, y).lineTo(right, y).stroke();
  y += s(5);
  doc.fillColor(MUTED).font('Helvetica').fontSize(s(7.5));
  const foot = [`Dicetak ${formatTanggalJam(data.issuedAt, data.timeZone)}. Simpan resi ini sebagai bukti pengaduan.`, ...data.notes].join(' ');
  doc.text(foot, left, y, { width });
  return contentEnd;
}

// ---------------------------------------------------------------------------------------------
// Thermal 80 mm

/** 80 mm roll; about 72 mm of it is printable. */
const THERMAL_WIDTH = 80 * MM;
const THERMAL_MARGIN = 4 * MM;
const T_BODY = 7.5;
const T_LABEL_CHARS = 11;

function drawThermal(doc: Pdf, data: ReceiptData, qr: Buffer): number {
  const left = THERMAL_MARGIN;
  const width = THERMAL_WIDTH - 2 * THERMAL_MARGIN;
  const charW = T_BODY * 0.6; // Courier advance width is 600/1000 em.
  const labelW = (T_LABEL_CHARS + 2) * charW;
  let y = THERMAL_MARGIN;

  const center = (text: string, font: string, size: number): void => {
    doc.font(font).fontSize(size).fillColor('#000000').text(text, left, y, { width, align: 'center' });
    y = doc.y;
  };
  const rule = (ch: string): void => {
    doc.font('Courier').fontSize(T_BODY).text(ch.repeat(Math.floor(width / charW)), left, y, { width, lineBreak: false });
    y += T_BODY * 1.3;
  };
  const row = (label: string, value: string, bold = false): void => {
    doc.font('Courier').fontSize(T_BODY).text(`${label.padEnd(T_LABEL_CHARS)}:`, left, y, { width: labelW, lineBreak: false });
    doc.font(bold ? 'Courier-Bold' : 'Courier').text(value, left + labelW, y, { width: width - labelW });
    y = doc.y + 1;
  };
  const block = (label: string, value: string): void => {
    doc.font('Courier').fontSize(T_BODY).text(`${label}:`, left, y, { width });
    doc.text(value, left, doc.y, { width });
    y = doc.y + 1;
  };

  center(data.office.name.toUpperCase(), 'Courier-Bold', 8.5);
  if (data.office.parentName) center(data.office.parentName, 'Courier', T_BODY);
  for (const line of data.office.addressLines) center(line, 'Courier', 6.5);
  y += 2;
  rule('=');
  center('RESI KELUHAN', 'Courier-Bold', 11);
  center('Tanda Terima Pengaduan', 'Courier', T_BODY);
  y += 2;
  rule('-');
  row('Nomor resi', data.receiptNumber, true);
  row('Kode lacak', data.trackingCode, true);
  row('Waktu', formatTanggalJam(data.registeredAt, data.timeZone));
  row('Kanal', CHANNEL_LABELS[data.channel]);
  if (data.place) row('Tempat', data.place);
  rule('-');
  row('Pelapor', data.complainantName ?? 'Anonim');
  row('Hubungan', RELATIONSHIP_LABELS[data.relationship]);
  row('Subjek', data.subject.name, true);
  row('NIK subjek', data.subject.maskedNik ?? 'Belum tercatat');
  rule('-');
  row('Kategori', COMPLAINT_CATEGORY_LABELS[data.category]);
  row('Jenis', CONTACT_TYPE_LABELS[data.contactType]);
  row('Program', data.programmeNames.length > 0 ? truncateText(data.programmeNames.join(', '), 160) : '-');
  block('Ringkasan', truncateText(data.summary, SUMMARY_CHARS['thermal-80']));
  rule('-');
  doc.font('Courier').fontSize(T_BODY).text('Dokumen diterima:', left, y, { width });
  y = doc.y;
  const kinds = Object.keys(DOCUMENT_LABELS) as DocumentKind[];
  for (const kind of kinds) {
    const mark = data.documentsReceived.includes(kind) ? '[x]' : '[ ]';
    doc.text(`${mark} ${DOCUMENT_LABELS[kind]}`, left, y, { width });
    y = doc.y;
  }
  rule('-');
  row('Petugas', data.officer.name);
  row('Jabatan', data.officer.role);
  row('Penanganan', data.expectedHandling);
  const cs = counterServiceLines(data);
  if (cs) {
    block('Standar layanan', cs.standard);
    if (cs.requirements) block('Persyaratan', cs.requirements);
    if (cs.served) block('Waktu layanan', cs.served);
  }
  rule('-');
  center('CEK STATUS KELUHAN', 'Courier-Bold', T_BODY);
  y += 3;
  const qrSize = 30 * MM;
  doc.image(qr, left + (width - qrSize) / 2, y, { width: qrSize, height: qrSize });
  y += qrSize + 4;
  center('Pindai kode QR atau buka', 'Courier', T_BODY);
  center(data.publicStatusUrl, 'Courier-Bold', T_BODY);
  center('lalu masukkan nomor resi dan kode lacak.', 'Courier', T_BODY);
  y += 16;
  center('Petugas penerima,', 'Courier', T_BODY);
  y += 30;
  center('(' + '_'.repeat(24) + ')', 'Courier', T_BODY);
  center(data.officer.name, 'Courier-Bold', T_BODY);
  y += 4;
  rule('-');
  for (const note of [`Dicetak ${formatTanggalJam(data.issuedAt, data.timeZone)}.`, 'Simpan resi ini sebagai bukti pengaduan.', ...data.notes]) {
    center(note, 'Courier', 6.5);
  }
  return y;
}
