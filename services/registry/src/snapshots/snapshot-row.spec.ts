import { parseKk, parseNik } from '@slrt/domain';
import { ByteLineSplitter, splitCsvInto, splitCsvLine } from '../files/csv-cells.js';
import { CopyTextBuffer, copyText } from './copy-text.js';
import { NikRepeats } from './nik-repeats.js';
import { mapHeader, readRow, rowContext } from './snapshot-row.js';
import { BAD_ROW_KINDS, DTSEN_HEADER, syntheticRegistryLines } from '@slrt/testing';

const profile = {
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

describe('snapshot rows', () => {
  it('splits quoted CSV fields with embedded delimiters and quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",', ',')).toEqual(['a', 'b, c', 'say "hi"', '']);
  });

  it('cuts lines into cells as splitCsvLine does, falling back on irregular quoting', () => {
    const out: string[] = ['stale', 'stale', 'stale', 'stale', 'stale', 'stale'];
    for (const line of ['a,"b, c","say ""hi""",', 'a,b', '"x"', '', ',,', 'a"b,c', '"open,x', '"a"b,c', 'a;b;"c;d"']) {
      const delimiter = line.includes(';') ? ';' : ',';
      const n = splitCsvInto(line, delimiter, out);
      expect(out.slice(0, n)).toEqual(splitCsvLine(line, delimiter));
    }
  });

  it('splits chunks into numbered lines across chunk borders, multi-byte characters and CRLF', () => {
    const text = 'judul\r\nSiti Ä\u00e7e,1\r\n\r\nbaris \u20ac tiga\nakhir';
    const bytes = Buffer.from(text);
    const lines: Array<[string, number]> = [];
    const splitter = new ByteLineSplitter();
    const onLine = (b: Buffer, start: number, end: number, n: number) =>
      lines.push([b.toString('utf8', start, end), n]);
    // One byte at a time: every border, including inside the multi-byte characters.
    // One byte at a time through one reused buffer, as readChunks hands them over.
    const reused = Buffer.alloc(1);
    for (let i = 0; i < bytes.length; i++) {
      reused[0] = bytes[i]!;
      splitter.push(reused, onLine);
    }
    splitter.end(onLine);
    expect(lines).toEqual([
      ['judul', 1],
      ['Siti Ä\u00e7e,1', 2],
      ['', 3],
      ['baris \u20ac tiga', 4],
      ['akhir', 5],
    ]);
  });

  it('gathers COPY lines into byte buffers of the asked size', () => {
    const copy = new CopyTextBuffer(16);
    copy.add('satu\tdua');
    copy.add('tiga\tempat');
    copy.add('x'.repeat(40));
    copy.flush();
    expect(copy.ready.map((b) => b.toString())).toEqual(['satu\tdua\n', 'tiga\tempat\n', `${'x'.repeat(40)}\n`]);
  });

  it('reads NIK and KK dates as libs/domain does: women +40, century by today, leap days', () => {
    const { map } = mapHeader('nik,no_kk,nama,desa_kode', profile);
    const today = '2026-11-29';
    const ctx = rowContext('62.71', today);
    const row = (nik: string, kk = '6271011203150001') => readRow([nik, kk, 'Nama', '62.71.01.1001'], 2, map, ctx);
    // A valid NIK first caches the region: the fast path then decides the others.
    for (const nik of ['6271015507900001', '6271012902000001', '6271016902000001', '6271011511260001'])
      expect(row(nik)).toHaveProperty('line');
    for (const nik of [
      '6271012902010001',
      '6271013202900001',
      '6271017202900001',
      '6271015507900000',
      '6271012902250001',
      '0071015507900001',
    ]) {
      const parsed = parseNik(nik, { today });
      expect(parsed.ok).toBe(false);
      const message = parsed.ok ? '' : parsed.errors.map((e) => e.message).join(' ');
      expect(row(nik)).toEqual({ errors: [{ row: 2, column: 'nik', message }] });
    }
    expect(row('6271015507900001', '6271014507150001')).toEqual({
      errors: [
        { row: 2, column: 'no_kk', message: 'Tanggal penerbitan pada nomor KK (angka ke-7 sampai ke-12) tidak valid.' },
      ],
    });
  });

  it('suspects a NIK seen before and few others, in fixed memory', () => {
    const repeats = new NikRepeats();
    const niks = [...syntheticRegistryLines({ rows: 50_000, seed: 4 })].slice(1).map((l) => l.slice(0, 16));
    for (const nik of niks) repeats.add(nik);
    expect(repeats.suspects.size).toBeLessThan(10);
    repeats.add(niks[123]!);
    expect(repeats.suspects.has(niks[123]!)).toBe(true);
    const small = new NikRepeats(2);
    for (const nik of [niks[0]!, niks[0]!, niks[1]!, niks[1]!, niks[2]!, niks[2]!]) small.add(nik);
    expect(small.overflow).toBe(true);
    expect(small.suspects.size).toBe(0);
  });

  it('escapes COPY text specials and writes null as \\N', () => {
    expect(copyText('a\tb\\c\nd')).toBe('a\\tb\\\\c\\nd');
    expect(copyText(null)).toBe('\\N');
  });

  it('lists required headers the file lacks', () => {
    expect(mapHeader('nama;desa_kode', profile).missing).toEqual(['nik', 'no_kk']);
  });

  it('accepts every good generated row and rejects exactly the injected bad ones', () => {
    const [header, ...rows] = [...syntheticRegistryLines({ rows: 400, seed: 3, badEvery: 10 })];
    const { map } = mapHeader(header!, profile);
    const rejected = rows
      .map((r, i) => readRow(splitCsvLine(r, ','), i + 2, map, rowContext('62.71')))
      .filter((r) => 'errors' in r);
    expect(rejected).toHaveLength(40);
    expect(rejected.map((r) => ('errors' in r ? r.errors[0]!.column : '')).slice(0, 4)).toEqual([...BAD_ROW_KINDS]);
  });
});

describe('syntheticRegistryLines', () => {
  it('is deterministic by seed, valid, unique by NIK, both sexes, desa in 62.71', () => {
    const a = [...syntheticRegistryLines({ rows: 3_000, seed: 9 })];
    expect([...syntheticRegistryLines({ rows: 3_000, seed: 9 })]).toEqual(a);
    expect(a[0]).toBe(DTSEN_HEADER.join(','));
    const rows = a.slice(1).map((l) => splitCsvLine(l, ','));
    expect(rows).toHaveLength(3_000);
    expect(new Set(rows.map((r) => r[0])).size).toBe(3_000);
    expect(rows.every((r) => parseNik(r[0]!).ok && parseKk(r[1]!).ok && r[7]!.startsWith('62.71.'))).toBe(true);
    expect(new Set(rows.map((r) => r[4]))).toEqual(new Set(['L', 'P']));
    expect(rows.every((r) => r[8] === '' || (Number(r[8]) >= 1 && Number(r[8]) <= 10))).toBe(true);
  });
});
