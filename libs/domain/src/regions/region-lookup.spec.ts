import { seededRng } from '../random.js';
import { desaKind, isKota, kabKotaOf, regionLevel } from './region-code.js';
import { desaCodeAt, desaCount, desaIndex, desaLines, upperRegionTables } from './region-data.js';
import {
  childrenOf,
  findRegion,
  preloadRegions,
  randomDesaIn,
  randomRegion,
  regionExists,
  regionStatus,
} from './region-lookup.js';
import { presumedSuccessorCode, retiredRegionOf, retiredRegions } from './retired-regions.js';

describe('region data (idn-area-data, Kemendagri 2025)', () => {
  it('holds the 2025 counts: 38 provinsi, 514 kab/kota, 7,285 kecamatan, 83,762 desa/kelurahan', () => {
    const upper = upperRegionTables();
    expect(upper.provinsi.names.size).toBe(38);
    expect(upper.kabkota.names.size).toBe(514);
    expect(upper.kecamatan.names.size).toBe(7285);
    expect(desaCount()).toBe(83762);
  });

  it('loads each table once per process, eagerly with preloadRegions', () => {
    preloadRegions();
    expect(upperRegionTables()).toBe(upperRegionTables());
    expect(desaIndex()).toBe(desaIndex());
  });

  const allDesaCodes = (): string[] => {
    const { kecamatanCodes, linesByKecamatan } = desaIndex();
    return kecamatanCodes.flatMap((k) => desaLines(linesByKecamatan.get(k)!).map(([code]) => code));
  };

  it('lists codes sorted, each valid at its level and under an existing parent', () => {
    const upper = upperRegionTables();
    const levels = [
      ['provinsi', upper.provinsi.codes],
      ['kabkota', upper.kabkota.codes],
      ['kecamatan', upper.kecamatan.codes],
      ['desa', allDesaCodes()],
    ] as const;
    for (const [level, codes] of levels) {
      expect([...codes].sort()).toEqual(codes);
      const bad = codes.filter(
        (c) => regionLevel(c) !== level || (level !== 'provinsi' && !regionExists(c.slice(0, c.lastIndexOf('.')))),
      );
      expect(bad).toEqual([]);
    }
  });

  it('numbers desa in code order, each findable by its code', () => {
    const codes = allDesaCodes();
    expect(codes).toHaveLength(83762);
    for (const i of [0, 1, 11, 12, 5000, 41881, 83760, 83761]) {
      expect(desaCodeAt(i)).toBe(codes[i]);
      expect(regionExists(codes[i]!)).toBe(true);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('unquotes CSV names holding commas or quotes and keeps non-ASCII letters', () => {
    expect(findRegion('12.07.28.1007')?.name).toBe('Lubuk Pakam I,II');
    expect(findRegion('35.13.15.2017')?.name).toBe('Soka"an');
    expect(findRegion('53.07.01.2021')?.name).toBe('Regapu’u');
  });

  it('has a desa kind for every desa and a kota name exactly for kab/kota numbers 71–99', () => {
    expect(allDesaCodes().filter((c) => desaKind(c) === null)).toEqual([]);
    const mismatched = upperRegionTables().kabkota.codes.filter(
      (c) => isKota(c) !== findRegion(c)!.name.startsWith('Kota'),
    );
    expect(mismatched).toEqual([]);
  });
});

describe(findRegion.name, () => {
  it.each([
    ['62', { code: '62', name: 'Kalimantan Tengah', level: 'provinsi', parentCode: null }],
    ['62.71', { code: '62.71', name: 'Kota Palangkaraya', level: 'kabkota', parentCode: '62' }],
    ['62.71.01', { code: '62.71.01', name: 'Pahandut', level: 'kecamatan', parentCode: '62.71' }],
    ['62.71.01.1001', { code: '62.71.01.1001', name: 'Pahandut', level: 'desa', parentCode: '62.71.01' }],
  ])('finds %s with its name, level and parent', (code, region) => {
    expect(findRegion(code)).toEqual(region);
    expect(regionExists(code)).toBe(true);
  });

  it.each(['62.98', '62.71.99', '62.71.01.9999', '91.01', '627101', 'x'])(
    'returns null for %j (unknown, retired or not dotted)',
    (code) => {
      expect(findRegion(code)).toBeNull();
      expect(regionExists(code)).toBe(false);
    },
  );
});

describe(regionStatus.name, () => {
  it.each([
    ['62.71.01', 'current'],
    ['93.01.01', 'current'],
    ['91.03.01', 'current'],
    ['91.01', 'retired'],
    ['91.01.01', 'retired'],
    ['92.71.01.1001', 'retired'],
    ['91.29.01', 'unknown'],
    ['62.71.99', 'unknown'],
    ['bad', 'unknown'],
  ])('classifies %s as %s', (code, status) => {
    expect(regionStatus(code)).toBe(status);
  });
});

describe(retiredRegions.name, () => {
  it('lists only codes absent from the current list whose successor exists under 93–96', () => {
    const retired = retiredRegions();
    expect(retired.length).toBeGreaterThan(0);
    for (const r of retired) {
      expect(regionLevel(r.code)).toBe('kabkota');
      expect(['91', '92']).toContain(r.code.slice(0, 2));
      expect(regionExists(r.code)).toBe(false);
      expect(findRegion(r.successorCode)?.name).toBe(r.name);
      expect(['93', '94', '95', '96']).toContain(r.successorCode.slice(0, 2));
      expect(isKota(r.code)).toBe(isKota(r.successorCode));
    }
  });

  it('covers every kab/kota of the new Papua provinces exactly once', () => {
    const successors = retiredRegions()
      .map((r) => r.successorCode)
      .sort();
    const newKabKota = upperRegionTables().kabkota.codes.filter((c) =>
      ['93', '94', '95', '96'].includes(c.slice(0, 2)),
    );
    expect(successors).toEqual(newKabKota);
  });

  it('leaves no gap: old Papua and Papua Barat numbers are either still current or retired', () => {
    const stillCurrent = upperRegionTables().kabkota.codes.filter((c) => c.startsWith('91.') || c.startsWith('92.'));
    const kabupaten = [...stillCurrent, ...retiredRegions().map((r) => r.code)].filter((c) => !isKota(c));
    const byProvince = (p: string) =>
      kabupaten
        .filter((c) => c.startsWith(`${p}.`))
        .map((c) => Number(c.slice(3)))
        .sort((a, b) => a - b);
    expect(byProvince('91')).toEqual(Array.from({ length: 28 }, (_, i) => i + 1));
    expect(byProvince('92')).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });
});

describe(retiredRegionOf.name, () => {
  it('finds the retired kab/kota of a code below it and presumes its successor keeps the trailing digits', () => {
    expect(retiredRegionOf('91.01.05')?.successorCode).toBe('93.01');
    expect(presumedSuccessorCode('91.01.05')).toBe('93.01.05');
    expect(presumedSuccessorCode('92.71.01.1001')).toBe('96.71.01.1001');
    expect(retiredRegionOf('91.03.01')).toBeNull();
    expect(presumedSuccessorCode('62.71.01')).toBeNull();
  });
});

describe(childrenOf.name, () => {
  it('lists provinces for null, and the children of a code in code order', () => {
    expect(childrenOf(null)).toHaveLength(38);
    const kecamatan = childrenOf('62.71');
    expect(kecamatan.map((r) => r.code)).toEqual(['62.71.01', '62.71.02', '62.71.03', '62.71.04', '62.71.05']);
    expect(kecamatan.every((r) => r.level === 'kecamatan' && r.parentCode === '62.71')).toBe(true);
    const desa = childrenOf('62.71.01');
    expect(desa[0]).toEqual({ code: '62.71.01.1001', name: 'Pahandut', level: 'desa', parentCode: '62.71.01' });
    expect(desa.every((r) => r.code.startsWith('62.71.01.'))).toBe(true);
  });

  it('is empty for a desa, an unknown code and bad syntax', () => {
    expect(childrenOf('62.71.01.1001')).toEqual([]);
    expect(childrenOf('62.98')).toEqual([]);
    expect(childrenOf('6271')).toEqual([]);
  });
});

describe(randomRegion.name, () => {
  it('picks real desa by default and real kecamatan on request, repeatably for a seed', () => {
    const a = seededRng(7);
    const b = seededRng(7);
    for (let i = 0; i < 50; i++) {
      const desa = randomRegion(a);
      expect(desa.level).toBe('desa');
      expect(regionExists(desa.code)).toBe(true);
      expect(randomRegion(b)).toEqual(desa);
    }
    const kecamatan = randomRegion(seededRng(1), 'kecamatan');
    expect(kecamatan.level).toBe('kecamatan');
    expect(regionExists(kecamatan.code)).toBe(true);
  });

  it('stays inside the list at the edges of the rng range', () => {
    expect(randomRegion(() => 0).code).toBe('11.01.01.2001');
    expect(regionExists(randomRegion(() => 0.9999999999).code)).toBe(true);
  });

  it('picks a desa inside a given kecamatan, or null when it has none', () => {
    const desa = randomDesaIn('62.71.01', seededRng(3));
    expect(kabKotaOf(desa!.code)).toBe('62.71');
    expect(desa!.parentCode).toBe('62.71.01');
    expect(randomDesaIn('62.71.99', seededRng(3))).toBeNull();
    expect(randomDesaIn('62.71', seededRng(3))).toBeNull();
  });
});
