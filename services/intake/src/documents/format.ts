import { namaBulan } from '@slrt/documents';

/**
 * Indonesian formatting for printed documents (receipts, letters). Month names and the zone
 * abbreviations are spelled out rather than taken from ICU's `id` locale, so a document's wording
 * never changes with the Node.js build it is rendered on. Month names and calendar dates come from
 * `@slrt/documents`, shared with the registry's statements; the wall clock in a zone and the zone
 * abbreviations from `@slrt/domain`.
 */
export { NAMA_BULAN, formatTanggalKalender } from '@slrt/documents';

export { INDONESIAN_TIME_ZONES, TIME_ZONE_ABBREVIATIONS, type IndonesianTimeZone } from '@slrt/domain';
import {
  INDONESIAN_TIME_ZONES,
  TIME_ZONE_ABBREVIATIONS,
  wallClock,
  type IndonesianTimeZone,
  type WallClock,
} from '@slrt/domain';

/** Throws unless `timeZone` is an Indonesian zone (configuration arrives as a plain string). */
export function assertIndonesianTimeZone(timeZone: string): asserts timeZone is IndonesianTimeZone {
  if (!(INDONESIAN_TIME_ZONES as readonly string[]).includes(timeZone)) {
    throw new RangeError(
      `Zona waktu harus salah satu dari: ${INDONESIAN_TIME_ZONES.join(', ')} (diterima: ${timeZone})`,
    );
  }
}

/** The wall clock of `date` in `timeZone` (libs/domain), refused in the documents' own words when either is bad. */
function clock(date: Date, timeZone: IndonesianTimeZone): WallClock {
  assertIndonesianTimeZone(timeZone);
  if (Number.isNaN(date.getTime())) throw new RangeError('Tanggal tidak valid');
  return wallClock(date, timeZone);
}

/** The calendar date in `timeZone`, e.g. `23 November 2026`. */
export function formatTanggal(date: Date, timeZone: IndonesianTimeZone): string {
  const c = clock(date, timeZone);
  return `${c.day} ${namaBulan(c.month)} ${c.year}`;
}

/** The time of day in `timeZone` with its abbreviation, e.g. `10.15 WIB` (Indonesian uses a dot). */
export function formatJam(date: Date, timeZone: IndonesianTimeZone): string {
  const c = clock(date, timeZone);
  const hh = String(c.hour).padStart(2, '0');
  const mm = String(c.minute).padStart(2, '0');
  return `${hh}.${mm} ${TIME_ZONE_ABBREVIATIONS[timeZone]}`;
}

/** Date and time, e.g. `23 November 2026 10.15 WIB`. */
export function formatTanggalJam(date: Date, timeZone: IndonesianTimeZone): string {
  return `${formatTanggal(date, timeZone)} ${formatJam(date, timeZone)}`;
}

/**
 * Shortens free text for a printed summary: whitespace collapsed, cut at a word boundary and
 * ended with an ellipsis, so a long complaint never spills over the page. The full text stays in
 * the system; the document only needs enough to recognise the complaint.
 */
export function truncateText(text: string, maxChars: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= maxChars) return clean;
  const cut = clean.slice(0, Math.max(1, maxChars - 1));
  const lastSpace = cut.lastIndexOf(' ');
  // Cut at the last word boundary unless that would throw away most of the text (one long word).
  const head = lastSpace > maxChars * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${head.replace(/[\s,;:.\-–]+$/, '')}…`;
}
