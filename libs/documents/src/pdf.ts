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
export function drawVerificationQr(
  doc: Pdf,
  o: { qr: Buffer; x: number; y: number; size: number; captionWidth: number; documentName: string; url: string },
): number {
  doc.image(o.qr, o.x, o.y, { width: o.size, height: o.size });
  const capX = o.x + o.size + 8;
  doc.fillColor(DOCUMENT_MUTED).fontSize(7.5);
  doc.text(`Pindai kode QR untuk memeriksa keaslian ${o.documentName}, atau buka:`, capX, o.y + 2, {
    width: o.captionWidth,
  });
  doc.text(o.url, capX, doc.y + 1, { width: o.captionWidth });
  return doc.y;
}

/** Who signs a letter, as its signature block prints them. */
export interface Signatory {
  /** Position, e.g. `Kepala Dinas Sosial Kota Palangka Raya`; printed followed by a comma. */
  position: string;
  /** Printed bold and underlined under the space for the signature and stamp. */
  name: string;
  /** Civil-service rank, e.g. `Pembina (IV/a)`; null or empty to omit. */
  rank: string | null;
  /** NIP of a civil servant, printed `NIP. …`; null or empty: see `blanks`. */
  nip: string | null;
}

/** A dotted line printed for a signatory's name left to be filled in by hand. */
export const SIGNATORY_NAME_BLANK = '.................................................';
/** The dotted NIP printed when it is left to be filled in by hand. */
export const SIGNATORY_NIP_BLANK = '..............................';

/**
 * The signature block of a letter at (`x`, `y`), `width` wide, in Helvetica at the current size:
 * the `heading` lines (place and date; `a.n. <head>` for a signature on behalf of), the position
 * and a comma, 52 pt for the signature and stamp, then the name (bold, underlined), the rank and
 * `NIP. …`. With `blanks` (a statement signed on paper) an unset name or NIP is printed as a dotted
 * line to fill in by hand; without, an unset NIP is left out. The verification QR beside it is
 * `drawVerificationQr`. Returns the block's bottom.
 */
export function drawSignatory(
  doc: Pdf,
  o: { x: number; y: number; width: number; heading?: readonly string[]; signatory: Signatory; blanks?: boolean },
): number {
  const { x, width, signatory: s } = o;
  doc.font('Helvetica');
  [...(o.heading ?? []), `${s.position},`].forEach((line, i) => doc.text(line, x, i === 0 ? o.y : doc.y, { width }));
  const nameY = doc.y + 52;
  if (s.name || !o.blanks) doc.font('Helvetica-Bold').text(s.name, x, nameY, { width, underline: true });
  else doc.text(SIGNATORY_NAME_BLANK, x, nameY, { width });
  doc.font('Helvetica');
  if (s.rank) doc.text(s.rank, x, doc.y, { width });
  if (s.nip || o.blanks) doc.text(`NIP. ${s.nip || SIGNATORY_NIP_BLANK}`, x, doc.y, { width });
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
export function assertBirthDateBesideMaskedNik(
  maskedNik: string | null,
  birthDate: string | null,
  field: string,
): void {
  if (maskedNik === null || birthDate === null) return;
  if (!/^\d{4}$/.test(birthDate))
    throw new TypeError(`${field}: di samping NIK yang disamarkan hanya tahun lahir yang boleh dicetak`);
}
