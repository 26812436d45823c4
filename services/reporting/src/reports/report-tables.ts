import { childrenOf, findRegion } from '@slrt/domain';
import { informedRow } from '../kpis/kpi-queries.js';
import type { DesaFigures, MonthFigures } from './report-queries.js';

/** A column of a report table: integers and decimals are written as numbers, never as text. */
export interface ReportColumn {
  header: string;
  kind: 'text' | 'int' | 'dec';
  /** Width in characters (XLSX) and relative width (PDF). */
  width: number;
}

/** One table of the report: one XLSX sheet, one section of the PDF. */
export interface ReportTable {
  /** Sheet name (≤ 31 characters). */
  sheet: string;
  title: string;
  columns: ReportColumn[];
  rows: Array<Array<string | number | null>>;
  /** The `Jumlah` row (sums of the integer columns), when the table has one. */
  total: Array<string | number | null> | null;
}

/** Owner rejection reasons in the report's words. */
export const REASON_LABELS: Record<string, string> = {
  NOT_ELIGIBLE: 'Tidak memenuhi syarat',
  ALREADY_RECIPIENT: 'Sudah menjadi penerima',
  INCOMPLETE_DATA: 'Data tidak lengkap',
  NOT_OUR_PROGRAMME: 'Bukan program pemilik ini',
  DUPLICATE: 'Rujukan ganda',
  OTHER: 'Lainnya',
  UNSPECIFIED: 'Tidak disebutkan',
};

const regionName = (code: string) => findRegion(code)?.name ?? code;

/** A table's total line: the sum of every whole-number column, `label` in `labelColumn`. */
function totalRow(
  rows: Array<Array<string | number | null>>,
  columns: ReportColumn[],
  label: string,
  labelColumn = 1,
): Array<string | number | null> {
  return columns.map((c, i) =>
    i === labelColumn
      ? label
      : c.kind === 'int'
        ? rows.reduce((s, r) => s + (typeof r[i] === 'number' ? (r[i] as number) : 0), 0)
        : i === 0
          ? ''
          : null,
  );
}

/**
 * The tables of the monthly SLRT activity report of kab/kota `kabKota`, from the month's figures
 * grouped in SQL (`queryMonthFigures`): what happened in the month, by kecamatan (and desa), and
 * where the open cases stand (judged when the figures were read). Sums agree across tables:
 * complaints received (Ringkasan = Per Desa), referrals sent and owner answers (Ringkasan = Pemilik
 * Program), rejections (Pemilik Program = Alasan Penolakan).
 */
export function monthlyReportTables(kabKota: string, f: MonthFigures): ReportTable[] {
  const kecOf = (desa: string) => desa.slice(0, 8);
  const kecamatan = new Map<string, string>(childrenOf(kabKota).map((r) => [r.code, r.name]));
  for (const d of f.desa) if (!kecamatan.has(kecOf(d.desa))) kecamatan.set(kecOf(d.desa), regionName(kecOf(d.desa)));
  const kecCodes = [...kecamatan.keys()].sort();
  const sumOf = (k: string, pick: (d: DesaFigures) => number) =>
    f.desa.reduce((s, d) => (kecOf(d.desa) === k ? s + pick(d) : s), 0);

  const summaryColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 10 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Pengaduan diterima', kind: 'int', width: 11 },
    { header: 'Kanal FO', kind: 'int', width: 9 },
    { header: 'Kanal FS', kind: 'int', width: 9 },
    { header: 'Kepesertaan', kind: 'int', width: 11 },
    { header: 'Non-kepesertaan', kind: 'int', width: 11 },
    { header: 'Diperiksa DTKS otomatis', kind: 'int', width: 11 },
    { header: 'Rujukan dikirim', kind: 'int', width: 10 },
    { header: 'Tanggapan pemilik program', kind: 'int', width: 11 },
    { header: 'Selesai', kind: 'int', width: 8 },
    { header: 'Ditolak', kind: 'int', width: 8 },
    { header: 'Dicabut/ditutup', kind: 'int', width: 10 },
    { header: 'Diselesaikan di Puskesos', kind: 'int', width: 11 },
  ];
  const summaryRows = kecCodes.map((k) => [
    k,
    kecamatan.get(k)!,
    ...(
      [
        'received',
        'fo',
        'fs',
        'kepesertaan',
        'nonKepesertaan',
        'autoTriaged',
        'sent',
        'answered',
        'closedResolved',
        'closedRejected',
        'closedWithdrawn',
        'resolvedLocally',
      ] as const
    ).map((field) => sumOf(k, (d) => d[field])),
  ]);

  const desaColumns: ReportColumn[] = [
    { header: 'Kode desa', kind: 'text', width: 15 },
    { header: 'Desa/Kelurahan', kind: 'text', width: 24 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Pengaduan diterima', kind: 'int', width: 11 },
    { header: 'Rujukan dikirim', kind: 'int', width: 10 },
    { header: 'Selesai', kind: 'int', width: 8 },
  ];
  const desaRows = f.desa
    .filter((d) => d.received || d.sent || d.closed)
    .map((d) => d.desa)
    .sort()
    .map((code) => {
      const d = f.desa.find((x) => x.desa === code)!;
      return [code, regionName(code), kecamatan.get(kecOf(code)) ?? kecOf(code), d.received, d.sent, d.closedResolved];
    });

  const ownerColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 6 },
    { header: 'Pemilik program', kind: 'text', width: 22 },
    { header: 'Rujukan dikirim', kind: 'int', width: 10 },
    { header: 'Tanggapan', kind: 'int', width: 10 },
    { header: 'Diterima', kind: 'int', width: 9 },
    { header: 'Ditolak', kind: 'int', width: 8 },
    { header: 'Minta tinjau ulang', kind: 'int', width: 10 },
    { header: 'Selesai', kind: 'int', width: 8 },
    { header: 'Median hari kerja', kind: 'dec', width: 10 },
    { header: 'P90 hari kerja', kind: 'dec', width: 10 },
  ];
  const ownerRows = f.owners
    .map((o) => o.owner)
    .sort()
    .map((code, i) => {
      const o = f.owners.find((x) => x.owner === code)!;
      return [
        String(i + 1),
        code,
        o.sent,
        o.answered,
        o.accepted,
        o.rejected,
        o.reviewRequested,
        o.resolved,
        o.response.median,
        o.response.p90,
      ];
    });

  const reasonColumns: ReportColumn[] = [
    { header: 'Pemilik program', kind: 'text', width: 22 },
    { header: 'Kode alasan', kind: 'text', width: 20 },
    { header: 'Alasan', kind: 'text', width: 28 },
    { header: 'Jumlah', kind: 'int', width: 8 },
  ];
  const reasons = new Map(f.reasons.map((r) => [`${r.owner}\u0000${r.reason}`, r.count]));
  const reasonRows = [...reasons.keys()].sort().map((key) => {
    const [ow, code] = key.split('\u0000') as [string, string];
    return [ow, code, REASON_LABELS[code] ?? code, reasons.get(key)!];
  });

  const timeColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 10 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Pengaduan', kind: 'int', width: 10 },
    { header: 'Pemeriksaan DTKS (median)', kind: 'dec', width: 11 },
    { header: 'Pemeriksaan DTKS (P90)', kind: 'dec', width: 11 },
    { header: 'Sampai dirujuk (median)', kind: 'dec', width: 11 },
    { header: 'Sampai dirujuk (P90)', kind: 'dec', width: 11 },
    { header: 'Tanggapan pemilik (median)', kind: 'dec', width: 11 },
    { header: 'Tanggapan pemilik (P90)', kind: 'dec', width: 11 },
    { header: 'Sampai selesai (median)', kind: 'dec', width: 11 },
    { header: 'Sampai selesai (P90)', kind: 'dec', width: 11 },
  ];
  const times = (kec: string | null): Array<number | null> => {
    const t = f.times.find((x) => x.kecamatan === kec);
    if (!t) return [0, null, null, null, null, null, null, null, null];
    return [
      t.received,
      t.triage.median,
      t.triage.p90,
      t.referral.median,
      t.referral.p90,
      t.answer.median,
      t.answer.p90,
      t.close.median,
      t.close.p90,
    ];
  };
  const timeRows = kecCodes.map((k) => [k, kecamatan.get(k)!, ...times(k)]);
  const timeTotal: Array<string | number | null> = ['', 'Kabupaten/kota', ...times(null)];

  const slaColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 10 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Kasus terbuka bertenggat', kind: 'int', width: 12 },
    { header: 'Sesuai jadwal', kind: 'int', width: 10 },
    { header: 'Hampir lewat tenggat', kind: 'int', width: 11 },
    { header: 'Lewat tenggat', kind: 'int', width: 10 },
  ];
  const slaRows = kecCodes.map((k) => {
    const s = {
      onTrack: sumOf(k, (d) => d.onTrack),
      atRisk: sumOf(k, (d) => d.atRisk),
      breached: sumOf(k, (d) => d.breached),
    };
    return [k, kecamatan.get(k)!, s.onTrack + s.atRisk + s.breached, s.onTrack, s.atRisk, s.breached];
  });

  const informedColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 10 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'SMS tersampaikan', kind: 'int', width: 11 },
    { header: 'WhatsApp tersampaikan', kind: 'int', width: 11 },
    { header: 'E-mail tersampaikan', kind: 'int', width: 11 },
    { header: 'Surat diterima', kind: 'int', width: 10 },
    { header: 'Pesan tersampaikan', kind: 'int', width: 11 },
    { header: 'Kunjungan FS dilakukan', kind: 'int', width: 11 },
    { header: 'Pesan gagal', kind: 'int', width: 9 },
  ];
  const informedRows = kecCodes.map((k) => {
    const c = informedRow(
      k,
      Object.fromEntries(
        ['delivered', 'fs_visits', 'failed', 'sms', 'whatsapp', 'email', 'letter', 'fs_visit'].map((m) => [
          m,
          sumOf(k, (d) => d.messages[m] ?? 0),
        ]),
      ),
    );
    return [
      k,
      kecamatan.get(k)!,
      c.delivered.sms,
      c.delivered.whatsapp,
      c.delivered.email,
      c.delivered.letter,
      c.messagesDelivered,
      c.fsVisitsDone,
      c.messagesFailed,
    ];
  });

  return reportSheets({
    summary: { columns: summaryColumns, rows: summaryRows },
    desa: { columns: desaColumns, rows: desaRows },
    owner: { columns: ownerColumns, rows: ownerRows },
    reason: { columns: reasonColumns, rows: reasonRows },
    time: { columns: timeColumns, rows: timeRows, total: timeTotal },
    sla: { columns: slaColumns, rows: slaRows },
    informed: { columns: informedColumns, rows: informedRows },
  });
}

/** The columns and rows of one table of the monthly report, before its title and total. */
export interface ReportPart {
  columns: ReportColumn[];
  rows: Array<Array<string | number | null>>;
}

/**
 * The seven tables of the monthly report in their order, with their sheets, titles and totals
 * (the service computes the parts from SQL figures; the test's reference from the month's rows).
 */
export function reportSheets(p: {
  summary: ReportPart;
  desa: ReportPart;
  owner: ReportPart;
  reason: ReportPart;
  time: ReportPart & { total: Array<string | number | null> };
  sla: ReportPart;
  informed: ReportPart;
}): ReportTable[] {
  return [
    {
      sheet: 'Ringkasan',
      title: 'Ringkasan kegiatan per kecamatan',
      columns: p.summary.columns,
      rows: p.summary.rows,
      total: totalRow(p.summary.rows, p.summary.columns, 'Jumlah'),
    },
    {
      sheet: 'Per Desa',
      title: 'Pengaduan per desa/kelurahan',
      columns: p.desa.columns,
      rows: p.desa.rows,
      total: totalRow(p.desa.rows, p.desa.columns, 'Jumlah'),
    },
    {
      sheet: 'Pemilik Program',
      title: 'Rujukan dan tanggapan per pemilik program (waktu dalam hari kerja)',
      columns: p.owner.columns,
      rows: p.owner.rows,
      total: totalRow(p.owner.rows, p.owner.columns, 'Jumlah'),
    },
    {
      sheet: 'Alasan Penolakan',
      title: 'Alasan penolakan oleh pemilik program',
      columns: p.reason.columns,
      rows: p.reason.rows,
      total: totalRow(p.reason.rows, p.reason.columns, 'Jumlah', 0),
    },
    {
      sheet: 'Waktu Layanan',
      title: 'Waktu layanan pengaduan yang diterima bulan ini (hari kerja)',
      columns: p.time.columns,
      rows: p.time.rows,
      total: p.time.total,
    },
    {
      sheet: 'Tenggat',
      title: 'Kasus terbuka menurut tenggat pada saat laporan dibuat',
      columns: p.sla.columns,
      rows: p.sla.rows,
      total: totalRow(p.sla.rows, p.sla.columns, 'Jumlah'),
    },
    {
      sheet: 'Warga Diinformasikan',
      title: 'Warga yang diberi tahu perkembangan pengaduannya (pesan tersampaikan dan kunjungan FS)',
      columns: p.informed.columns,
      rows: p.informed.rows,
      total: totalRow(p.informed.rows, p.informed.columns, 'Jumlah'),
    },
  ];
}
