import { childrenOf, formatIsoDate, generateKk, generateNik, seededRng, type Rng } from '@slrt/domain';

/**
 * Synthetic DTSEN registry files for tests, demos and benchmarks: households with members,
 * valid NIKs for both sexes, No. KK, desa codes of one kab/kota, desil 1–10 or empty, programme
 * flags. Deterministic by seed; rows are yielded one at a time so millions of rows take constant
 * memory. Never real personal data: names are drawn from short lists of common words.
 */

/** Header of the DTSEN column profile, in file order. */
export const DTSEN_HEADER = [
  'nik',
  'no_kk',
  'nama',
  'tanggal_lahir',
  'jenis_kelamin',
  'hubungan_keluarga',
  'alamat',
  'desa_kode',
  'desil',
  'pkh',
  'bpnt',
  'pbi',
  'kip',
] as const;

/** Kinds of bad rows the generator can inject (each rejected by the import for one column). */
export const BAD_ROW_KINDS = ['nik', 'desil', 'tanggal_lahir', 'desa_kode'] as const;

export interface SyntheticRegistryOptions {
  /** Number of member rows (not counting the header). */
  rows: number;
  seed?: number;
  /** Dotted kab/kota code whose desa the households live in; default `62.71`. */
  kabKotaCode?: string;
  /** Every n-th row (1-based) is bad, cycling through {@link BAD_ROW_KINDS}; 0 = none. */
  badEvery?: number;
}

const FIRST_F = ['Siti', 'Nur', 'Dewi', 'Sri', 'Rina', 'Ani', 'Wati', 'Yuli', 'Lestari', 'Fitri', 'Ayu', 'Indah'];
const FIRST_M = [
  'Budi',
  'Agus',
  'Ahmad',
  'Joko',
  'Rudi',
  'Hendra',
  'Dedi',
  'Andi',
  'Yusuf',
  'Eko',
  'Bambang',
  'Rahmat',
];
const LAST = [
  'Santoso',
  'Aminah',
  'Wijaya',
  'Lestari',
  'Saputra',
  'Hidayat',
  'Rahayu',
  'Pratama',
  'Kusuma',
  'Nugroho',
  'Setiawan',
  'Handayani',
];
const STREETS = ['Jl. Melati', 'Jl. Kenanga', 'Jl. Mawar', 'Jl. Cempaka', 'Jl. Anggrek', 'Jl. Flamboyan'];

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const two = (n: number) => String(n).padStart(2, '0');

/** A birth date `age` years before 2026 with a random month and day (day ≤ 28: always real). */
function birthDate(rng: Rng, age: number): string {
  return formatIsoDate({ year: 2026 - age, month: 1 + Math.floor(rng() * 12), day: 1 + Math.floor(rng() * 28) });
}

/** CSV lines (header first, no line terminators) of a synthetic DTSEN file. */
export function* syntheticRegistryLines(options: SyntheticRegistryOptions): Generator<string> {
  const rng = seededRng(options.seed ?? 1);
  const kabKota = options.kabKotaCode ?? '62.71';
  const desa = childrenOf(kabKota).flatMap((kec) => childrenOf(kec.code).map((d) => d.code));
  if (desa.length === 0) throw new RangeError(`no desa known under ${kabKota}`);
  // Serials per (region, date, sex): NIKs and KKs stay unique. Bounded by kecamatan × days × 2.
  const serials = new Map<string, number>();
  const nextSerial = (key: string) => {
    const n = (serials.get(key) ?? 0) + 1;
    serials.set(key, n);
    return n;
  };
  yield DTSEN_HEADER.join(',');
  let row = 0;
  let bad = 0;
  while (row < options.rows) {
    const desaCode = pick(rng, desa);
    const kec = desaCode.slice(0, 8);
    const issue = formatIsoDate({
      year: 2005 + Math.floor(rng() * 20),
      month: 1 + Math.floor(rng() * 12),
      day: 1 + Math.floor(rng() * 28),
    });
    const noKk = generateKk({ regionCode: kec, issueDate: issue, serial: nextSerial(`kk${kec}${issue}`) });
    const desil = rng() < 0.1 ? '' : String(1 + Math.floor(rng() * 10));
    const poor = desil !== '' && Number(desil) <= 4;
    const flags = ['pkh', 'bpnt', 'pbi', 'kip'].map((_, i) => (poor && rng() < [0.5, 0.6, 0.8, 0.3][i]! ? '1' : '0'));
    const last = pick(rng, LAST);
    const address = `"${pick(rng, STREETS)} No. ${1 + Math.floor(rng() * 120)}, RT ${two(1 + Math.floor(rng() * 9))}/RW ${two(1 + Math.floor(rng() * 9))}"`;
    const size = 1 + Math.floor(rng() * 5);
    for (let m = 0; m < size && row < options.rows; m++) {
      row++;
      const sex = m === 0 ? (rng() < 0.8 ? 'M' : 'F') : m === 1 ? 'F' : rng() < 0.5 ? 'M' : 'F';
      const age = m < 2 ? 25 + Math.floor(rng() * 50) : Math.floor(rng() * 24);
      const born = birthDate(rng, age);
      const nik = generateNik({ regionCode: kec, birthDate: born, sex, serial: nextSerial(`nik${kec}${born}${sex}`) });
      const name = `${pick(rng, sex === 'F' ? FIRST_F : FIRST_M)} ${last}`;
      const relation = m === 0 ? 'Kepala Keluarga' : m === 1 ? 'Istri' : 'Anak';
      const cells = [nik, noKk, name, born, sex === 'F' ? 'P' : 'L', relation, address, desaCode, desil, ...flags];
      if (options.badEvery && row % options.badEvery === 0) {
        const kind = BAD_ROW_KINDS[bad++ % BAD_ROW_KINDS.length]!;
        if (kind === 'nik') cells[0] = `${nik.slice(0, 6)}00${nik.slice(8)}`; // day 00: no such date
        if (kind === 'desil') cells[8] = '11';
        if (kind === 'tanggal_lahir') cells[3] = `${born.slice(0, 5)}13-01`;
        if (kind === 'desa_kode') cells[7] = '62.71.99.9999';
      }
      yield cells.join(',');
    }
  }
}
