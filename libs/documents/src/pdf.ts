import { createRequire } from 'node:module';
import type PDFDocumentClass from 'pdfkit';
import type QRCodeModule from 'qrcode';

const require = createRequire(import.meta.url);
let pdfkit: typeof PDFDocumentClass | undefined;
let qrcode: typeof QRCodeModule | undefined;
/**
 * pdfkit (with its fonts and layout engine, about 21 MB resident) and qrcode (about 8 MB) are
 * loaded on the first document, not when a service that imports this library starts: most
 * processes that import `@slrt/documents` only format dates, and those that print do so rarely.
 */
const PDFDocument = (): typeof PDFDocumentClass => (pdfkit ??= require('pdfkit') as typeof PDFDocumentClass);
const QRCode = (): typeof QRCodeModule => (qrcode ??= require('qrcode') as typeof QRCodeModule);

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
  const Document = PDFDocument();
  return new Document({
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
  return QRCode().toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 0, scale });
}

/** The black and the grey of the platform's formal documents (letters, statements, minutes). */
export const DOCUMENT_INK = '#000000';
export const DOCUMENT_MUTED = '#444444';

/**
 * The verification block of a printed document: its QR code at (`x`, `y`) and, beside it, the
 * caption naming the document and the address of the public verification page (where the QR
 * points). Leaves the fill colour muted; returns the caption's bottom.
 */
export function drawVerificationQr(doc: Pdf, o: { qr: Buffer; x: number; y: number; size: number; captionWidth: number; documentName: string; url: string }): number {
  doc.image(o.qr, o.x, o.y, { width: o.size, height: o.size });
  const capX = o.x + o.size + 8;
  doc.fillColor(DOCUMENT_MUTED).fontSize(7.5);
  doc.text(`Pindai kode QR untuk memeriksa keaslian ${o.documentName}, atau buka:`, capX, o.y + 2, { width: o.captionWidth });
  doc.text(o.url, capX, doc.y + 1, { width: o.captionWidth });
  return doc.y;
}

/**
 * Refuses anything that is not masked as `maskNik`/`maskKk` of `@slrt/domain` mask
 * (`************0001`): a masked value has `*` and at most the last 4 of the 16 digits, so it keeps
 * neither the region nor the birth/issue date. Personal data (UU PDP 27/2022) must never reach a
 * printed document unmasked, and the error names the field only, never the value, so the value
 * cannot leak into a log either. `null` (nothing to print) passes.
 */
export function assertMaskedIdentifier(value: string | null, field: string): void {
  if (value === null) return;
  const digits = value.replace(/\D/g, '').length;
  if (!value.includes('*') || digits > 4 || /^\d/.test(value)) {
    throw new TypeError(`${field} harus sudah disamarkan (mis. ************0001) sebelum dicetak`);
  }
}

/**
 * Refuses a full birth date printed beside a masked NIK: day, month and sex beside the address's
 * kecamatan and the last 4 digits would rebuild the NIK. Beside a masked NIK only the year
 * (`maskBirthDate`) may be printed. Names the field only, never the value.
 */
export function assertBirthDateBesideMaskedNik(maskedNik: string | null, birthDate: string | null, field: string): void {
  if (maskedNik === null || birthDate === null) return;
  if (!/^\d{4}$/.test(birthDate)) throw new TypeError(`${field}: di samping NIK yang disamarkan hanya tahun lahir yang boleh dicetak`);
}
