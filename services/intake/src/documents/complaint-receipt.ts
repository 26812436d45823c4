import { publicStatusUrl as publicStatusUrl_ } from '@slrt/contracts';
import { assertMaskedIdentifier, createPdf, finishPdf, MM, qrPng } from '@slrt/documents';
import { assertIndonesianTimeZone } from './format.js';
import { A4, A5, drawSheet } from './receipt-sheet.js';
import { THERMAL_MARGIN, THERMAL_WIDTH, drawThermal } from './receipt-thermal.js';
import { SUMMARY_CHARS, type ReceiptData, type ReceiptLayout } from './receipt-data.js';

export { counterServiceLines, type ReceiptData, type ReceiptLayout } from './receipt-data.js';

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
