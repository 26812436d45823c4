import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  MONTHLY_REPORT_ROLES,
  XLSX_CONTENT_TYPE,
  type Actor,
  type GetMonthlyReportRequestV1,
  type MonthlyReportFileV1,
  type MonthlyReportFormat,
} from '@slrt/contracts';
import { formatTanggalKalender, namaBulan } from '@slrt/documents';
import {
  TIME_ZONE_ABBREVIATIONS,
  findRegion,
  localDate,
  localMonth,
  wallClock,
  type IndonesianTimeZone,
} from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { ReportingEnv } from '../config/reporting.env.js';
import { requireRegion, requireRole } from '@slrt/auth';
import { NOT_YOUR_REPORT } from '../kpis/access.js';
import { KpisService } from '../kpis/kpis.service.js';
import { ReadModelRepository } from '../kpis/read-model.repository.js';
import { monthStart } from '../kpis/working-time.js';
import { reportPdf } from './report-pdf.js';
import { queryMonthFigures } from './report-queries.js';
import { monthlyReportTables } from './report-tables.js';
import { reportXlsx, type ReportHeading } from './report-xlsx.js';

/** A stored report, as kept. */
interface StoredReport {
  file_name: string;
  content: Buffer;
  generated_at: Date;
  data_up_to: Date | null;
}

/**
 * The monthly SLRT activity report of the deployment's kab/kota. The first time a month and format
 * is asked for (or made by the monthly task), it is generated and kept; every later download is
 * those same bytes, whatever arrives afterwards. Generation itself is deterministic too: its dates
 * come from the month (creation date = first instant of the next month) and the read model, so the
 * same data gives the same file.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelRepository,
    private readonly kpis: KpisService,
    private readonly env: ReportingEnv,
  ) {}

  async get(req: GetMonthlyReportRequestV1, actor: Actor, now = new Date()): Promise<MonthlyReportFileV1> {
    requireRole(actor, MONTHLY_REPORT_ROLES, NOT_YOUR_REPORT);
    requireRegion(actor, req.kabKotaCode, 'Kabupaten/kota ini di luar cakupan wilayah Anda.');
    if (req.kabKotaCode !== this.env.KAB_KOTA_CODE)
      throw new DomainError('NOT_FOUND', 'Layanan ini hanya menyimpan data kabupaten/kota tempatnya berjalan.', {
        reason: 'OTHER_KAB_KOTA',
      });
    if (req.month >= localMonth(now, this.env.SLRT_TIME_ZONE)) {
      throw new DomainError('VALIDATION_FAILED', 'Data yang dikirim belum benar.', {
        fieldErrors: [{ field: 'month', messages: ['Laporan bulanan hanya untuk bulan yang sudah berakhir.'] }],
      });
    }
    const stored = await this.ensure(req.kabKotaCode, req.month, req.format, now);
    return {
      fileName: stored.file_name,
      contentType: req.format === 'pdf' ? 'application/pdf' : XLSX_CONTENT_TYPE,
      contentBase64: stored.content.toString('base64'),
      month: req.month,
      kabKotaCode: req.kabKotaCode,
      generatedAt: new Date(stored.generated_at).toISOString(),
      dataUpTo: stored.data_up_to ? new Date(stored.data_up_to).toISOString() : null,
      byteLength: stored.content.length,
    };
  }

  /** The kept report, generated and kept first if there is none (the first one kept wins a race). */
  async ensure(kabKota: string, month: string, format: MonthlyReportFormat, now = new Date()): Promise<StoredReport> {
    const m = this.dataSource.manager;
    const find = async () =>
      (
        (await m.query(
          `SELECT file_name, content, generated_at, data_up_to FROM rpt_monthly_report WHERE kab_kota_code = $1 AND month = $2 AND format = $3`,
          [kabKota, month, format],
        )) as StoredReport[]
      )[0];
    const hit = await find();
    if (hit) return hit;
    const made = await this.generate(kabKota, month, format, now);
    await m.query(
      `INSERT INTO rpt_monthly_report (kab_kota_code, month, format, file_name, content, generated_at, data_up_to) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (kab_kota_code, month, format) DO NOTHING`,
      [kabKota, month, format, made.fileName, made.content, now, made.dataUpTo],
    );
    return (await find())!;
  }

  /** Whether a month's report in `format` is kept. */
  async isKept(kabKota: string, month: string, format: MonthlyReportFormat): Promise<boolean> {
    const rows = (await this.dataSource.manager.query(
      `SELECT 1 FROM rpt_monthly_report WHERE kab_kota_code = $1 AND month = $2 AND format = $3`,
      [kabKota, month, format],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Makes the report from the read model as it is now; `asOf` is the moment open cases' deadlines are judged at. */
  async generate(
    kabKota: string,
    month: string,
    format: MonthlyReportFormat,
    asOf: Date,
  ): Promise<{ fileName: string; content: Buffer; dataUpTo: Date | null }> {
    const tz = this.env.SLRT_TIME_ZONE;
    const from = monthStart(month, tz);
    const to = monthStart(month, tz, 1);
    const m = this.dataSource.manager;
    const { holidays, basis } = await this.kpis.holidays(from, asOf);
    const [figures, freshness] = await Promise.all([
      queryMonthFigures(m, kabKota, from, to, { holidays, timeZone: tz, asOf }),
      this.repo.freshness(m, asOf),
    ]);
    const tables = monthlyReportTables(kabKota, figures);
    const sla = tables.find((t) => t.sheet === 'Tenggat');
    if (sla) sla.title = `Kasus terbuka menurut tenggat, per ${this.localDateTime(asOf)}`;
    const [y, mo] = month.split('-').map(Number) as [number, number];
    const kabName = findRegion(kabKota)?.name ?? kabKota;
    const dataUpTo = freshness.dataUpTo ? new Date(freshness.dataUpTo) : null;
    const heading: ReportHeading = {
      title: 'Laporan Kegiatan Bulanan SLRT',
      subtitle: `${kabName} (${kabKota}) — ${namaBulan(mo)} ${y}`,
      note: `Data sampai ${dataUpTo ? this.localDateTime(dataUpTo) : '-'}. Waktu dalam hari kerja (${basis === 'holiday-calendar' ? 'tanpa Sabtu, Minggu dan hari libur kalender SLRT' : 'tanpa Sabtu dan Minggu; kalender hari libur tidak terjangkau'}).`,
      createdAt: to,
      author: `${this.env.SLRT_AGENCY_NAME} ${kabName}`,
    };
    const fileName = `laporan-slrt-${kabKota.replace('.', '')}-${month}.${format}`;
    if (format === 'xlsx') return { fileName, content: await reportXlsx(heading, tables), dataUpTo };
    const signDate = localDate(to, tz);
    const content = await reportPdf(
      heading,
      {
        government: this.env.SLRT_GOVERNMENT_NAME,
        agency: this.env.SLRT_AGENCY_NAME,
        addressLines: this.env.SLRT_OFFICE_ADDRESS.split('|'),
      },
      tables,
      {
        placeAndDate: `${this.env.SLRT_CITY}, ${formatTanggalKalender(signDate)}`,
        title: this.env.REPORTING_SIGNATORY_TITLE,
        name: this.env.REPORTING_SIGNATORY_NAME,
        nip: this.env.REPORTING_SIGNATORY_NIP,
      },
    );
    return { fileName, content, dataUpTo };
  }

  private localDateTime(at: Date): string {
    const tz = this.env.SLRT_TIME_ZONE;
    const c = wallClock(at, tz);
    return `${formatTanggalKalender(c.date)} ${String(c.hour).padStart(2, '0')}.${String(c.minute).padStart(2, '0')} ${TIME_ZONE_ABBREVIATIONS[tz as IndonesianTimeZone]}`;
  }
}
