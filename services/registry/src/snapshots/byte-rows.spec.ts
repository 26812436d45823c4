import { ByteRowReader } from './byte-rows.js';
import { splitCsvLine } from '../files/csv-cells.js';
import { copyLineOrErrors, mapHeader, rowContext } from './snapshot-row.js';
import { syntheticRegistryLines } from '@slrt/testing';

const profile = {
  household_id: 'idbdt',
  nik: 'nik',
  no_kk: 'no_kk',
  name: 'nama',
  birth_date: 'tanggal_lahir',
  sex: 'jenis_kelamin',
  relationship: 'hubungan_keluarga',
  address: 'alamat',
  desa_code: 'desa_kode',
  desil: 'desil',
  pkh: 'pkh',
  bpnt: 'bpnt',
  pbi: 'pbi',
  kip: 'kip',
};
const WEIRD = [
  '',
  ' ',
  '  x  ',
  '6271010000000001',
  '6271014513990001',
  '6271012902010001',
  '1234567890123456',
  '\\a\tb',
  'a"b',
  'Y',
  'ya',
  'TIDAK',
  't',
  'n',
  '2',
  '10',
  '11',
  '01',
  '1990-02-29',
  '2000-02-29',
  ' L ',
  'l',
  'p',
  'X',
  '62.71.01.9999',
  '62.72.01.1001',
  '\u00a0Siti',
  'José Ñ',
  'a\\b',
  'tab\there',
];

describe('ByteRowReader', () => {
  it('writes exactly the COPY line of the string path for rows it takes, and leaves every other row to it', () => {
    let seed = 12345;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const [header, ...rows] = [...syntheticRegistryLines({ rows: 3_000, seed: 8, badEvery: 50 })];
    const fileHeader = `idbdt,${header!}`;
    const { map } = mapHeader(fileHeader, profile);
    const fastCtx = rowContext('62.71', '2026-11-29');
    const slowCtx = rowContext('62.71', '2026-11-29');
    const reader = new ByteRowReader(map, fastCtx, 44);
    const out = Buffer.alloc(4096);
    let taken = 0;
    let accepted = 0;
    rows.forEach((row, i) => {
      const cells = [i % 3 === 0 ? '' : `RT-${i}`, ...splitCsvLine(row, ',')];
      if (rnd() < 0.4) cells[Math.floor(rnd() * cells.length)] = WEIRD[Math.floor(rnd() * WEIRD.length)]!;
      const line = Buffer.from(
        cells.map((c) => (/[",]/.test(c) || rnd() < 0.1 ? `"${c.replace(/"/g, '""')}"` : c)).join(','),
      );
      const n = i + 2;
      const slow = copyLineOrErrors(splitCsvLine(line.toString(), ','), n, map, slowCtx);
      // The string path runs first on both contexts, so the fast one learns the regions it is certain of.
      copyLineOrErrors(splitCsvLine(line.toString(), ','), n, map, fastCtx);
      const end = reader.tryLine(line, 0, line.length, n, out, 0);
      if (typeof slow === 'string') accepted++;
      if (end < 0) return;
      taken++;
      expect(typeof slow).toBe('string');
      expect(out.subarray(0, end).toString()).toBe(`${slow as string}\t${n}\n`);
      expect(line.subarray(reader.nikAt, reader.nikAt + 16).toString()).toBe(cells[1]!.trim());
    });
    // Most good rows take the fast path.
    expect(taken).toBeGreaterThan(accepted * 0.8);
  });
});
