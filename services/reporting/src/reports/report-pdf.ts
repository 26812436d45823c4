import { MM, createPdf, finishPdf, type Pdf } from '@slrt/documents';
import { MONTHLY_CHARTS, chartData, chartHeight, drawChart, type ChartData } from './report-charts.js';
import type { ReportTable } from './report-tables.js';
import type { ReportHeading } from './report-xlsx.js';

export interface PdfLetterhead {
  government: string;
  agency: string;
  addressLines: string[];
}

export interface PdfSignature {
  /** E.g. `Palangka Raya, 1 Desember 2026`. */
  placeAndDate: string;
  title: string;
  name: string;
  nip: string;
}

const LANDSCAPE_A4: [number, number] = [841.89, 595.28];
const MARGIN = 15 * MM;

function letterhead(doc: Pdf, l: PdfLetterhead) {
  const w = doc.page.width - 2 * MARGIN;
  doc
    .font('Helvetica-Bold')
    .fontSize(13)
    .text(l.government.toUpperCase(), MARGIN, MARGIN, { width: w, align: 'center' });
  doc.fontSize(12).text(l.agency.toUpperCase(), { width: w, align: 'center' });
  doc.font('Helvetica').fontSize(8.5);
  for (const line of l.addressLines) doc.text(line, { width: w, align: 'center' });
  const y = doc.y + 4;
  doc
    .moveTo(MARGIN, y)
    .lineTo(doc.page.width - MARGIN, y)
    .lineWidth(1.5)
    .stroke();
  doc
    .moveTo(MARGIN, y + 2.5)
    .lineTo(doc.page.width - MARGIN, y + 2.5)
    .lineWidth(0.5)
    .stroke();
  doc.y = y + 10;
}

const fmt = (v: string | number | null, kind: 'text' | 'int' | 'dec') =>
  v === null
    ? '-'
    : kind === 'int' && typeof v === 'number'
      ? v.toLocaleString('id-ID')
      : kind === 'dec' && typeof v === 'number'
        ? v.toLocaleString('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 })
        : String(v);

function table(doc: Pdf, t: ReportTable) {
  const left = MARGIN;
  const full = doc.page.width - 2 * MARGIN;
  const sum = t.columns.reduce((s, c) => s + c.width, 0);
  const widths = t.columns.map((c) => (c.width / sum) * full);
  const bottom = doc.page.height - MARGIN;
  const pad = 2.5;
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(7.5);
    const h =
      Math.max(...t.columns.map((c, i) => doc.heightOfString(c.header, { width: widths[i]! - 2 * pad }))) + 2 * pad;
    let x = left;
    const y = doc.y;
    t.columns.forEach((c, i) => {
      doc.rect(x, y, widths[i]!, h).fillAndStroke('#e8e8e8', '#000000');
      doc.fillColor('#000000').text(c.header, x + pad, y + pad, {
        width: widths[i]! - 2 * pad,
        align: c.kind === 'text' ? 'left' : 'center',
      });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  const row = (r: Array<string | number | null>, bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    const h =
      Math.max(...r.map((v, i) => doc.heightOfString(fmt(v, t.columns[i]!.kind), { width: widths[i]! - 2 * pad }))) +
      2 * pad;
    if (doc.y + h > bottom) {
      doc.addPage();
      doc.y = MARGIN;
      header();
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(7.5);
    }
    let x = left;
    const y = doc.y;
    r.forEach((v, i) => {
      doc.rect(x, y, widths[i]!, h).lineWidth(0.4).stroke();
      doc.text(fmt(v, t.columns[i]!.kind), x + pad, y + pad, {
        width: widths[i]! - 2 * pad,
        align: t.columns[i]!.kind === 'text' ? 'left' : 'right',
      });
      x += widths[i]!;
    });
    doc.y = y + h;
  };
  if (doc.y + 60 > bottom) {
    doc.addPage();
    doc.y = MARGIN;
  }
  doc.font('Helvetica-Bold').fontSize(10).text(t.title, left, doc.y, { width: full });
  doc.moveDown(0.3);
  header();
  if (!t.rows.length)
    row(
      t.columns.map((c, i) => (i === 0 ? 'Tidak ada data' : c.kind === 'int' ? 0 : null)),
      false,
    );
  for (const r of t.rows) row(r, false);
  if (t.total) row(t.total, true);
  doc.y += 14;
}

/** The charts, two side by side per row, each drawn from its table's numbers. */
function charts(doc: Pdf, list: ChartData[]) {
  const full = doc.page.width - 2 * MARGIN;
  const gap = 24;
  const width = (full - gap) / 2;
  for (let i = 0; i < list.length; i += 2) {
    const row = list.slice(i, i + 2);
    const height = Math.max(...row.map(chartHeight));
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      doc.y = MARGIN;
    }
    const y = doc.y;
    row.forEach((c, k) => drawChart(doc, c, MARGIN + k * (width + gap), y, width));
    doc.y = y + height + 8;
  }
  doc.y += 6;
}

/**
 * The report as a PDF: letterhead, title, charts of the main tables, each table (header repeated on a new page), signature
 * block. Metadata and file ID come from `heading.createdAt`: the same report is the same bytes.
 */
export async function reportPdf(
  heading: ReportHeading,
  l: PdfLetterhead,
  tables: ReportTable[],
  sign: PdfSignature,
): Promise<Buffer> {
  const doc = createPdf(LANDSCAPE_A4, MARGIN, {
    title: `${heading.title} — ${heading.subtitle}`,
    subject: heading.title,
    author: heading.author,
    createdAt: heading.createdAt,
  });
  letterhead(doc, l);
  const w = doc.page.width - 2 * MARGIN;
  doc
    .font('Helvetica-Bold')
    .fontSize(12)
    .text(heading.title.toUpperCase(), MARGIN, doc.y, { width: w, align: 'center' });
  doc.font('Helvetica').fontSize(10).text(heading.subtitle, { width: w, align: 'center' });
  doc.fontSize(8).fillColor('#444444').text(heading.note, { width: w, align: 'center' }).fillColor('#000000');
  doc.moveDown(1);
  charts(
    doc,
    MONTHLY_CHARTS.map((c) => chartData(c, tables)).filter((c): c is ChartData => c !== null),
  );
  for (const t of tables) table(doc, t);
  if (doc.y + 110 > doc.page.height - MARGIN) {
    doc.addPage();
    doc.y = MARGIN;
  }
  const x = doc.page.width - MARGIN - 230;
  doc.font('Helvetica').fontSize(9.5);
  doc.text(sign.placeAndDate, x, doc.y + 6, { width: 230, align: 'center' });
  doc.text(sign.title, x, doc.y, { width: 230, align: 'center' });
  doc.y += 48;
  doc.font('Helvetica-Bold').text(sign.name || '(.............................................)', x, doc.y, {
    width: 230,
    align: 'center',
    underline: Boolean(sign.name),
  });
  doc.font('Helvetica').text(`NIP ${sign.nip || '.............................................'}`, x, doc.y, {
    width: 230,
    align: 'center',
  });
  return finishPdf(doc);
}
