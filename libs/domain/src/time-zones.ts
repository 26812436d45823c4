/**
 * The four IANA zones of Indonesia. Each kab/kota deployment configures one (`SLRT_TIME_ZONE`): WIB
 * (UTC+7) for Sumatra, Java, West and Central Kalimantan (Palangka Raya uses `Asia/Jakarta`,
 * Pontianak `Asia/Pontianak`), WITA (UTC+8) `Asia/Makassar`, WIT (UTC+9) `Asia/Jayapura`. libs/config
 * keeps the same list for the setting itself (it may depend on no other library).
 */
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;
/** One of {@link INDONESIAN_TIME_ZONES}. */
export type IndonesianTimeZone = (typeof INDONESIAN_TIME_ZONES)[number];
