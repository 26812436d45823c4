/**
 * The four IANA zones of Indonesia. Each kab/kota deployment configures one (`SLRT_TIME_ZONE`): WIB
 * (UTC+7) for Sumatra, Java, West and Central Kalimantan (Palangka Raya uses `Asia/Jakarta`,
 * Pontianak `Asia/Pontianak`), WITA (UTC+8) `Asia/Makassar`, WIT (UTC+9) `Asia/Jayapura`. libs/config
 * keeps the same list for the setting itself (it may depend on no other library).
 */
export const INDONESIAN_TIME_ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;
/** One of {@link INDONESIAN_TIME_ZONES}. */
export type IndonesianTimeZone = (typeof INDONESIAN_TIME_ZONES)[number];

/**
 * Offset from UTC of each zone, in minutes. None of them observes daylight saving, so local time is
 * UTC plus a fixed offset all year: local dates need neither ICU's zone data nor `Intl`.
 */
export const TIME_ZONE_OFFSET_MINUTES: Readonly<Record<IndonesianTimeZone, number>> = {
  'Asia/Jakarta': 7 * 60,
  'Asia/Pontianak': 7 * 60,
  'Asia/Makassar': 8 * 60,
  'Asia/Jayapura': 9 * 60,
};

/** The abbreviation printed after a local time (`10.15 WIB`). */
export const TIME_ZONE_ABBREVIATIONS: Readonly<Record<IndonesianTimeZone, 'WIB' | 'WITA' | 'WIT'>> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** The zone's offset from UTC in milliseconds; a zone outside Indonesia throws (configuration arrives as a plain string). */
export function zoneOffsetMs(timeZone: string): number {
  const minutes = TIME_ZONE_OFFSET_MINUTES[timeZone as IndonesianTimeZone];
  if (minutes === undefined) throw new RangeError(`not an Indonesian time zone: ${timeZone}`);
  return minutes * 60_000;
}

/** An instant as read on a clock in a zone. */
export interface WallClock {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** The calendar date, `YYYY-MM-DD`. */
  date: string;
}

/** The wall clock of `at` in `timeZone` (one of Indonesia's zones). An invalid date throws. */
export function wallClock(at: Date, timeZone: string): WallClock {
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid date');
  const local = new Date(ms + zoneOffsetMs(timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
    date: local.toISOString().slice(0, 10),
  };
}

/** The calendar date of `at` in `timeZone`, `YYYY-MM-DD`. */
export function localDate(at: Date, timeZone: string): string {
  return wallClock(at, timeZone).date;
}

/** The month of `at` in `timeZone`, `YYYY-MM`. */
export function localMonth(at: Date, timeZone: string): string {
  return wallClock(at, timeZone).date.slice(0, 7);
}
