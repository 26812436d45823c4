/**
 * Dates, numbers and money the Indonesian way, in the kab/kota's time zone: "23 November 2026,
 * 10.15 WIB". The zone comes from the gateway's configuration (`SLRT_TIME_ZONE`, sent in the
 * page's meta tag) and defaults to Asia/Jakarta.
 */
const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function timeZone(): string {
  const meta = typeof document === 'undefined' ? null : document.querySelector('meta[name="slrt-time-zone"]');
  return meta?.getAttribute('content') || 'Asia/Jakarta';
}

function parts(value: string | Date, options: Intl.DateTimeFormatOptions): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return '—';
  return new Intl.DateTimeFormat('id-ID', { timeZone: timeZone(), ...options }).format(date);
}

/** `YYYY-MM-DD` of an instant in the kab/kota's zone (today by default). */
export function localDay(value: Date = new Date()): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: timeZone(),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return f.format(value);
}

/** "23 November 2026" (a calendar date like `2026-11-23` is shown as that day, whatever the zone). */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return parts(value, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** "23 November 2026, 10.15 WIB". */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  const day = parts(value, { day: 'numeric', month: 'long', year: 'numeric' });
  const time = parts(value, { hour: '2-digit', minute: '2-digit', hour12: false }).replace(':', '.');
  const zone = ZONE_NAMES[timeZone()] ?? timeZone();
  return `${day}, ${time} ${zone}`;
}

/** 1.234.567 */
export function formatNumber(value: number | null | undefined, fractionDigits = 0): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return new Intl.NumberFormat('id-ID', { maximumFractionDigits: fractionDigits, minimumFractionDigits: 0 }).format(
    value,
  );
}

/** Rp 1.234.567 */
export function formatRupiah(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 }).format(value);
}

/** 42,5 % */
export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || Number.isNaN(ratio)) return '—';
  return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(ratio * 100)} %`;
}
