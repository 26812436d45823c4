/**
 * The monthly report's tables computed in JS from the month's rows, as the service made them before
 * issue 13's SQL aggregation: the reference test/kpi-sql.int-spec.ts compares the SQL-made tables
 * with. Only the figures are computed here; the layout (sheets, titles, totals) is the service's own.
 */
import { childrenOf, findRegion } from '@slrt/domain';
import type { EntityManager } from 'typeorm';
import { channelGroup, informedCounts, slaOf } from '../../src/kpis/kpi-reference.js';
import type { CaseRow, ComplaintRow, MessageRow, ReferralRow } from '../../src/kpis/read-model.repository.js';
import { durationStats, workingDaysBetween } from '../../src/kpis/working-time.js';
import { REASON_LABELS, reportSheets, type ReportColumn, type ReportTable } from '../../src/reports/report-tables.js';

const regionName = (code: string) => findRegion(code)?.name ?? code;
const within = (at: Date | null, from: Date, to: Date) =>
  at !== null && at.getTime() >= from.getTime() && at.getTime() < to.getTime();

export interface MonthActivity {
  complaints: ComplaintRow[];
  referrals: ReferralRow[];
  cases: CaseRow[];
  /** Messages to citizens whose outcome was recorded in the month (notification's events). */
  messages: MessageRow[];
}

/**
 * The tables of the monthly SLRT activity report of kab/kota `kabKota` for [from, to): what
 * happened in the month, by kecamatan (and desa), and where the open cases stand at `asOf`. Sums
 * agree across tables: complaints received (Ringkasan = Per Desa), referrals sent and owner answers
 * (Ringkasan = Pemilik Program), rejections (Pemilik Program = Alasan Penolakan).
 */
export function monthlyReportTablesFromRows(
  kabKota: string,
  from: Date,
  to: Date,
  data: MonthActivity,
  o: { holidays: ReadonlySet<string>; timeZone: string; asOf: Date },
): ReportTable[] {
  const kecOf = (desa: string) => desa.slice(0, 8);
  const received = data.complaints.filter((c) => within(c.registered_at, from, to));
  const closed = data.complaints.filter((c) => within(c.closed_at, from, to));
  const sent = data.referrals.filter((r) => within(r.sent_at, from, to));
  const answered = data.referrals.filter((r) => within(r.first_answer_at, from, to));
  const local = data.cases.filter((k) => within(k.resolved_locally_at, from, to));
  const open = data.cases.filter((k) => !['resolved', 'closed', 'withdrawn', 'rejected-by-owner'].includes(k.state));
  const kecamatan = new Map<string, string>(childrenOf(kabKota).map((r) => [r.code, r.name]));
  for (const desa of [...received, ...closed]
    .map((c) => c.desa_code)
    .concat(
      data.messages.map((x) => x.desa_code),
      sent.map((r) => r.desa_code),
      answered.map((r) => r.desa_code),
      local.map((k) => k.desa_code),
      open.map((k) => k.desa_code),
    )) {
    if (!kecamatan.has(kecOf(desa))) kecamatan.set(kecOf(desa), regionName(kecOf(desa)));
  }
  const kecCodes = [...kecamatan.keys()].sort();
  const count = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;

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
  const summaryRows = kecCodes.map((k) => {
    const r = received.filter((c) => kecOf(c.desa_code) === k);
    const cl = closed.filter((c) => kecOf(c.desa_code) === k);
    return [
      k,
      kecamatan.get(k)!,
      r.length,
      count(r, (c) => channelGroup(c.channel) === 'FO'),
      count(r, (c) => channelGroup(c.channel) === 'FS'),
      count(r, (c) => c.category === 'kepesertaan'),
      count(r, (c) => c.category !== 'kepesertaan'),
      count(r, (c) => c.auto_triaged === true),
      count(sent, (x) => kecOf(x.desa_code) === k),
      count(answered, (x) => kecOf(x.desa_code) === k),
      count(cl, (c) => c.final_step === 'resolved'),
      count(cl, (c) => c.final_step === 'rejected'),
      count(cl, (c) => c.final_step === 'withdrawn' || c.final_step === 'closed'),
      count(local, (x) => kecOf(x.desa_code) === k),
    ];
  });

  const desaColumns: ReportColumn[] = [
    { header: 'Kode desa', kind: 'text', width: 15 },
    { header: 'Desa/Kelurahan', kind: 'text', width: 24 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Pengaduan diterima', kind: 'int', width: 11 },
    { header: 'Rujukan dikirim', kind: 'int', width: 10 },
    { header: 'Selesai', kind: 'int', width: 8 },
  ];
  const desaCodes = [
    ...new Set([
      ...received.map((c) => c.desa_code),
      ...sent.map((r) => r.desa_code),
      ...closed.map((c) => c.desa_code),
    ]),
  ].sort();
  const desaRows = desaCodes.map((d) => [
    d,
    regionName(d),
    kecamatan.get(kecOf(d)) ?? kecOf(d),
    count(received, (c) => c.desa_code === d),
    count(sent, (r) => r.desa_code === d),
    count(closed, (c) => c.desa_code === d && c.final_step === 'resolved'),
  ]);

  const wd = (a: Date, b: Date) => workingDaysBetween(a, b, o.holidays, o.timeZone);
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
  const owners = [...new Set([...sent, ...answered].map((r) => r.owner_code))].sort();
  const ownerRows = owners.map((ow, i) => {
    const a = answered.filter((r) => r.owner_code === ow);
    const stats = durationStats(a.map((r) => wd(r.sent_at, r.first_answer_at!)));
    return [
      String(i + 1),
      ow,
      count(sent, (r) => r.owner_code === ow),
      a.length,
      count(a, (r) => r.outcome === 'accepted'),
      count(a, (r) => r.outcome === 'rejected'),
      count(a, (r) => r.outcome === 'review-requested'),
      count(a, (r) => r.outcome === 'resolved'),
      stats.median,
      stats.p90,
    ];
  });

  const reasonColumns: ReportColumn[] = [
    { header: 'Pemilik program', kind: 'text', width: 22 },
    { header: 'Kode alasan', kind: 'text', width: 20 },
    { header: 'Alasan', kind: 'text', width: 28 },
    { header: 'Jumlah', kind: 'int', width: 8 },
  ];
  const reasons = new Map<string, number>();
  for (const r of answered)
    if (r.outcome === 'rejected')
      reasons.set(
        `${r.owner_code}\u0000${r.reason_code ?? 'UNSPECIFIED'}`,
        (reasons.get(`${r.owner_code}\u0000${r.reason_code ?? 'UNSPECIFIED'}`) ?? 0) + 1,
      );
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
  const times = (cs: ComplaintRow[]) => {
    const st = (f: (c: ComplaintRow) => [Date | null, Date | null]) =>
      durationStats(
        cs
          .map(f)
          .filter((p): p is [Date, Date] => p[0] !== null && p[1] !== null)
          .map(([a, b]) => wd(a, b)),
      );
    const t = st((c) => [c.registered_at, c.triaged_at]);
    const rf = st((c) => [c.registered_at, c.referred_at]);
    const an = st((c) => [c.referred_at, c.answered_at]);
    const cl = st((c) => [c.registered_at, c.closed_at]);
    return [t.median, t.p90, rf.median, rf.p90, an.median, an.p90, cl.median, cl.p90];
  };
  const timeRows = kecCodes.map((k) => {
    const cs = received.filter((c) => kecOf(c.desa_code) === k);
    return [k, kecamatan.get(k)!, cs.length, ...times(cs)];
  });
  const timeTotal: Array<string | number | null> = ['', 'Kabupaten/kota', received.length, ...times(received)];

  const slaColumns: ReportColumn[] = [
    { header: 'Kode', kind: 'text', width: 10 },
    { header: 'Kecamatan', kind: 'text', width: 22 },
    { header: 'Kasus terbuka bertenggat', kind: 'int', width: 12 },
    { header: 'Sesuai jadwal', kind: 'int', width: 10 },
    { header: 'Hampir lewat tenggat', kind: 'int', width: 11 },
    { header: 'Lewat tenggat', kind: 'int', width: 10 },
  ];
  const slaRows = kecCodes.map((k) => {
    const s = slaOf(
      open.filter((x) => kecOf(x.desa_code) === k),
      o.asOf,
    );
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
    const c = informedCounts(
      k,
      data.messages.filter((x) => kecOf(x.desa_code) === k),
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

const ENDED = ['resolved', 'closed', 'withdrawn', 'rejected-by-owner'];

/** Everything the monthly report of a kab/kota needs: rows touching [from, to) or open now. */
export async function monthActivity(m: EntityManager, kabKota: string, from: Date, to: Date) {
  const region = [kabKota, `${kabKota}.%`];
  const complaints: ComplaintRow[] = await m.query(
    `SELECT * FROM rpt_complaint WHERE (desa_code = $3 OR desa_code LIKE $4)
       AND ((registered_at >= $1 AND registered_at < $2) OR (closed_at >= $1 AND closed_at < $2)) ORDER BY complaint_id`,
    [from, to, ...region],
  );
  const referrals: ReferralRow[] = await m.query(
    `SELECT * FROM rpt_referral WHERE (desa_code = $3 OR desa_code LIKE $4)
       AND ((sent_at >= $1 AND sent_at < $2) OR (first_answer_at >= $1 AND first_answer_at < $2)) ORDER BY complaint_id, owner_code`,
    [from, to, ...region],
  );
  const cases: CaseRow[] = await m.query(
    `SELECT k.*, (SELECT e.level FROM rpt_case_escalation e WHERE e.case_id = k.case_id AND e.state = k.state AND e.due_at = k.due_at) AS escalation FROM rpt_case k WHERE (desa_code = $3 OR desa_code LIKE $4)
       AND ((resolved_locally_at >= $1 AND resolved_locally_at < $2) OR (state <> ALL($5) AND opened_at < $2)) ORDER BY case_id`,
    [from, to, ...region, ENDED],
  );
  const messages: MessageRow[] = await m.query(
    `SELECT message_id, desa_code, channel, outcome, outcome_at FROM rpt_message WHERE (desa_code = $3 OR desa_code LIKE $4) AND outcome_at >= $1 AND outcome_at < $2 ORDER BY message_id`,
    [from, to, ...region],
  );
  return { complaints, referrals, cases, messages };
}
