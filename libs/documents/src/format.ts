/**
 * Indonesian wording shared by printed documents. Month names are spelled out here rather than
 * taken from ICU's `id` locale, so a document's wording never changes with the Node.js build it
 * is rendered on.
 */

/** Month names as written in Indonesian official documents (January first). */
export const NAMA_BULAN = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

/** The name of `month` (1–12); throws `RangeError` outside that range. */
export function namaBulan(month: number): string {
  const name = NAMA_BULAN[month - 1];
  if (!name) throw new RangeError(`Bulan tidak valid: ${month}`);
  return name;
}

/**
 * A calendar date without a time zone (a birth date stored as `YYYY-MM-DD`), e.g.
 * `17 Agustus 1985`. Converting it through `Date` could shift it by a day, so it is parsed as text.
 */
export function formatTanggalKalender(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new RangeError('Tanggal harus berformat TTTT-BB-HH');
  const day = Number(m[3]);
  if (day < 1 || day > 31) throw new RangeError('Tanggal tidak valid');
  return `${day} ${namaBulan(Number(m[2]))} ${m[1]}`;
}

/**
 * A birth date as a document prints it: a full `YYYY-MM-DD` as {@link formatTanggalKalender};
 * a year only (`YYYY`, what `maskBirthDate` of `@slrt/domain` leaves beside a masked NIK) as
 * `tahun 1985`.
 */
export function formatTanggalLahir(value: string): string {
  return /^\d{4}$/.test(value) ? `tahun ${value}` : formatTanggalKalender(value);
}
