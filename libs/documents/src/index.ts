export { A4_SIZE, DOCUMENT_INK, DOCUMENT_MUTED, MM, assertBirthDateBesideMaskedNik, assertMaskedIdentifier, createPdf, drawVerificationQr, finishPdf, qrPng, type Pdf, type PdfMeta } from './pdf.js';
export { NAMA_BULAN, namaBulan, formatTanggalKalender, formatTanggalLahir } from './format.js';
