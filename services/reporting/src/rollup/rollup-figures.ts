import type { RollupFiguresV1, RollupKecamatanV1 } from '@slrt/contracts';
import type { MonthFigures } from '../reports/report-queries.js';
import { monthlyReportTables, type ReportTable } from '../reports/report-tables.js';

/** Where each figure of the roll-up is read in the monthly report: sheet and column header. */
const FROM_REPORT: Record<keyof RollupFiguresV1, [sheet: 'Ringkasan' | 'Tenggat', header: string]> = {
  received: ['Ringkasan', 'Pengaduan diterima'],
  receivedFo: ['Ringkasan', 'Kanal FO'],
  receivedFs: ['Ringkasan', 'Kanal FS'],
  referralsSent: ['Ringkasan', 'Rujukan dikirim'],
  ownerAnswers: ['Ringkasan', 'Tanggapan pemilik program'],
  resolved: ['Ringkasan', 'Selesai'],
  rejected: ['Ringkasan', 'Ditolak'],
  resolvedAtPuskesos: ['Ringkasan', 'Diselesaikan di Puskesos'],
  openOnTrack: ['Tenggat', 'Sesuai jadwal'],
  openAtRisk: ['Tenggat', 'Hampir lewat tenggat'],
  openBreached: ['Tenggat', 'Lewat tenggat'],
};

export const ROLLUP_FIGURES = Object.keys(FROM_REPORT) as Array<keyof RollupFiguresV1>;

/** Zero of every figure. */
export function zeroFigures(): RollupFiguresV1 {
  return Object.fromEntries(ROLLUP_FIGURES.map((k) => [k, 0])) as unknown as RollupFiguresV1;
}

/** Adds `b` into `a`. */
export function addFigures(a: RollupFiguresV1, b: RollupFiguresV1): RollupFiguresV1 {
  for (const k of ROLLUP_FIGURES) a[k] += b[k];
  return a;
}

/**
 * The roll-up figures of kab/kota `kabKota` for a month: read off the tables of its own monthly
 * report (`monthlyReportTables` of the month's figures, sheets Ringkasan and Tenggat), per kecamatan
 * and the `Jumlah` row, so the province sees exactly the kab/kota's report. No holiday calendar
 * is needed: none of these figures is a duration.
 */
export function rollupFigures(
  kabKota: string,
  figures: MonthFigures,
): { totals: RollupFiguresV1; kecamatan: RollupKecamatanV1[] } {
  const tables = monthlyReportTables(kabKota, figures);
  const byName = new Map<string, ReportTable>(tables.map((t) => [t.sheet, t]));
  const read = (row: Array<string | number | null>, sheet: string, header: string) => {
    const table = byName.get(sheet)!;
    const i = table.columns.findIndex((c) => c.header === header);
    if (i < 0) throw new Error(`monthly report column ${sheet}/${header} is gone`);
    return Number(row[i] ?? 0);
  };
  const figuresOf = (pick: (t: ReportTable) => Array<string | number | null>) =>
    Object.fromEntries(
      ROLLUP_FIGURES.map((k) => [k, read(pick(byName.get(FROM_REPORT[k][0])!), ...FROM_REPORT[k])]),
    ) as unknown as RollupFiguresV1;
  const summary = byName.get('Ringkasan')!;
  const kecamatan = summary.rows.map((r, i) => {
    const code = String(r[0]);
    // Ringkasan and Tenggat list the same kecamatan in the same order; checked, not assumed.
    if (byName.get('Tenggat')!.rows[i]?.[0] !== code)
      throw new Error('monthly report tables disagree on the kecamatan');
    return { kecamatanCode: code, ...figuresOf((t) => t.rows[i]!) };
  });
  return { totals: figuresOf((t) => t.total!), kecamatan };
}
