import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** A pdfkit document (the type pdfkit's typings declare globally). */
export type Pdf = PDFKit.PDFDocument;

/** 1 mm in PDF points. */
export const MM = 72 / 25.4;

/** An A4 sheet in PDF points (portrait): the size of every SLRT letter and statement. */
export const A4_SIZE: [number, number] = [595.28, 841.89];

/** What every SLRT document records in its PDF metadata. */
export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /**
   * Becomes `CreationDate`, from which pdfkit also derives the file ID: taking it from the data
   * (never the clock) is what makes identical inputs give identical bytes.
   */
  createdAt: Date;
}

/** Opens a document whose metadata and file ID depend only on `meta`. */
export function createPdf(size: [number, number], margin: number, meta: PdfMeta): Pdf {
  if (Number.isNaN(meta.createdAt.getTime())) throw new RangeError('Tanggal dokumen tidak valid');
  return new PDFDocument({
    size,
    margin,
    autoFirstPage: true,
    compress: true,
    lang: 'id-ID',
    displayTitle: true,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: meta.author,
      Creator: 'SLRT Platform',
      Producer: 'SLRT Platform (PDFKit)',
      CreationDate: meta.createdAt,
    },
  });
}

/** Ends `doc` and resolves with its bytes. */
export function finishPdf(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/**
 * A QR code as a PNG, one pixel per `scale`; printed at a fixed size in points, so `scale` only
 * sets how sharp it is. Level M survives a crease or a faded thermal print.
 */
export function qrPng(text: string, scale = 4): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 0, scale });
}

/**
 * Refuses anything that could be a full NIK or No. KK. Callers mask with `maskNik`/`maskKk` from
 * `@slrt/domain` (`627101******0001`): a masked value has `*` and at most 10 of the 16 digits.
 * Personal data (UU PDP 27/2022) must never reach a printed document unmasked, and the error
 * names the field only, never the value, so the value cannot leak into a log either. `null`
 * (nothing to print) passes.
 */
export function assertMaskedIdentifier(value: string | null, field: string): void {
  if (value === null) return;
  const digits = value.replace(/\D/g, '').length;
  if (!value.includes('*') || digits > 10) {
    throw new TypeError(`${field} harus sudah disamarkan (mis. 627101******0001) sebelum dicetak`);
  }
}
