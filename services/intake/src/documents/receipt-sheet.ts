import type { DocumentKind } from '@slrt/contracts';
import { COMPLAINT_CATEGORY_LABELS, CONTACT_TYPE_LABELS } from '@slrt/domain';
import type { Pdf } from '@slrt/documents';
import { CHANNEL_LABELS, DOCUMENT_LABELS, RELATIONSHIP_LABELS } from './document-labels.js';
import { formatTanggalJam, truncateText } from './format.js';
import {
  ACCENT,
  BAND,
  INK,
  MUTED,
  RULE,
  SUMMARY_CHARS,
  counterServiceLines,
  type ReceiptData,
} from './receipt-data.js';

/** The receipt on an A4 or A5 sheet (one structure, scaled). */
export interface SheetLayout {
  size: [number, number];
  margin: number;
  scale: number;
  labelWidth: number;
  qrSize: number;
  checklistColumns: number;
  summaryChars: number;
  programmeChars: number;
}

export const A4: SheetLayout = {
  size: [595.28, 841.89],
  margin: 48,
  scale: 1,
  labelWidth: 150,
  qrSize: 92,
  checklistColumns: 3,
  summaryChars: SUMMARY_CHARS.a4,
  programmeChars: 240,
};
export const A5: SheetLayout = {
  size: [419.53, 595.28],
  margin: 30,
  scale: 0.78,
  labelWidth: 108,
  qrSize: 72,
  checklistColumns: 3,
  summaryChars: SUMMARY_CHARS.a5,
  programmeChars: 160,
};

/** Draws the receipt on a sheet and returns where the content above the foot ends; `fit` (0–1] shortens free text. */
export function drawSheet(doc: Pdf, data: ReceiptData, qr: Buffer, L: SheetLayout, fit: number): number {
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
  doc
    .lineWidth(s(0.5))
    .moveTo(left, y + s(2.5))
    .lineTo(right, y + s(2.5))
    .stroke();
  y += s(14);

  doc
    .fillColor(ACCENT)
    .font('Helvetica-Bold')
    .fontSize(s(16))
    .text('RESI KELUHAN', left, y, { width, align: 'center', characterSpacing: s(1) });
  y = doc.y + s(1);
  doc
    .fillColor(MUTED)
    .font('Helvetica')
    .fontSize(s(10))
    .text('Tanda Terima Pengaduan', left, y, { width, align: 'center' });
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
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .fontSize(s(7.5))
      .text(label, x, y + s(9), { width: colW - s(16), characterSpacing: s(0.4) });
    doc
      .fillColor(INK)
      .font('Helvetica-Bold')
      .fontSize(s(size))
      .text(value, x, y + s(size === 14 ? 21 : 23), { width: colW - s(16), lineBreak: false });
  });
  y += bandH + s(12);

  const row = (label: string, value: string, bold = false): void => {
    doc.font('Helvetica').fontSize(s(9.5));
    const valueW = width - L.labelWidth;
    const lh = doc.heightOfString(label, { width: L.labelWidth - s(8) });
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    const vh = doc.heightOfString(value, { width: valueW });
    doc
      .fillColor(MUTED)
      .font('Helvetica')
      .text(label, left, y, { width: L.labelWidth - s(8) });
    doc
      .fillColor(INK)
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .text(value, left + L.labelWidth, y, { width: valueW });
    y += Math.max(lh, vh) + s(3.5);
  };
  const section = (title: string): void => {
    y += s(4);
    doc
      .fillColor(ACCENT)
      .font('Helvetica-Bold')
      .fontSize(s(9))
      .text(title.toUpperCase(), left, y, { width, characterSpacing: s(0.6) });
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
  row(
    'Program',
    data.programmeNames.length > 0
      ? truncateText(data.programmeNames.join(', '), Math.round(L.programmeChars * fit))
      : '–',
  );
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
    doc
      .lineWidth(s(0.8))
      .strokeColor(INK)
      .rect(cx, cy + s(0.5), box, box)
      .stroke();
    if (received) {
      // Drawn tick: the standard Helvetica has no check-mark glyph.
      doc
        .lineWidth(s(1.4))
        .moveTo(cx + box * 0.2, cy + s(0.5) + box * 0.55)
        .lineTo(cx + box * 0.42, cy + s(0.5) + box * 0.8)
        .lineTo(cx + box * 0.85, cy + s(0.5) + box * 0.2)
        .stroke();
    }
    doc
      .fillColor(received ? INK : MUTED)
      .font(received ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(s(9));
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
  doc
    .font('Helvetica')
    .text('lalu masukkan Nomor Resi dan Kode Pelacakan. Jangan berikan kode pelacakan kepada orang lain.', tx, doc.y, {
      width: tw,
    });
  const leftBottom = Math.max(blockTop + qrSize, doc.y);

  const sx = right - sigW;
  doc
    .fillColor(INK)
    .font('Helvetica')
    .fontSize(s(9.5))
    .text('Petugas penerima,', sx, blockTop, { width: sigW, align: 'center' });
  const lineY = blockTop + s(62);
  doc
    .lineWidth(s(0.6))
    .strokeColor(INK)
    .moveTo(sx + s(10), lineY)
    .lineTo(right - s(10), lineY)
    .stroke();
  doc.font('Helvetica-Bold').text(data.officer.name, sx, lineY + s(4), { width: sigW, align: 'center' });
  doc
    .font('Helvetica')
    .fontSize(s(8.5))
    .fillColor(MUTED)
    .text(data.officer.role, sx, doc.y + s(1), { width: sigW, align: 'center' });
  const contentEnd = Math.max(leftBottom, doc.y);
  y = contentEnd + s(12);

  // Foot: print time and the deployment's own notes. It may run into the bottom margin, so
  // pdfkit must not break the page for it.
  doc.page.margins.bottom = s(8);
  doc.lineWidth(s(0.5)).strokeColor(RULE).moveTo(left, y).lineTo(right, y).stroke();
  y += s(5);
  doc.fillColor(MUTED).font('Helvetica').fontSize(s(7.5));
  const foot = [
    `Dicetak ${formatTanggalJam(data.issuedAt, data.timeZone)}. Simpan resi ini sebagai bukti pengaduan.`,
    ...data.notes,
  ].join(' ');
  doc.text(foot, left, y, { width });
  return contentEnd;
}
