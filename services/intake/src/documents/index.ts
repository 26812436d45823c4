export { renderComplaintReceipt, receiptStatusUrl, type ReceiptData, type ReceiptLayout } from './complaint-receipt.js';
export { renderCivilRegistrationLetter, requestedRegistration, type LetterData } from './civil-registration-letter.js';
export {
  formatTanggal,
  formatJam,
  formatTanggalJam,
  formatTanggalKalender,
  truncateText,
  assertIndonesianTimeZone,
  INDONESIAN_TIME_ZONES,
  TIME_ZONE_ABBREVIATIONS,
  NAMA_BULAN,
  type IndonesianTimeZone,
} from './format.js';
export { assertMaskedIdentifier } from '@slrt/documents';
