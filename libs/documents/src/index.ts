export {
  A4_SIZE,
  DOCUMENT_INK,
  DOCUMENT_MUTED,
  MM,
  assertBirthDateBesideMaskedNik,
  assertMaskedIdentifier,
  createPdf,
  drawSignatory,
  drawVerificationQr,
  finishPdf,
  SIGNATORY_NAME_BLANK,
  SIGNATORY_NIP_BLANK,
  type Signatory,
  qrPng,
  type Pdf,
  type PdfMeta,
} from './pdf.js';
export { NAMA_BULAN, namaBulan, formatTanggalKalender, formatTanggalLahir } from './format.js';
