import { createRequire } from 'node:module';
import type ExcelJSModule from 'exceljs';
import type { ReportTable } from './report-tables.js';

const require = createRequire(import.meta.url);
let excel: typeof ExcelJSModule | undefined;

/**
 * exceljs, loaded on the first XLSX report: loading it at start cost every reporting process
 * ~20 MB of resident memory and ~0.35 s of CPU (bench/README.md, 2026-12-01), for a report that is
 * seldom asked for.
 */
function excelJs(): typeof ExcelJSModule {
  excel ??= require('exceljs') as typeof ExcelJSModule;
  return excel;
}

export interface ReportHeading {
  /** E.g. `Laporan Kegiatan Bulanan SLRT`. */
  title: string;
  /** E.g. `Kota Palangka Raya — November 2026`. */
  subtitle: string;
  /** E.g. `Data sampai 1 Desember 2026 08.00 WIB`. */
  note: string;
  /** Workbook creation date, from the data (never the clock). */
  createdAt: Date;
  author: string;
}

/**
 * Sets every DOS date and time in a ZIP (local headers and central directory) to `at`. exceljs's
 * zip library stamps each entry with the clock; the same report must be the same bytes.
 */
export function stampZip(zip: Buffer, at: Date): Buffer {
  const out = Buffer.from(zip);
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | Math.floor(at.getUTCSeconds() / 2);
  const date = ((Math.max(at.getUTCFullYear(), 1980) - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  // The end-of-central-directory record (no archive comment is written, but search back for one anyway).
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 0xffff); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error('broken ZIP central directory');
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error('broken ZIP local header');
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

/** The report as a workbook: one sheet per table, numbers as numbers, a `Jumlah` row where the table has one. */
export async function reportXlsx(heading: ReportHeading, tables: ReportTable[]): Promise<Buffer> {
  const wb = new (excelJs().Workbook)();
  wb.creator = heading.author;
  wb.lastModifiedBy = heading.author;
  wb.created = heading.createdAt;
  wb.modified = heading.createdAt;
  wb.title = heading.title;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.sheet.slice(0, 31));
    ws.columns = t.columns.map((c) => ({ width: c.width + 2 }));
    ws.addRow([heading.title]).font = { bold: true, size: 13 };
    ws.addRow([heading.subtitle]).font = { bold: true };
    ws.addRow([t.title]);
    ws.addRow([heading.note]).font = { italic: true, size: 9 };
    ws.addRow([]);
    const head = ws.addRow(t.columns.map((c) => c.header));
    head.font = { bold: true };
    head.alignment = { wrapText: true, vertical: 'middle' };
    for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? null : v)));
    if (t.total) ws.addRow(t.total).font = { bold: true };
    t.columns.forEach((c, i) => {
      if (c.kind === 'int') ws.getColumn(i + 1).numFmt = '#,##0';
      if (c.kind === 'dec') ws.getColumn(i + 1).numFmt = '0.0';
    });
    ws.views = [{ state: 'frozen', ySplit: 6 }];
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return stampZip(buf, heading.createdAt);
}
