import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/**
 * PDF helpers of the registry's documents, the same as intake's (`services/intake/src/documents`):
 * services do not import each other, and the two sets are small enough not to need a library yet.
 */

/** A pdfkit document (the type pdfkit's typings declare globally). */
export type Pdf = PDFKit.PDFDocument;

/** What a document records in its PDF metadata. */
export interface PdfMeta {
  title: string;
  subject: string;
  author: string;
  /** Becomes `CreationDate`, from which pdfkit derives the file ID: from the data, never the clock. */
  createdAt: Date;
}

/** Opens an A4 document whose metadata and file ID depend only on `meta`. */
export function createPdf(meta: PdfMeta): Pdf {
  if (Number.isNaN(meta.createdAt.getTime())) throw new RangeError('Tanggal dokumen tidak valid');
  return new PDFDocument({
    size: [595.28, 841.89],
    margin: 48,
    autoFirstPage: true,
    compress: true,
    lang: 'id-ID',
    displayTitle: true,
    info: { Title: meta.title, Subject: meta.subject, Author: meta.author, Creator: 'SLRT Platform', Producer: 'SLRT Platform (PDFKit)', CreationDate: meta.createdAt },
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

/** A QR code as a PNG (level M: survives a crease or a faded print). */
export function qrPng(text: string, scale = 4): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 0, scale });
}

/**
 * Refuses anything that could be a full NIK or No. KK: a masked value (`627101******0001`) has
 * `*` and at most 10 of its 16 digits. The error names the field, never the value.
 */
export function assertMaskedIdentifier(value: string, field: string): void {
  const digits = value.replace(/\D/g, '').length;
  if (!value.includes('*') || digits > 10) throw new TypeError(`${field} harus sudah disamarkan (mis. 627101******0001) sebelum dicetak`);
}

/** Month names of Indonesian official documents (spelled out, not from ICU: wording never changes with the Node build). */
export const NAMA_BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

/** The calendar date of `date` in `timeZone`, as `YYYY-MM-DD`. */
export function isoDateIn(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** `1984-03-12` → `12 Maret 1984` (parsed as text: a calendar date has no time zone). */
export function formatTanggalKalender(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError('Tanggal harus berformat TTTT-BB-HH');
  return `${Number(m[3])} ${NAMA_BULAN[Number(m[2]) - 1]} ${m[1]}`;
}

/** `2026-09` → `September 2026`. */
export function formatPeriode(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) throw new RangeError('Periode harus berformat TTTT-BB');
  return `${NAMA_BULAN[Number(m[2]) - 1]} ${m[1]}`;
}
