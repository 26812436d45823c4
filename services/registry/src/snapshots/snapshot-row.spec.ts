import { parseKk, parseNik } from '@slrt/domain';
import { copyText, mapHeader, readRow, rowContext, splitCsvLine } from './snapshot-row.js';
import { BAD_ROW_KINDS, DTSEN_HEADER, syntheticRegistryLines } from './synthetic.js';

const profile = { nik: 'nik', no_kk: 'no_kk', name: 'nama', birth_date: 'tanggal_lahir', sex: 'jenis_kelamin', relationship: 'hubungan_keluarga', address: 'alamat', desa_code: 'desa_kode', desil: 'desil', pkh: 'pkh', bpnt: 'bpnt', pbi: 'pbi', kip: 'kip' };

describe('snapshot rows', () => {
  it('splits quoted CSV fields with embedded delimiters and quotes', () => {
    expect(splitCsvLine('a,"b, c","say ""hi""",', ',')).toEqual(['a', 'b, c', 'say "hi"', '']);
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
    const rejected = rows.map((r, i) => readRow(splitCsvLine(r, ','), i + 2, map, rowContext('62.71'))).filter((r) => 'errors' in r);
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
