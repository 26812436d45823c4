/**
 * Addresses printed on paper (QR codes and text on receipts, letters and statements) and served by
 * the gateway's citizen pages. WIRE-STABLE: printed documents keep them for years.
 */

/** The complaint status page: `?nomor=<receipt number>&kode=<tracking code>`. */
export const PUBLIC_STATUS_PATH = '/status';
/** The document verification page: `/<verification code>`, or `?kode=` from its form. */
export const PUBLIC_VERIFY_PATH = '/verifikasi';
/** The public programme information page: `?q=<search>&sektor=<sector>`. */
export const PUBLIC_PROGRAMMES_PATH = '/program';

/** The status page of a complaint, from the deployment's status page address (e.g. `https://slrt.contoh.go.id/status`). */
export function publicStatusUrl(statusPageUrl: string, receiptNumber: string, trackingCode: string): string {
  const sep = statusPageUrl.includes('?') ? '&' : '?';
  return `${statusPageUrl}${sep}nomor=${encodeURIComponent(receiptNumber)}&kode=${encodeURIComponent(trackingCode)}`;
}

/** The verification page of a document, from the deployment's verification page address. */
export function publicVerifyUrl(verifyPageUrl: string, code: string): string {
  return `${verifyPageUrl.replace(/\/+$/, '')}/${encodeURIComponent(code)}`;
}
