/**
 * The nine sectors of social protection programmes SLRT informs citizens about (Permensos 15/2018).
 * WIRE-STABLE: stored with programmes and used in reports.
 */
export const SECTORS = [
  'kesehatan',
  'pendidikan',
  'sosial-ekonomi',
  'pangan',
  'energi',
  'pertanian',
  'perikanan',
  'perumahan',
  'adminduk',
] as const;
/** One of {@link SECTORS}. */
export type Sector = (typeof SECTORS)[number];

/** Indonesian label of each {@link Sector}. */
export const SECTOR_LABELS: Readonly<Record<Sector, string>> = {
  kesehatan: 'Kesehatan',
  pendidikan: 'Pendidikan',
  'sosial-ekonomi': 'Sosial Ekonomi',
  pangan: 'Pangan',
  energi: 'Energi',
  pertanian: 'Pertanian',
  perikanan: 'Perikanan',
  perumahan: 'Perumahan',
  adminduk: 'Administrasi Kependudukan',
};
