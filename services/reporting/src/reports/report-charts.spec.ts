import { MONTHLY_CHARTS, chartData } from './report-charts.js';
import { reportPdf } from './report-pdf.js';
import type { ReportTable } from './report-tables.js';
import { readPdf } from '@slrt/testing';

const int = (header: string) => ({ header, kind: 'int' as const, width: 10 });
const text = (header: string) => ({ header, kind: 'text' as const, width: 20 });

/** The three tables the charts read, as the monthly report makes them (only the columns used). */
function tables(kecamatan: number): ReportTable[] {
  const kec = Array.from(
    { length: kecamatan },
    (_, i) =>
      [`62.71.0${i}`, `Kecamatan ${i + 1}`, 10 + i, i % 3, (i * 7) % 5, i % 2, i === 3 ? 0 : 1] as Array<
        string | number
      >,
  );
  return [
    {
      sheet: 'Ringkasan',
      title: 'Ringkasan',
      columns: [text('Kode'), text('Kecamatan'), int('Pengaduan diterima'), int('Selesai')],
      rows: kec.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!]),
      total: null,
    },
    {
      sheet: 'Pemilik Program',
      title: 'Pemilik',
      columns: [text('Kode'), text('Pemilik program'), int('Rujukan dikirim'), int('Tanggapan')],
      rows: [
        ['PKH', 'Kemensos (PKH)', 12, 9],
        ['PBI', 'BPJS (PBI)', 0, 0],
      ],
      total: null,
    },
    {
      sheet: 'Tenggat',
      title: 'Tenggat',
      columns: [
        text('Kode'),
        text('Kecamatan'),
        int('Sesuai jadwal'),
        int('Hampir lewat tenggat'),
        int('Lewat tenggat'),
      ],
      rows: kec.map((r) => [r[0]!, r[1]!, r[4]!, r[5]!, r[6]!]),
      total: null,
    },
  ];
}

describe('monthly report charts', () => {
  it('show the numbers of their tables: every row with something to show, totals equal the table’s', () => {
    const t = tables(5);
    const [received, owners, sla] = MONTHLY_CHARTS.map((c) => chartData(c, t)!);
    expect(received!.bars.map((b) => b.label)).toEqual([
      'Kecamatan 1',
      'Kecamatan 2',
      'Kecamatan 3',
      'Kecamatan 4',
      'Kecamatan 5',
    ]);
    expect(received!.bars.reduce((s, b) => s + b.values[0]!, 0)).toBe(10 + 11 + 12 + 13 + 14);
    // An owner with nothing sent nor answered is left out, not drawn as an empty bar.
    expect(owners!.bars).toEqual([{ label: 'Kemensos (PKH)', values: [12, 9] }]);
    expect(sla!.layout).toBe('stacked');
    expect(sla!.bars.flatMap((b) => b.values).reduce((s, v) => s + v, 0)).toBe(
      t[2]!.rows.reduce((s, r) => s + (r[2] as number) + (r[3] as number) + (r[4] as number), 0),
    );
  });

  it('keep a chart readable with many kecamatan: the largest eleven, the rest summed as "Lainnya", nothing dropped', () => {
    const t = tables(20);
    const c = chartData(MONTHLY_CHARTS[0]!, t)!;
    expect(c.bars).toHaveLength(12);
    expect(c.bars[11]!.label).toBe('Lainnya (9)');
    expect(c.bars.reduce((s, b) => s + b.values[0]!, 0)).toBe(t[0]!.rows.reduce((s, r) => s + (r[2] as number), 0));
    expect(c.bars[0]!.label).toBe('Kecamatan 20');
  });

  it('say which column is missing rather than draw a wrong chart', () => {
    const t = tables(2);
    t[0]!.columns[3] = int('Tuntas');
    expect(() => chartData(MONTHLY_CHARTS[0]!, t)).toThrow(/Ringkasan/);
  });

  it('are drawn into the PDF, and the same data gives the same bytes', async () => {
    const heading = {
      title: 'Laporan Kegiatan Bulanan SLRT',
      subtitle: 'Kota Palangka Raya (62.71) — November 2026',
      note: 'Data sampai 1 Desember 2026.',
      createdAt: new Date('2026-12-01T00:00:00Z'),
      author: 'Dinas Sosial',
    };
    const make = () =>
      reportPdf(
        heading,
        { government: 'Pemerintah Kota Palangka Raya', agency: 'Dinas Sosial', addressLines: ['Jl. Contoh 1'] },
        tables(14),
        { placeAndDate: 'Palangka Raya, 1 Desember 2026', title: 'Kepala Dinas', name: '', nip: '' },
      );
    const [a, b] = await Promise.all([make(), make()]);
    expect(a.equals(b)).toBe(true);
    if (process.env.SLRT_WRITE_SAMPLE_PDF)
      (await import('node:fs')).writeFileSync(process.env.SLRT_WRITE_SAMPLE_PDF, a);
    // Each chart's title and legend are text in the PDF (Helvetica, WinAnsi): find them in the content.
    const text = (await readPdf(a)).text;
    for (const c of MONTHLY_CHARTS) expect(text).toContain(c.title);
    expect(text).toContain('Lainnya (3)');
  });
});
