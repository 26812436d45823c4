export { A4_SIZE, MM, assertBirthDateBesideMaskedNik, assertMaskedIdentifier, createPdf, finishPdf, qrPng, type Pdf, type PdfMeta } from './pdf.js';
export { NAMA_BULAN, namaBulan, formatTanggalKalender, formatTanggalLahir } from './format.js';
