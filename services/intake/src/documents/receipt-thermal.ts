import type { DocumentKind } from '@slrt/contracts';
import { COMPLAINT_CATEGORY_LABELS, CONTACT_TYPE_LABELS } from '@slrt/domain';
import { MM, type Pdf } from '@slrt/documents';
import { CHANNEL_LABELS, DOCUMENT_LABELS, RELATIONSHIP_LABELS } from './document-labels.js';
import { formatTanggalJam, truncateText } from './format.js';
import { SUMMARY_CHARS, counterServiceLines, type ReceiptData } from './receipt-data.js';

/** 80 mm roll; about 72 mm of it is printable. */
export const THERMAL_WIDTH = 80 * MM;
export const THERMAL_MARGIN = 4 * MM;
const T_BODY = 7.5;
const T_LABEL_CHARS = 11;

export function drawThermal(doc: Pdf, data: ReceiptData, qr: Buffer): number {
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
    doc
      .font('Courier')
      .fontSize(T_BODY)
      .text(ch.repeat(Math.floor(width / charW)), left, y, { width, lineBreak: false });
    y += T_BODY * 1.3;
  };
  const row = (label: string, value: string, bold = false): void => {
    doc
      .font('Courier')
      .fontSize(T_BODY)
      .text(`${label.padEnd(T_LABEL_CHARS)}:`, left, y, { width: labelW, lineBreak: false });
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
  for (const note of [
    `Dicetak ${formatTanggalJam(data.issuedAt, data.timeZone)}.`,
    'Simpan resi ini sebagai bukti pengaduan.',
    ...data.notes,
  ]) {
    center(note, 'Courier', 6.5);
  }
  return y;
}
