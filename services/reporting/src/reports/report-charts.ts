import type { Pdf } from '@slrt/documents';
import type { ReportTable } from './report-tables.js';

/** A series of a chart: the table column it is read from, its name in the legend, its colour. */
interface Series {
  header: string;
  name: string;
  color: string;
}

/** A horizontal bar chart of a report table: one bar group per row, read by column header. */
export interface ChartSpec {
  title: string;
  /** The table (by sheet name) the chart is drawn from: the chart shows the table's own numbers. */
  sheet: string;
  /** Column holding each bar's label. */
  label: string;
  series: Series[];
  /** Grouped bars side by side, or stacked into one bar per row. */
  layout: 'grouped' | 'stacked';
}

/**
 * Colours that stay apart for the colour-blind (Okabe–Ito) and in greyscale print (light to dark),
 * each darker than 3:1 against white so the bars read on paper.
 */
const BLUE = '#0072B2';
const ORANGE = '#D55E00';
const GREEN = '#009E73';
const AMBER = '#B8860B';
const RED = '#A50026';

/** The charts of the monthly report, each drawn from one of its tables. */
export const MONTHLY_CHARTS: ChartSpec[] = [
  {
    title: 'Pengaduan diterima dan selesai per kecamatan',
    sheet: 'Ringkasan',
    label: 'Kecamatan',
    series: [
      { header: 'Pengaduan diterima', name: 'Diterima', color: BLUE },
      { header: 'Selesai', name: 'Selesai', color: GREEN },
    ],
    layout: 'grouped',
  },
  {
    title: 'Rujukan dan tanggapan per pemilik program',
    sheet: 'Pemilik Program',
    label: 'Pemilik program',
    series: [
      { header: 'Rujukan dikirim', name: 'Rujukan dikirim', color: BLUE },
      { header: 'Tanggapan', name: 'Tanggapan', color: ORANGE },
    ],
    layout: 'grouped',
  },
  {
    title: 'Kasus terbuka menurut tenggat per kecamatan',
    sheet: 'Tenggat',
    label: 'Kecamatan',
    series: [
      { header: 'Sesuai jadwal', name: 'Sesuai jadwal', color: GREEN },
      { header: 'Hampir lewat tenggat', name: 'Hampir lewat', color: AMBER },
      { header: 'Lewat tenggat', name: 'Lewat tenggat', color: RED },
    ],
    layout: 'stacked',
  },
];

/** Most bars in one chart; the smallest rows beyond are summed into "Lainnya". */
const MAX_BARS = 12;

export interface ChartData {
  title: string;
  series: Series[];
  layout: ChartSpec['layout'];
  bars: Array<{ label: string; values: number[] }>;
}

/** The numbers a chart shows, read from its table (rows with nothing to show left out). */
export function chartData(spec: ChartSpec, tables: ReportTable[]): ChartData | null {
  const t = tables.find((x) => x.sheet === spec.sheet);
  if (!t) return null;
  const col = (header: string) => t.columns.findIndex((c) => c.header === header);
  const labelAt = col(spec.label);
  const at = spec.series.map((s) => col(s.header));
  if (labelAt < 0 || at.some((i) => i < 0))
    throw new Error(`chart "${spec.title}": a column of ${spec.sheet} is missing`);
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  let bars = t.rows
    .map((r) => ({ label: String(r[labelAt] ?? ''), values: at.map((i) => num(r[i])) }))
    .filter((b) => b.values.some((v) => v > 0));
  if (bars.length > MAX_BARS) {
    // Largest first: by the first series of grouped bars (e.g. complaints received), by the whole bar when stacked.
    const size = (b: { values: number[] }) =>
      spec.layout === 'stacked' ? b.values.reduce((s, v) => s + v, 0) : b.values[0]!;
    const sorted = [...bars].sort((a, b) => size(b) - size(a) || a.label.localeCompare(b.label));
    const rest = sorted.slice(MAX_BARS - 1);
    bars = [
      ...sorted.slice(0, MAX_BARS - 1),
      { label: `Lainnya (${rest.length})`, values: at.map((_, k) => rest.reduce((s, b) => s + b.values[k]!, 0)) },
    ];
  }
  return { title: spec.title, series: spec.series, layout: spec.layout, bars };
}

const fmt = (n: number) => n.toLocaleString('id-ID');

/** Height of one bar group in points. */
const barHeight = (c: ChartData) => (c.layout === 'grouped' ? c.series.length * 7 : 9);

/** Height a chart takes in points (title, bars, legend). */
export function chartHeight(c: ChartData): number {
  const per = barHeight(c) + 5;
  return 16 + Math.max(1, c.bars.length) * per + 22;
}

/**
 * Draws a chart at (x, y) in `width` points: labels left, bars with their values, axis at zero,
 * legend below. Vector only (no fonts beyond the standard ones), so the PDF stays deterministic.
 */
export function drawChart(doc: Pdf, c: ChartData, x: number, y: number, width: number): void {
  doc.font('Helvetica-Bold').fontSize(9).fillColor('#000000').text(c.title, x, y, { width });
  let top = y + 16;
  const labelWidth = Math.min(120, width * 0.32);
  const valueWidth = 34;
  const barLeft = x + labelWidth + 4;
  const barSpace = width - labelWidth - 4 - valueWidth;
  const totals = c.bars.map((b) =>
    c.layout === 'stacked' ? b.values.reduce((s, v) => s + v, 0) : Math.max(...b.values),
  );
  const max = Math.max(1, ...totals);
  const scale = (v: number) => (v / max) * barSpace;
  doc.font('Helvetica').fontSize(7);
  if (!c.bars.length) {
    doc.fillColor('#444444').text('Tidak ada data pada bulan ini.', barLeft, top, { width: barSpace });
    top += 11;
  }
  for (const b of c.bars) {
    const h = barHeight(c);
    doc.fillColor('#000000').text(b.label, x, top + h / 2 - 3.5, {
      width: labelWidth,
      align: 'right',
      lineBreak: false,
      ellipsis: true,
      height: 9,
    });
    if (c.layout === 'grouped') {
      b.values.forEach((v, k) => {
        const by = top + k * 7;
        if (v > 0) doc.rect(barLeft, by, Math.max(0.8, scale(v)), 6).fill(c.series[k]!.color);
        doc
          .fillColor('#000000')
          .fontSize(6)
          .text(fmt(v), barLeft + scale(v) + 2, by, { width: valueWidth, lineBreak: false });
        doc.fontSize(7);
      });
    } else {
      let bx = barLeft;
      b.values.forEach((v, k) => {
        if (v > 0) doc.rect(bx, top, scale(v), 9).fill(c.series[k]!.color);
        bx += scale(v);
      });
      doc
        .fillColor('#000000')
        .fontSize(6.5)
        .text(fmt(b.values.reduce((s, v) => s + v, 0)), bx + 2, top + 1.5, { width: valueWidth, lineBreak: false });
      doc.fontSize(7);
    }
    top += h + 5;
  }
  // Axis at zero.
  doc
    .moveTo(barLeft, y + 14)
    .lineTo(barLeft, top)
    .lineWidth(0.5)
    .strokeColor('#000000')
    .stroke();
  // Legend.
  let lx = barLeft;
  const ly = top + 6;
  doc.fontSize(7);
  for (const s of c.series) {
    doc.rect(lx, ly, 8, 7).fill(s.color);
    doc.fillColor('#000000').text(s.name, lx + 11, ly, { lineBreak: false });
    lx += 11 + doc.widthOfString(s.name) + 12;
  }
  doc.fillColor('#000000');
}
