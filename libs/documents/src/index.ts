export { A4_SIZE, MM, assertMaskedIdentifier, createPdf, finishPdf, qrPng, type Pdf, type PdfMeta } from './pdf.js';
export { NAMA_BULAN, namaBulan, formatTanggalKalender } from './format.js';
