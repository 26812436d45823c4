/**
 * Vocabularies of the proposals (WIRE-STABLE: stored in registry tables and exported to SIKS-NG;
 * do not change a code without a migration plan). Codes follow the DTSEN/Regsosek household
 * questionnaire; the SIKS-NG export maps them to the template's own codes through its column profile.
 */

/** Status of the dwelling (*status kepemilikan bangunan*). */
export const HOUSE_OWNERSHIPS = ['milik-sendiri', 'kontrak-sewa', 'bebas-sewa', 'dinas', 'lainnya'] as const;

/** Widest floor material (*jenis lantai terluas*). */
export const FLOOR_MATERIALS = [
  'marmer-granit',
  'keramik',
  'parket-vinil-karpet',
  'ubin-tegel-teraso',
  'kayu-papan',
  'semen-bata-merah',
  'bambu',
  'tanah',
  'lainnya',
] as const;

/** Widest wall material (*jenis dinding terluas*). */
export const WALL_MATERIALS = [
  'tembok',
  'plesteran-anyaman-bambu',
  'kayu-papan',
  'anyaman-bambu',
  'batang-kayu',
  'bambu',
  'lainnya',
] as const;

/** Widest roof material (*jenis atap terluas*). */
export const ROOF_MATERIALS = [
  'beton',
  'genteng',
  'asbes',
  'seng',
  'bambu',
  'kayu-sirap',
  'jerami-ijuk-rumbia',
  'lainnya',
] as const;

/** Main source of drinking water (*sumber air minum utama*). */
export const DRINKING_WATER_SOURCES = [
  'air-kemasan',
  'air-isi-ulang',
  'leding',
  'sumur-bor-pompa',
  'sumur-terlindung',
  'sumur-tak-terlindung',
  'mata-air-terlindung',
  'mata-air-tak-terlindung',
  'air-permukaan',
  'air-hujan',
  'lainnya',
] as const;

/** Main source of lighting (*sumber penerangan utama*). */
export const LIGHTING_SOURCES = [
  'listrik-pln-meteran',
  'listrik-pln-tanpa-meteran',
  'listrik-non-pln',
  'bukan-listrik',
] as const;

/** Installed PLN power in VA (*daya terpasang*); only with PLN electricity. */
export const ELECTRICITY_POWERS = ['450', '900', '1300', '2200', 'lebih-2200'] as const;

/** Defecation facility (*fasilitas tempat buang air besar*). */
export const TOILET_FACILITIES = ['sendiri', 'bersama', 'umum', 'tidak-ada'] as const;

/** Assets owned by the household (*kepemilikan aset*). */
export const HOUSEHOLD_ASSETS = [
  'tabung-gas-5kg',
  'lemari-es',
  'ac',
  'pemanas-air',
  'telepon-rumah',
  'televisi-layar-datar',
  'emas-perhiasan',
  'komputer-laptop',
  'sepeda',
  'sepeda-motor',
  'mobil',
  'perahu',
  'perahu-motor',
  'lahan',
  'rumah-lain',
  'ternak',
] as const;

/** Why the household is proposed (*alasan pengusulan*). */
export const PROPOSAL_REASONS = [
  'belum-terdaftar',
  'jatuh-miskin',
  'terdampak-bencana',
  'keluarga-baru',
  'lainnya',
] as const;

/** Relationship to the head of family (*hubungan dengan kepala keluarga*). */
export const FAMILY_RELATIONSHIPS = [
  'kepala-keluarga',
  'istri-suami',
  'anak',
  'menantu',
  'cucu',
  'orang-tua-mertua',
  'pembantu-ruta',
  'lainnya',
] as const;

/** Disability of a member (*jenis disabilitas*, UU 8/2016). */
export const DISABILITIES = [
  'tidak-ada',
  'fisik',
  'intelektual',
  'mental',
  'sensorik-netra',
  'sensorik-rungu',
  'sensorik-wicara',
  'ganda',
] as const;

/** Outcome of a member in field verification. Same codes as the SIKS port's `MEMBER_VERIFICATION_OUTCOMES`. */
export const MEMBER_OUTCOMES = [
  'confirmed',
  'not-confirmed',
  'duplicate',
  'deceased',
  'moved',
  'no-civil-documents',
] as const;

/** Dukcapil matching of a member's NIK/KK (*padan*, *tidak padan*, in repair). */
export const DUKCAPIL_STATUSES = ['padan', 'tidak-padan', 'dalam-perbaikan'] as const;

/** Decision of the musdes/muskel deliberation. */
export const MUSDES_DECISIONS = ['agreed', 'not-agreed'] as const;

/**
 * Fields a data-change proposal may change, named as the registry's snapshot columns;
 * `member_status` proposes a status change (`deceased` or `moved`).
 */
export const DATA_CHANGE_FIELDS = [
  'name',
  'birth_date',
  'sex',
  'relationship',
  'address',
  'desa_code',
  'no_kk',
  'member_status',
  'programme_participation',
] as const;

export type DataChangeField = (typeof DATA_CHANGE_FIELDS)[number];
