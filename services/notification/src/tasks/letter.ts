import { A4_SIZE, MM, createPdf, finishPdf, formatTanggalKalender, qrPng } from '@slrt/documents';

/** What a printed notification letter carries. The name and address are the addressee's (delivered by hand by the FS). */
export interface LetterData {
  kabKotaName: string;
  receiptNumber: string | null;
  statusUrl: string | null;
  addresseeName: string;
  addressLines: readonly string[];
  subject: string | null;
  body: string;
  /** When the message was created: the letter's date and the PDF's CreationDate (same data, same bytes). */
  createdAt: Date;
}

/**
 * The letter for a citizen without a phone: A4, the office's heading, the addressee, the message's
 * text (its template's letter version), and a QR code to the public status page. Printed and
 * delivered by the FS of the desa, who then records it delivered or undeliverable.
 */
export async function renderLetter(d: LetterData): Promise<Buffer> {
  const doc = createPdf(A4_SIZE, 20 * MM, {
    title: d.subject ?? 'Pemberitahuan status pengaduan',
    subject: 'Pemberitahuan kepada warga',
    author: `SLRT ${d.kabKotaName}`,
    createdAt: d.createdAt,
  });
  doc.font('Helvetica-Bold').fontSize(13).text(`SEKRETARIAT SLRT ${d.kabKotaName.toUpperCase()}`, { align: 'center' });
  doc.font('Helvetica').fontSize(9).text('Sistem Layanan Rujukan Terpadu', { align: 'center' });
  doc
    .moveDown(0.5)
    .moveTo(20 * MM, doc.y)
    .lineTo(A4_SIZE[0] - 20 * MM, doc.y)
    .stroke();
  doc
    .moveDown(1)
    .fontSize(10)
    .text(`${d.kabKotaName}, ${formatTanggalKalender(d.createdAt.toISOString().slice(0, 10))}`, { align: 'right' });
  doc.moveDown(1).text('Kepada Yth.');
  doc.font('Helvetica-Bold').text(d.addresseeName);
  doc.font('Helvetica');
  for (const line of d.addressLines) doc.text(line);
  if (d.subject) doc.moveDown(1).font('Helvetica-Bold').text(`Perihal: ${d.subject}`).font('Helvetica');
  doc.moveDown(1).fontSize(11).text(d.body, { align: 'left', lineGap: 2 });
  if (d.statusUrl) {
    doc.moveDown(1.5).fontSize(9).text('Pindai kode QR ini untuk melihat status pengaduan Anda:');
    doc.image(await qrPng(d.statusUrl), { fit: [30 * MM, 30 * MM] });
  }
  return finishPdf(doc);
}
